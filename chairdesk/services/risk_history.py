"""How safe the children were scaled, conference by conference, as one audience may see it.

The overall score of this conference and each before it, counting only the scores the audience
may see by the same rule build_view (view_builder.py) applies to the scores themselves: a
summary of a score someone may not see would tell them it.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from chairdesk.models import Conference, Exclusion, Participant, Person, Scaling, Sitting
from chairdesk.services.redaction import (
    AbsenceWindow,
    KeptFrom,
    absence_windows,
    heard_while_out,
    may_see,
)
from chairdesk.views import Audience, ScalingPoint


def rows(session: Session, query: Any, *order: Any) -> list[Any]:
    """The rows `query` selects, in `order`."""
    return list(session.scalars(query.order_by(*order)).all())


def risk_history(
    session: Session,
    conference: Conference,
    audience: Audience,
    people: Sequence[Person] | None = None,
) -> tuple[ScalingPoint, ...]:
    """The overall scaling at this conference and each before it, oldest first, counting only
    the scores this audience may see: by the same rule as the scores themselves (a summary of
    a score they may not see would tell them it)."""
    chain: list[Conference] = []
    current: Conference | None = conference
    while current is not None and len(chain) < 50:
        chain.append(current)
        current = session.get(Conference, current.previous_id) if current.previous_id else None
    if people is None:
        people = rows(session, select(Person).where(Person.family_id == conference.family_id))
    points = []
    for item in reversed(chain):
        seen = _ScoreRule(session, item, audience, people)
        scores = [
            s.score
            for s in session.scalars(
                select(Scaling).where(
                    Scaling.conference_id == item.id,
                    Scaling.child_id.is_(None),
                    Scaling.danger_statement_id.is_(None),
                )
            )
            if seen.allows(s)
        ]
        points.append(
            ScalingPoint(
                conference_id=item.id,
                held_on=item.scheduled_at.date(),
                median=float(statistics.median(scores)) if scores else None,
                low=min(scores) if scores else None,
                high=max(scores) if scores else None,
            )
        )
    return tuple(points)


class _ScoreRule:
    """Whether an audience may see one conference's overall score (as in build_view)."""

    def __init__(
        self, session: Session, conference: Conference, audience: Audience, people: Sequence[Person]
    ) -> None:
        self.audience = audience
        if audience.is_professionals:
            self.windows: tuple[AbsenceWindow, ...] = ()
            self.hidden: KeptFrom | None = None
            return
        where = conference.id
        participants = rows(session, select(Participant).where(Participant.conference_id == where))
        exclusions = rows(session, select(Exclusion).where(Exclusion.conference_id == where))
        sittings = rows(session, select(Sitting).where(Sitting.conference_id == where))
        self.windows = absence_windows(exclusions, audience, sittings)
        # Names of people withheld from the audience, and protected addresses (redaction.py).
        self.hidden = KeptFrom(people, participants, audience)

    def allows(self, score: Scaling) -> bool:
        if self.hidden is None:
            return True
        return (
            may_see(score, self.audience)
            and not heard_while_out(self.windows, score.created_at)
            and not self.hidden.is_participant(score.participant_id)
            and not self.hidden.named_in(score.reason, score.scorer_name)
        )
