"""Running the meeting: the agenda stepper, parents speaking first, exclusions and the close.

The parents-first rule (DOMAIN.md §3): an agency's item cannot start until the parents' views
item is done (or in progress, when starting the agency's item finishes it), or skipped with a
reason, or the chair has recorded why the parents are not speaking first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from chairdesk.domain import AgendaKind, AgendaStatus, ConferenceStatus
from chairdesk.errors import RuleError, ValidationError
from chairdesk.models import AgendaItem, Conference, Exclusion, Participant
from chairdesk.services import audit
from chairdesk.services.base import ServiceContext
from chairdesk.services.common import load, load_conference
from chairdesk.services.conduct_views import needs_quoracy_choice
from chairdesk.services.conferences import to_summary
from chairdesk.services.entries import require_reason
from chairdesk.services.row_views import agenda_item_view, exclusion_view
from chairdesk.views import AgendaItemView, ConferenceSummary, ExclusionView

PARENTS_FIRST_MESSAGE = (
    "Parents speak first: finish the parents' views, or record why they are not speaking "
    "first, before agencies give their reports."
)
REORDER_MESSAGE = (
    "Parents speak first: an agency's report cannot be moved before the parents' views."
)
CLOSED_STATUSES = (ConferenceStatus.CONCLUDED, ConferenceStatus.ISSUED)


def _agenda(session: Session, conference_id: int) -> list[AgendaItem]:
    return list(
        session.scalars(
            select(AgendaItem)
            .where(AgendaItem.conference_id == conference_id)
            .order_by(AgendaItem.position, AgendaItem.id)
        )
    )


def parents_have_spoken(conference: Conference, agenda: Sequence[AgendaItem]) -> bool:
    """True when agencies may give their reports (see the module docstring)."""
    if conference.parents_not_first_reason.strip():
        return True
    return all(
        item.status in (AgendaStatus.DONE, AgendaStatus.SKIPPED, AgendaStatus.IN_PROGRESS)
        for item in agenda
        if item.kind == AgendaKind.PARENTS_VIEWS
    )


def agencies_after_parents(order: Sequence[AgendaItem]) -> bool:
    """True when no agency item comes before any parents' views item."""
    last_parents = max(
        (i for i, item in enumerate(order) if item.kind == AgendaKind.PARENTS_VIEWS), default=-1
    )
    return not any(item.kind == AgendaKind.AGENCY for item in order[: last_parents + 1])


def _open_conference(session: Session, conference_id: int) -> Conference:
    conference = load_conference(session, conference_id)
    if conference.status in CLOSED_STATUSES:
        raise RuleError(
            f"this conference is {conference.status.value}: its agenda can no longer change"
        )
    return conference


class AgendaService:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context

    def items(self, conference_id: int) -> tuple[AgendaItemView, ...]:
        with self.context.database.transaction() as session:
            load_conference(session, conference_id)
            return tuple(agenda_item_view(a) for a in _agenda(session, conference_id))

    def current_item(self, conference_id: int) -> AgendaItemView | None:
        """The item in progress, or None between items."""
        with self.context.database.transaction() as session:
            load_conference(session, conference_id)
            item = session.scalars(
                select(AgendaItem)
                .where(
                    AgendaItem.conference_id == conference_id,
                    AgendaItem.status == AgendaStatus.IN_PROGRESS,
                )
                .order_by(AgendaItem.position)
                .limit(1)
            ).first()
            return agenda_item_view(item) if item is not None else None

    def start_item(self, item_id: int) -> AgendaItemView:
        """Start an item; any other item in progress is finished as done.

        The first start marks the conference in progress. Raises RuleError for an agency's
        item before the parents have spoken (see the module docstring).
        """
        with self.context.database.transaction() as session:
            item = load(session, AgendaItem, item_id)
            conference = _open_conference(session, item.conference_id)
            agenda = _agenda(session, conference.id)
            if item.kind == AgendaKind.AGENCY and not parents_have_spoken(conference, agenda):
                raise RuleError(PARENTS_FIRST_MESSAGE)
            now = self.context.now()
            for other in agenda:
                if other.id != item.id and other.status == AgendaStatus.IN_PROGRESS:
                    other.status = AgendaStatus.DONE
                    other.ended_at = now
            if conference.status == ConferenceStatus.PLANNED:
                conference.status = ConferenceStatus.IN_PROGRESS
                conference.started_at = now
            item.status = AgendaStatus.IN_PROGRESS
            item.started_at = item.started_at or now
            item.ended_at = None
            audit.record(
                session,
                self.context,
                "agenda.start",
                "agenda_item",
                item.id,
                conference.id,
                {"kind": item.kind.value},
            )
            return agenda_item_view(item)

    def finish_item(self, item_id: int) -> AgendaItemView:
        """Mark the item in progress done. Finishing a done item changes nothing."""
        with self.context.database.transaction() as session:
            item = load(session, AgendaItem, item_id)
            conference = _open_conference(session, item.conference_id)
            if item.status == AgendaStatus.DONE:
                return agenda_item_view(item)
            if item.status != AgendaStatus.IN_PROGRESS:
                raise RuleError(f"'{item.title}' has not started: start it before finishing it")
            item.status = AgendaStatus.DONE
            item.ended_at = self.context.now()
            audit.record(
                session,
                self.context,
                "agenda.finish",
                "agenda_item",
                item.id,
                conference.id,
                {"kind": item.kind.value},
            )
            return agenda_item_view(item)

    def skip_item(self, item_id: int, reason: str) -> AgendaItemView:
        """Skip a pending or running item; the reason goes in the record."""
        why = require_reason(reason, "say why this item is skipped: the record needs a reason")
        with self.context.database.transaction() as session:
            item = load(session, AgendaItem, item_id)
            conference = _open_conference(session, item.conference_id)
            if item.status == AgendaStatus.DONE:
                raise RuleError(f"'{item.title}' is already done, so it cannot be skipped")
            if item.status == AgendaStatus.IN_PROGRESS:
                item.ended_at = self.context.now()
            item.status = AgendaStatus.SKIPPED
            item.reason = _with_reason(item.reason, why)
            audit.record(
                session,
                self.context,
                "agenda.skip",
                "agenda_item",
                item.id,
                conference.id,
                {"kind": item.kind.value},
            )
            return agenda_item_view(item)

    def reorder_item(self, item_id: int, new_position: int, reason: str) -> AgendaItemView:
        """Move an item to `new_position` (0 is first); the others close up around it."""
        why = require_reason(reason, "say why this item is moved: the record needs a reason")
        if isinstance(new_position, bool) or not isinstance(new_position, int):
            raise ValidationError("the new position must be a whole number")
        with self.context.database.transaction() as session:
            item = load(session, AgendaItem, item_id)
            conference = _open_conference(session, item.conference_id)
            order = [a for a in _agenda(session, conference.id) if a.id != item.id]
            if not 0 <= new_position <= len(order):
                raise ValidationError(
                    f"the new position must be from 1 to {len(order) + 1}, not {new_position + 1}"
                )
            old_position = item.position
            order.insert(new_position, item)
            if not agencies_after_parents(order):
                raise RuleError(REORDER_MESSAGE)
            for position, each in enumerate(order):
                each.position = position
            item.reason = _with_reason(item.reason, why)
            audit.record(
                session,
                self.context,
                "agenda.reorder",
                "agenda_item",
                item.id,
                conference.id,
                {"kind": item.kind.value, "from": old_position, "to": new_position},
            )
            return agenda_item_view(item)

    def record_parents_not_first(self, conference_id: int, reason: str) -> ConferenceSummary:
        """The chair's reason the parents are not speaking first; agencies may then start."""
        why = require_reason(
            reason, "say why the parents are not speaking first (not present, asked to wait)"
        )
        with self.context.database.transaction() as session:
            conference = _open_conference(session, conference_id)
            conference.parents_not_first_reason = why
            audit.record(
                session,
                self.context,
                "agenda.parents_not_first",
                "conference",
                conference.id,
                conference.id,
            )
            return to_summary(session, conference)

    def conclude(self, conference_id: int) -> ConferenceSummary:
        """End the meeting: the item in progress is done, the conference concluded."""
        with self.context.database.transaction() as session:
            conference = load_conference(session, conference_id)
            if conference.status == ConferenceStatus.ISSUED:
                raise RuleError("this conference's record has been issued: it is already over")
            if conference.status == ConferenceStatus.CONCLUDED:
                return to_summary(session, conference)
            if needs_quoracy_choice(conference):
                raise RuleError(
                    "The conference is not quorate: adjourn it to another day, or record why "
                    "it goes ahead, before it concludes."
                )
            now = self.context.now()
            for item in _agenda(session, conference.id):
                if item.status == AgendaStatus.IN_PROGRESS:
                    item.status = AgendaStatus.DONE
                    item.ended_at = now
            conference.status = ConferenceStatus.CONCLUDED
            conference.started_at = conference.started_at or now
            conference.ended_at = now
            audit.record(
                session,
                self.context,
                "conference.conclude",
                "conference",
                conference.id,
                conference.id,
            )
            return to_summary(session, conference)

    def exclude(
        self,
        participant_id: int,
        reason: str,
        started_at: datetime | None = None,
        agenda_item_ids: Iterable[int] = (),
    ) -> ExclusionView:
        """Exclude a family member from part of the conference, for a stated reason.

        What is heard in the listed agenda items, or from `started_at` (now by default) until
        the exclusion ends, is left out of that person's copy. Until `end_exclusion` is
        called, everything from `started_at` on is left out.
        """
        why = require_reason(reason, "say why this person is excluded: the record needs a reason")
        items = list(dict.fromkeys(agenda_item_ids))
        with self.context.database.transaction() as session:
            participant = load(session, Participant, participant_id)
            conference = load_conference(session, participant.conference_id)
            if conference.status == ConferenceStatus.ISSUED:
                raise RuleError("this conference's record has been issued: it can no longer change")
            if not participant.role.is_family:
                raise RuleError("only a parent, carer, child or relative can be excluded")
            if participant.person_id is None:
                raise RuleError(
                    "link this participant to a person of the family first, so their copy "
                    "can leave out what they did not hear"
                )
            agenda_ids = {a.id for a in _agenda(session, conference.id)}
            strangers = [i for i in items if i not in agenda_ids]
            if strangers:
                raise ValidationError(f"agenda item {strangers[0]} is not on this agenda")
            open_already = session.scalar(
                select(Exclusion.id).where(
                    Exclusion.participant_id == participant.id, Exclusion.ended_at.is_(None)
                )
            )
            if open_already is not None:
                raise RuleError("this person is already excluded: end that exclusion first")
            exclusion = Exclusion(
                conference_id=conference.id,
                participant_id=participant.id,
                person_id=participant.person_id,
                started_at=started_at or self.context.now(),
                ended_at=None,
                reason=why,
                agenda_item_ids=items,
            )
            session.add(exclusion)
            session.flush()
            audit.record(
                session,
                self.context,
                "exclusion.start",
                "exclusion",
                exclusion.id,
                conference.id,
                {"agenda_items": len(items)},
            )
            return exclusion_view(exclusion, participant)

    def end_exclusion(self, exclusion_id: int, ended_at: datetime | None = None) -> ExclusionView:
        with self.context.database.transaction() as session:
            exclusion = load(session, Exclusion, exclusion_id)
            if exclusion.ended_at is not None:
                raise RuleError("this exclusion has already ended")
            end = ended_at or self.context.now()
            if end < exclusion.started_at:
                raise ValidationError("an exclusion cannot end before it started")
            exclusion.ended_at = end
            audit.record(
                session,
                self.context,
                "exclusion.end",
                "exclusion",
                exclusion.id,
                exclusion.conference_id,
            )
            return exclusion_view(exclusion, session.get(Participant, exclusion.participant_id))

    def exclusions(self, conference_id: int) -> tuple[ExclusionView, ...]:
        with self.context.database.transaction() as session:
            load_conference(session, conference_id)
            participants = {
                p.id: p
                for p in session.scalars(
                    select(Participant).where(Participant.conference_id == conference_id)
                )
            }
            rows = session.scalars(
                select(Exclusion)
                .where(Exclusion.conference_id == conference_id)
                .order_by(Exclusion.started_at, Exclusion.id)
            ).all()
            return tuple(exclusion_view(x, participants.get(x.participant_id or -1)) for x in rows)


def _with_reason(existing: str, reason: str) -> str:
    """Reasons accumulate, so a skip does not erase why the item was moved."""
    return f"{existing}; {reason}" if existing.strip() else reason


__all__ = ["PARENTS_FIRST_MESSAGE", "AgendaService", "agenda_item_view", "exclusion_view"]
