"""Creating conferences for a family, and finding them again: lists, search, summaries."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from chairdesk import paths
from chairdesk.domain import (
    AgendaKind,
    Attendance,
    ConferenceKind,
    ConferenceStatus,
    MeetingModel,
    ParticipantRole,
    PersonRole,
)
from chairdesk.errors import ValidationError
from chairdesk.models import (
    AgendaItem,
    Conference,
    Family,
    Participant,
    Person,
    SocialWorkerAllocation,
)
from chairdesk.services import audit, listing
from chairdesk.services.base import ServiceContext
from chairdesk.services.common import is_childrens_social_care, load_conference
from chairdesk.views import ConferenceSummary

CHILD_ROLES = (PersonRole.CHILD, PersonRole.UNBORN)


@dataclass(frozen=True)
class NewPerson:
    name: str
    role: PersonRole
    date_of_birth: date | None = None
    due_date: date | None = None
    parental_responsibility: bool = False
    language: str = "English"
    interpreter_needed: bool = False
    address_protected: bool = False
    address: str = ""
    gender: str = ""


@dataclass(frozen=True)
class NewInvitee:
    """Someone invited. Family members point at a NewPerson by its index in `people`."""

    name: str
    role: ParticipantRole
    agency: str = ""
    job_title: str = ""
    person_index: int | None = None


@dataclass(frozen=True)
class NewConference:
    case_reference: str
    family_name: str
    kind: ConferenceKind
    model: MeetingModel
    scheduled_at: datetime
    people: tuple[NewPerson, ...]
    invitees: tuple[NewInvitee, ...] = ()
    address: str = ""
    venue: str = ""
    chair_name: str = ""
    minute_taker_name: str = ""
    strategy_discussion_on: date | None = None
    lead_social_worker: str = ""
    social_worker_team: str = ""


@cache
def _templates() -> dict[str, list[dict[str, Any]]]:
    data = json.loads(paths.resource("templates", "agenda.json").read_text(encoding="utf-8"))
    templates: dict[str, list[dict[str, Any]]] = data["templates"]
    return templates


def agency_order(participants: Sequence[Participant]) -> list[tuple[str, int]]:
    """Each invited agency once, children's social care first, then in invitation order."""
    seen: dict[str, int] = {}
    for participant in participants:
        if participant.role == ParticipantRole.PROFESSIONAL and participant.agency:
            seen.setdefault(participant.agency, participant.id)
    ordered = sorted(seen.items(), key=lambda item: not is_childrens_social_care(item[0]))
    return ordered


def build_agenda(conference: Conference, participants: Sequence[Participant]) -> list[AgendaItem]:
    """The model's agenda: parents' views first after the opening, one item per agency."""
    items: list[AgendaItem] = []
    is_review = conference.kind == ConferenceKind.REVIEW
    for step in _templates()[conference.model.value]:
        if step.get("review_only") and not is_review:
            continue
        kind = AgendaKind(step["kind"])
        if kind == AgendaKind.AGENCY:
            for agency, participant_id in agency_order(participants):
                items.append(
                    AgendaItem(
                        conference_id=conference.id,
                        kind=kind,
                        title=step["title"].format(agency=agency),
                        position=len(items),
                        agency=agency,
                        participant_id=participant_id,
                    )
                )
            continue
        items.append(
            AgendaItem(
                conference_id=conference.id, kind=kind, title=step["title"], position=len(items)
            )
        )
    return items


def to_summary(session: Session, conference: Conference) -> ConferenceSummary:
    family = session.get(Family, conference.family_id)
    assert family is not None
    children = session.scalars(
        select(Person.name)
        .where(Person.family_id == family.id, Person.role.in_(CHILD_ROLES))
        .order_by(Person.id)
    ).all()
    return ConferenceSummary(
        id=conference.id,
        family_id=family.id,
        case_reference=family.case_reference,
        family_name=family.family_name,
        kind=conference.kind,
        model=conference.model,
        scheduled_at=conference.scheduled_at,
        venue=conference.venue,
        status=conference.status,
        children=tuple(children),
        previous_id=conference.previous_id,
    )


def _summaries(
    session: Session, conferences: Sequence[Conference]
) -> tuple[ConferenceSummary, ...]:
    """Summaries in one pass: families and children fetched once, not per row."""
    family_ids = {c.family_id for c in conferences}
    if not family_ids:
        return ()
    families = {f.id: f for f in session.scalars(select(Family).where(Family.id.in_(family_ids)))}
    children: dict[int, list[str]] = {}
    for family_id, name in session.execute(
        select(Person.family_id, Person.name)
        .where(Person.family_id.in_(family_ids), Person.role.in_(CHILD_ROLES))
        .order_by(Person.id)
    ):
        children.setdefault(family_id, []).append(name)
    return tuple(
        ConferenceSummary(
            id=c.id,
            family_id=c.family_id,
            case_reference=families[c.family_id].case_reference,
            family_name=families[c.family_id].family_name,
            kind=c.kind,
            model=c.model,
            scheduled_at=c.scheduled_at,
            venue=c.venue,
            status=c.status,
            children=tuple(children.get(c.family_id, ())),
            previous_id=c.previous_id,
        )
        for c in conferences
    )


class ConferenceService:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context

    def create(self, new: NewConference) -> ConferenceSummary:
        """A new family and its conference (initial, pre-birth or transfer-in).

        Raises:
            ValidationError: a review (it starts from a previous conference), no child, a
                blank case reference, family name or person's name, or text no database can
                store (a broken or null character, a name over 500 characters).
        """
        if new.kind == ConferenceKind.REVIEW:
            raise ValidationError("a review starts from a previous conference, not from scratch")
        if not isinstance(new.case_reference, str) or not isinstance(new.family_name, str):
            raise ValidationError("a conference needs a case reference and a family name")
        if not new.case_reference.strip() or not new.family_name.strip():
            raise ValidationError("a conference needs a case reference and a family name")
        if not any(p.role in CHILD_ROLES for p in new.people):
            raise ValidationError("a conference needs at least one child or unborn child")
        family_fields = _checked_family(new)
        person_fields = [_checked_person(p) for p in new.people]
        invitee_fields = [_checked_invitee(i) for i in new.invitees]
        reference = family_fields["case_reference"]
        with self.context.database.transaction() as session:
            if session.scalar(select(Family.id).where(Family.case_reference == reference)):
                raise ValidationError(f"case reference {reference} is already in use")
            family = Family(
                case_reference=reference,
                family_name=family_fields["family_name"],
                address=family_fields["address"],
            )
            session.add(family)
            session.flush()
            people = [Person(family_id=family.id, **fields) for fields in person_fields]
            session.add_all(people)
            lead = family_fields["lead_social_worker"]
            if lead:
                session.add(
                    SocialWorkerAllocation(
                        family_id=family.id,
                        name=lead,
                        team=family_fields["social_worker_team"],
                        # Allocated by the time the conference is booked, at the latest.
                        from_date=new.strategy_discussion_on
                        or min(self.context.today(), new.scheduled_at.date()),
                    )
                )
            conference = Conference(
                family_id=family.id,
                kind=new.kind,
                model=new.model,
                scheduled_at=new.scheduled_at,
                venue=family_fields["venue"],
                chair_name=family_fields["chair_name"],
                minute_taker_name=family_fields["minute_taker_name"],
                strategy_discussion_on=new.strategy_discussion_on,
                lead_social_worker=lead,
                status=ConferenceStatus.PLANNED,
            )
            session.add(conference)
            session.flush()
            for invitee, fields in zip(new.invitees, invitee_fields, strict=True):
                person = people[invitee.person_index] if invitee.person_index is not None else None
                session.add(
                    Participant(
                        conference_id=conference.id,
                        person_id=person.id if person else None,
                        role=invitee.role,
                        invited=True,
                        attendance=Attendance.INVITED,
                        **fields,
                    )
                )
            session.flush()
            session.add_all(build_agenda(conference, conference.participants))
            audit.record(
                session,
                self.context,
                "conference.create",
                "conference",
                conference.id,
                conference.id,
                {"kind": new.kind.value, "model": new.model.value},
            )
            session.flush()
            return to_summary(session, conference)

    def summary(self, conference_id: int) -> ConferenceSummary:
        with self.context.database.transaction() as session:
            return to_summary(session, load_conference(session, conference_id))

    def list_conferences(self) -> tuple[ConferenceSummary, ...]:
        with self.context.database.transaction() as session:
            rows = session.scalars(
                select(Conference).order_by(Conference.scheduled_at, Conference.id)
            ).all()
            return _summaries(session, rows)

    def list_upcoming(
        self, from_day: date | None = None, limit: int = 100
    ) -> tuple[ConferenceSummary, ...]:
        """Conferences from the start of `from_day` (today), soonest first."""
        return listing.upcoming(self.context.database, from_day or self.context.today(), limit)

    def search(self, text: str, limit: int = 100) -> tuple[ConferenceSummary, ...]:
        """By family name, a child's or parent's name, or case reference; newest first."""
        needle = text.strip()
        if not needle:
            return ()
        pattern = f"%{needle}%"
        with self.context.database.transaction() as session:
            family_ids = select(Family.id).where(
                or_(Family.family_name.ilike(pattern), Family.case_reference.ilike(pattern))
            )
            person_family_ids = select(Person.family_id).where(Person.name.ilike(pattern))
            rows = session.scalars(
                select(Conference)
                .where(
                    or_(
                        Conference.family_id.in_(family_ids),
                        Conference.family_id.in_(person_family_ids),
                    )
                )
                .order_by(Conference.scheduled_at.desc(), Conference.id.desc())
                .limit(limit)
            ).all()
            return _summaries(session, rows)


_PERSON_FIELDS = (
    "role",
    "date_of_birth",
    "due_date",
    "parental_responsibility",
    "interpreter_needed",
    "address_protected",
)
# (field, words for a message, short): free text on the family and the conference.
_FAMILY_TEXT = (
    ("case_reference", "the case reference", True),
    ("family_name", "the family name", True),
    ("address", "the family's address", False),
    ("venue", "the venue", True),
    ("chair_name", "the chair's name", True),
    ("minute_taker_name", "the minute-taker's name", True),
    ("lead_social_worker", "the lead social worker's name", True),
    ("social_worker_team", "the social worker's team", True),
)


def _plain_text(label: str, value: Any, **rules: bool) -> str:
    # actions imports sharing, which imports this module: the one text rule is fetched late.
    from chairdesk.services.actions import plain_text

    return plain_text(label, value, **rules)


def _checked_family(new: NewConference) -> dict[str, str]:
    return {
        key: _plain_text(label, getattr(new, key), short=short)
        for key, label, short in _FAMILY_TEXT
    }


def _checked_person(new: NewPerson) -> dict[str, Any]:
    """A person's details; a name is kept exactly as typed, but never blank or unstorable."""
    what = "an unborn child" if new.role == PersonRole.UNBORN else f"a {new.role.value}"
    fields: dict[str, Any] = {key: getattr(new, key) for key in _PERSON_FIELDS}
    fields["name"] = _plain_text(
        f"the name of {what}", new.name, required=True, short=True, strip=False
    )
    fields["language"] = _plain_text("the language", new.language, short=True)
    fields["gender"] = _plain_text("the gender", new.gender, short=True)
    fields["address"] = _plain_text("the address", new.address)
    return fields


def _checked_invitee(new: NewInvitee) -> dict[str, str]:
    return {
        "name": _plain_text("an invitee's name", new.name, required=True, short=True, strip=False),
        "agency": _plain_text("an invitee's agency", new.agency, short=True),
        "job_title": _plain_text("an invitee's job title", new.job_title, short=True),
    }
