"""Each invited agency's agenda item: added in its place when first invited, dropped unused."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from chairdesk.domain import AgendaKind, AgendaStatus, ParticipantRole
from chairdesk.models import AgendaItem, Conference, Entry, Participant
from chairdesk.services.common import is_childrens_social_care

# Agency items follow these in every agenda template.
_BEFORE_AGENCIES = (
    AgendaKind.OPENING,
    AgendaKind.FAMILY_TREE,
    AgendaKind.PARENTS_VIEWS,
    AgendaKind.PROGRESS_REVIEW,
)


def agenda_items(session: Session, conference: Conference) -> list[AgendaItem]:
    """The conference's agenda in order."""
    return list(
        session.scalars(
            select(AgendaItem)
            .where(AgendaItem.conference_id == conference.id)
            .order_by(AgendaItem.position, AgendaItem.id)
        )
    )


def ensure_agency_item(session: Session, conference: Conference, participant: Participant) -> None:
    """An agenda item for the professional's agency, unless the agency already has one."""
    agency = participant.agency
    if participant.role != ParticipantRole.PROFESSIONAL or not agency:
        return
    items = agenda_items(session, conference)
    agencies = [i for i in items if i.kind == AgendaKind.AGENCY]
    if any(i.agency.casefold() == agency.casefold() for i in agencies):
        return
    if (
        agencies
        and is_childrens_social_care(agency)
        and all(i.status == AgendaStatus.PENDING for i in agencies)
    ):
        # Children's social care speaks first among the agencies, as build_agenda orders them.
        index = items.index(agencies[0])
    elif agencies:
        index = items.index(agencies[-1]) + 1
    else:
        before = [n for n, i in enumerate(items) if i.kind in _BEFORE_AGENCIES]
        index = before[-1] + 1 if before else len(items)
    item = AgendaItem(
        conference_id=conference.id,
        kind=AgendaKind.AGENCY,
        title=agency,
        agency=agency,
        participant_id=participant.id,
        position=0,
    )
    items.insert(index, item)
    session.add(item)
    for position, each in enumerate(items):
        each.position = position


def drop_unused_agency_item(session: Session, conference: Conference, agency: str) -> None:
    """The agency's item goes when nobody from it is invited and nothing was said under it."""
    remaining = session.scalars(
        select(Participant.agency).where(Participant.conference_id == conference.id)
    )
    if not agency or any(other.casefold() == agency.casefold() for other in remaining):
        return
    items = agenda_items(session, conference)
    for item in items:
        if (
            item.kind == AgendaKind.AGENCY
            and item.agency.casefold() == agency.casefold()
            and item.status == AgendaStatus.PENDING
            and session.scalar(select(Entry.id).where(Entry.agenda_item_id == item.id)) is None
        ):
            session.delete(item)
            items.remove(item)
            for position, each in enumerate(items):
                each.position = position
            return
