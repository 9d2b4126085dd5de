"""The parents' screen: what everyone in the room may see of the item being discussed.

The audience is the room (DESIGN.md §4): every family member and child present, linked to the
family record or typed in by name. One view is built for all of them through the same rule as
the parents' copies (services/redaction.py), so the screen can never show more than the copy
of anyone sitting in front of it.
"""

from __future__ import annotations

from sqlalchemy import select

from chairdesk.domain import AgendaKind, AgendaStatus, Attendance, ConferenceStatus
from chairdesk.meeting_models import heading_order
from chairdesk.models import Participant, Person
from chairdesk.services.base import ServiceContext
from chairdesk.services.common import load_conference
from chairdesk.services.sittings import live_sitting
from chairdesk.services.view_builder import build_view
from chairdesk.views import (
    ActionView,
    Audience,
    DangerStatementView,
    RoomScreenView,
    ScalingView,
)

IN_ROOM = (Attendance.PRESENT, Attendance.PART)
WAITING = "The conference will start shortly"
FINISHED = "The conference has finished. Thank you for taking part."

# Which parts of the analysis each kind of item shows besides its own entries.
_DANGER_ITEMS = (AgendaKind.ANALYSIS, AgendaKind.RISK_STATEMENT, AgendaKind.INFORMATION_MAPPING)


class RoomService:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context

    def audience(self, conference_id: int) -> Audience:
        """Everyone in the room: the family members and children marked present, or, while a
        sitting is live, the family members in that sitting.

        Before anyone is marked present, every member of the family and every family
        participant counts as in the room, so nothing withheld from any of them shows.
        """
        with self.context.database.transaction() as session:
            conference = load_conference(session, conference_id)
            family_participants = [
                p
                for p in session.scalars(
                    select(Participant).where(Participant.conference_id == conference.id)
                )
                if p.role.is_family
            ]
            present = [p for p in family_participants if p.attendance in IN_ROOM]
            sitting = live_sitting(session, conference.id)
            if sitting is not None:
                # Split sittings: the screen follows the sitting that is live.
                unlinked = any(p.person_id is None for p in present)
                return Audience.room(frozenset(sitting.person_ids or ()), anyone_unlinked=unlinked)
            if present:
                people = frozenset(p.person_id for p in present if p.person_id is not None)
                unlinked = any(p.person_id is None for p in present)
            else:
                people = frozenset(
                    session.scalars(
                        select(Person.id).where(Person.family_id == conference.family_id)
                    )
                )
                unlinked = any(p.person_id is None for p in family_participants)
            return Audience.room(people, anyone_unlinked=unlinked)

    def screen(self, conference_id: int) -> RoomScreenView:
        """The current item as the room may see it, or a waiting or closing message."""
        audience = self.audience(conference_id)
        with self.context.database.transaction() as session:
            view = build_view(
                session, self.context, load_conference(session, conference_id), audience
            )
        title = view.summary.kind.label
        item = next((a for a in view.agenda if a.status == AgendaStatus.IN_PROGRESS), None)
        if item is None:
            ended = view.summary.status in (ConferenceStatus.CONCLUDED, ConferenceStatus.ISSUED)
            return RoomScreenView(title, None, (), waiting=FINISHED if ended else WAITING)
        dangers: tuple[DangerStatementView, ...] = ()
        scalings: tuple[ScalingView, ...] = ()
        actions: tuple[ActionView, ...] = ()
        if item.kind in _DANGER_ITEMS:
            dangers = view.danger_statements
        if item.kind == AgendaKind.SCALING:
            scalings = view.scalings
        if item.kind == AgendaKind.PLAN:
            actions = view.actions
        # Under the headings in the order of the conference's meeting model, as the Run page and
        # the parents' copies show them (each heading's entries in the order they were said).
        order = {heading: i for i, heading in enumerate(heading_order(view.summary.model))}
        entries = tuple(sorted(view.entries_for(item.id), key=lambda e: order[e.heading]))
        return RoomScreenView(title, item, entries, dangers, scalings, actions, waiting="")


__all__ = ["FINISHED", "WAITING", "RoomService"]
