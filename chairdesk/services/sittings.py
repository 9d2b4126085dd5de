"""Split sittings: one conference held in parts for parents who must not meet.

A sitting names the family members in it. What is recorded while it is live belongs to them and
to the professionals; no other family member's copy or screen holds it (services/redaction.py
treats the sitting as a time every other family member was out). What is recorded outside any
sitting is everyone's. One conference, one record, one plan.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from chairdesk.errors import RuleError, ValidationError
from chairdesk.models import Person, Sitting
from chairdesk.services import audit
from chairdesk.services.base import ServiceContext
from chairdesk.services.common import load_conference
from chairdesk.services.entries import clean_text
from chairdesk.services.permissions import Permission, require
from chairdesk.views import SittingView


def sitting_view(s: Sitting) -> SittingView:
    return SittingView(s.id, s.label, tuple(s.person_ids or ()), s.started_at, s.ended_at)


def live_sitting(session: Session, conference_id: int) -> Sitting | None:
    return session.scalar(
        select(Sitting)
        .where(Sitting.conference_id == conference_id, Sitting.ended_at.is_(None))
        .order_by(Sitting.id.desc())
        .limit(1)
    )


class SittingService:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context

    def start(self, conference_id: int, person_ids: Iterable[int], label: str = "") -> SittingView:
        """Begin a sitting with these family members (ending any sitting still live).

        Raises:
            ValidationError: nobody named, or someone not of this family.
            PermissionDeniedError: not a chair.
        """
        require(self.context, Permission.SHARE)
        members = list(dict.fromkeys(person_ids))
        if not members:
            raise ValidationError("say which family members are in this sitting")
        name = clean_text(label, "the sitting's name").strip()
        with self.context.database.transaction() as session:
            conference = load_conference(session, conference_id)
            family = set(
                session.scalars(select(Person.id).where(Person.family_id == conference.family_id))
            )
            strangers = [p for p in members if p not in family]
            if strangers:
                raise ValidationError(f"person {strangers[0]} is not in this family")
            now = self.context.now()
            earlier = live_sitting(session, conference.id)
            if earlier is not None:
                earlier.ended_at = now
            sitting = Sitting(
                conference_id=conference.id,
                label=name,
                person_ids=members,
                started_at=now,
                ended_at=None,
            )
            session.add(sitting)
            session.flush()
            audit.record(
                session,
                self.context,
                "sitting.start",
                "sitting",
                sitting.id,
                conference.id,
                {"members": len(members)},
            )
            return sitting_view(sitting)

    def end(self, conference_id: int) -> SittingView:
        """End the live sitting: from now on what is recorded is everyone's again."""
        require(self.context, Permission.SHARE)
        with self.context.database.transaction() as session:
            conference = load_conference(session, conference_id)
            sitting = live_sitting(session, conference.id)
            if sitting is None:
                raise RuleError("no sitting is live: the whole conference is sitting together")
            sitting.ended_at = self.context.now()
            audit.record(session, self.context, "sitting.end", "sitting", sitting.id, conference.id)
            return sitting_view(sitting)

    def sittings(self, conference_id: int) -> tuple[SittingView, ...]:
        with self.context.database.transaction() as session:
            load_conference(session, conference_id)
            rows = session.scalars(
                select(Sitting)
                .where(Sitting.conference_id == conference_id)
                .order_by(Sitting.started_at, Sitting.id)
            )
            return tuple(sitting_view(s) for s in rows)

    def live(self, conference_id: int) -> SittingView | None:
        with self.context.database.transaction() as session:
            sitting = live_sitting(session, conference_id)
            return None if sitting is None else sitting_view(sitting)


__all__ = ["SittingService", "live_sitting", "sitting_view"]
