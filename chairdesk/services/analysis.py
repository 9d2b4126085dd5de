"""The analysis: danger statements paired with safety goals, and everyone's 0 to 10 scaling."""

from __future__ import annotations

import statistics
from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from chairdesk.domain import Visibility
from chairdesk.errors import ValidationError
from chairdesk.models import Conference, DangerStatement, SafetyGoal, Scaling
from chairdesk.services import audit
from chairdesk.services.base import ServiceContext
from chairdesk.services.common import load, load_conference
from chairdesk.services.entries import (
    as_enum,
    check_child,
    check_participant,
    clean_text,
)
from chairdesk.services.protection import kept_apart_default
from chairdesk.services.row_views import danger_view, scaling_view
from chairdesk.services.visibility import ANALYSIS_DEFAULT, choose_visibility, default_for
from chairdesk.views import DangerStatementView, ScalingSpread, ScalingView

LOWEST_SCORE = 0
HIGHEST_SCORE = 10


def check_score(score: object) -> int:
    """A whole number from 0 to 10, or a ValidationError in plain words."""
    if isinstance(score, bool) or not isinstance(score, int):
        raise ValidationError(
            f"a scaling is a whole number from {LOWEST_SCORE} to {HIGHEST_SCORE}, not {score!r}"
        )
    if not LOWEST_SCORE <= score <= HIGHEST_SCORE:
        raise ValidationError(
            f"a scaling is from {LOWEST_SCORE} to {HIGHEST_SCORE}, not {score}: "
            f"{HIGHEST_SCORE} means everyone agrees the children are safe enough to close"
        )
    return score


def _scaling_visibility(visibility: object) -> Visibility:
    chosen = as_enum(Visibility, visibility, "visibility")
    if chosen == Visibility.WITHHELD:
        # A scaling has no list of people to withhold it from (models/record.py).
        raise ValidationError("a scaling is either shared or for professionals only")
    return chosen


class AnalysisService:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context

    def add_danger_statement(
        self,
        conference_id: int,
        danger: str,
        safety_goal: str,
        visibility: Visibility | None = None,
        *,
        withheld_from: Iterable[int] = (),
    ) -> DangerStatementView:
        """A danger statement and its paired safety goal, after the ones already there.

        Without a visibility it is shared when a chair records it, and for professionals only
        until a chair shares it when anyone else does.
        """
        danger_text = _required(danger, "the danger statement")
        goal_text = clean_text(safety_goal, "the safety goal")
        with self.context.database.transaction() as session:
            conference = load_conference(session, conference_id)
            chosen, withheld = choose_visibility(
                self.context,
                session,
                conference.family_id,
                visibility,
                withheld_from,
                default=default_for(ANALYSIS_DEFAULT, self.context.role),
            )
            last = session.scalar(
                select(func.max(DangerStatement.position)).where(
                    DangerStatement.conference_id == conference.id
                )
            )
            statement = DangerStatement(
                conference_id=conference.id,
                position=0 if last is None else last + 1,
                text=danger_text,
                visibility=chosen,
                withheld_from=withheld,
                created_at=self.context.now(),
            )
            statement.safety_goal = SafetyGoal(text=goal_text)
            session.add(statement)
            session.flush()
            audit.record(
                session,
                self.context,
                "danger.add",
                "danger_statement",
                statement.id,
                conference.id,
                {"visibility": chosen.value},
            )
            return danger_view(statement)

    def update_danger_statement(
        self,
        danger_statement_id: int,
        *,
        danger: str | None = None,
        safety_goal: str | None = None,
        visibility: Visibility | None = None,
        withheld_from: Iterable[int] | None = None,
    ) -> DangerStatementView:
        """Change what is given; `withheld_from` goes with a withheld visibility."""
        danger_text = None if danger is None else _required(danger, "the danger statement")
        goal_text = None if safety_goal is None else clean_text(safety_goal, "the safety goal")
        with self.context.database.transaction() as session:
            statement = load(session, DangerStatement, danger_statement_id)
            changed = []
            if visibility is not None or withheld_from is not None:
                conference = load_conference(session, statement.conference_id)
                chosen, withheld = choose_visibility(
                    self.context,
                    session,
                    conference.family_id,
                    visibility,
                    withheld_from,
                    default=ANALYSIS_DEFAULT,
                    previous=statement.visibility,
                    previous_withheld=statement.withheld_from or (),
                )
                statement.visibility, statement.withheld_from = chosen, withheld
                changed.append("visibility")
            if danger_text is not None:
                statement.text = danger_text
                changed.append("danger")
            if danger_text is not None or goal_text is not None:
                # Said again now: an exclusion covers the newest telling.
                statement.created_at = self.context.now()
            if goal_text is not None:
                if statement.safety_goal is None:
                    statement.safety_goal = SafetyGoal(text=goal_text)
                else:
                    statement.safety_goal.text = goal_text
                changed.append("safety_goal")
            audit.record(
                session,
                self.context,
                "danger.update",
                "danger_statement",
                statement.id,
                statement.conference_id,
                {"changed": changed, "visibility": statement.visibility.value},
            )
            return danger_view(statement)

    def remove_danger_statement(self, danger_statement_id: int) -> None:
        """Remove a statement, its safety goal, and the scalings made against it."""
        with self.context.database.transaction() as session:
            statement = load(session, DangerStatement, danger_statement_id)
            scores = session.scalars(
                select(Scaling).where(Scaling.danger_statement_id == statement.id)
            ).all()
            for scaling in scores:
                session.delete(scaling)
            audit.record(
                session,
                self.context,
                "danger.remove",
                "danger_statement",
                statement.id,
                statement.conference_id,
                {"scalings_removed": len(scores)},
            )
            session.delete(statement)

    def danger_statements(self, conference_id: int) -> tuple[DangerStatementView, ...]:
        with self.context.database.transaction() as session:
            load_conference(session, conference_id)
            rows = session.scalars(
                select(DangerStatement)
                .where(DangerStatement.conference_id == conference_id)
                .order_by(DangerStatement.position, DangerStatement.id)
            ).all()
            return tuple(danger_view(d) for d in rows)

    def record_scaling(
        self,
        conference_id: int,
        scorer_name: str,
        score: int,
        reason: str,
        *,
        participant_id: int | None = None,
        child_id: int | None = None,
        danger_statement_id: int | None = None,
        visibility: Visibility | None = None,
    ) -> ScalingView:
        """One person's 0 to 10 score, overall or for a child or a danger statement.

        The same scorer (the same participant, or else the same name) scaling the same child
        and danger statement again replaces their earlier score.

        Args:
            visibility: None shares a new score and keeps a replaced score's visibility, so
                scaling again never shows parents what the chair kept from them.
        """
        checked = check_score(score)
        why = clean_text(reason, "the reason for the score")
        name = clean_text(scorer_name, "the scorer's name").strip()
        if visibility is not None:
            _scaling_visibility(visibility)
        with self.context.database.transaction() as session:
            conference = load_conference(session, conference_id)
            participant = None
            if participant_id is not None:
                participant = check_participant(session, conference.id, participant_id)
                name = name or participant.name
            if not name:
                raise ValidationError("say who gave this score")
            if child_id is not None:
                check_child(session, conference.family_id, child_id)
            if danger_statement_id is not None:
                statement = session.get(DangerStatement, danger_statement_id)
                if statement is None or statement.conference_id != conference.id:
                    raise ValidationError(
                        f"danger statement {danger_statement_id} is not in this conference"
                    )
            scaling = _earlier_score(
                session, conference, name, participant_id, child_id, danger_statement_id
            )
            replaced = scaling is not None
            chosen, _ = choose_visibility(
                self.context,
                session,
                conference.family_id,
                visibility,
                default=default_for(ANALYSIS_DEFAULT, self.context.role),
                previous=None if scaling is None else scaling.visibility,
            )
            if visibility is None and scaling is None and chosen == Visibility.SHARED:
                # Parents kept apart: a parent's score and reason are their words, and a score
                # cannot be withheld from one person, so it starts for professionals only.
                kept, _ = kept_apart_default(session, conference, participant, name)
                if kept == Visibility.WITHHELD:
                    chosen = Visibility.PROFESSIONALS
            if scaling is None:
                scaling = Scaling(
                    conference_id=conference.id,
                    child_id=child_id,
                    danger_statement_id=danger_statement_id,
                    participant_id=participant_id,
                )
                session.add(scaling)
            scaling.scorer_name = name
            scaling.score = checked
            scaling.reason = why
            scaling.visibility = chosen
            # A score given again is heard again: an exclusion covers the newest telling.
            scaling.created_at = self.context.now()
            session.flush()
            audit.record(
                session,
                self.context,
                "scaling.record",
                "scaling",
                scaling.id,
                conference.id,
                {"replaced": replaced, "visibility": chosen.value},
            )
            return scaling_view(scaling)

    def set_scaling_visibility(
        self, scaling_id: int, visibility: Visibility, withheld_from: Iterable[int] = ()
    ) -> ScalingView:
        """Show a score to parents or keep it for professionals; the score itself stays.

        Raises:
            ValidationError: withheld from named people (a scaling has no such list), or
                people given with another visibility.
            PermissionDeniedError: someone who is not a chair shows parents a kept score.
        """
        wanted = _scaling_visibility(visibility)
        with self.context.database.transaction() as session:
            scaling = load(session, Scaling, scaling_id)
            conference = load_conference(session, scaling.conference_id)
            before = scaling.visibility
            chosen, _ = choose_visibility(
                self.context,
                session,
                conference.family_id,
                wanted,
                withheld_from,
                default=ANALYSIS_DEFAULT,
                previous=before,
            )
            scaling.visibility = chosen
            audit.record(
                session,
                self.context,
                "scaling.visibility",
                "scaling",
                scaling.id,
                scaling.conference_id,
                {"from": before.value, "to": chosen.value},
            )
            return scaling_view(scaling)

    def remove_scaling(self, scaling_id: int) -> None:
        with self.context.database.transaction() as session:
            scaling = load(session, Scaling, scaling_id)
            audit.record(
                session,
                self.context,
                "scaling.remove",
                "scaling",
                scaling.id,
                scaling.conference_id,
            )
            session.delete(scaling)

    def scalings(self, conference_id: int) -> tuple[ScalingView, ...]:
        with self.context.database.transaction() as session:
            load_conference(session, conference_id)
            rows = session.scalars(
                select(Scaling).where(Scaling.conference_id == conference_id).order_by(Scaling.id)
            ).all()
            return tuple(scaling_view(s) for s in rows)

    def spread(
        self,
        conference_id: int,
        child_id: int | None = None,
        *,
        danger_statement_id: int | None = None,
    ) -> ScalingSpread:
        """Lowest, highest and median of the scores for one child (None: overall)."""
        with self.context.database.transaction() as session:
            load_conference(session, conference_id)
            scores = list(
                session.scalars(
                    select(Scaling.score).where(
                        Scaling.conference_id == conference_id,
                        Scaling.child_id.is_(None)
                        if child_id is None
                        else Scaling.child_id == child_id,
                        Scaling.danger_statement_id.is_(None)
                        if danger_statement_id is None
                        else Scaling.danger_statement_id == danger_statement_id,
                    )
                )
            )
        if not scores:
            return ScalingSpread(0, None, None, None)
        return ScalingSpread(
            len(scores), min(scores), max(scores), float(statistics.median(scores))
        )


def _required(text: str, what: str) -> str:
    cleaned = clean_text(text, what)
    if not cleaned.strip():
        raise ValidationError(f"{what} cannot be empty")
    return cleaned


def _earlier_score(
    session: Session,
    conference: Conference,
    name: str,
    participant_id: int | None,
    child_id: int | None,
    danger_statement_id: int | None,
) -> Scaling | None:
    query = select(Scaling).where(
        Scaling.conference_id == conference.id,
        Scaling.child_id.is_(None) if child_id is None else Scaling.child_id == child_id,
        Scaling.danger_statement_id.is_(None)
        if danger_statement_id is None
        else Scaling.danger_statement_id == danger_statement_id,
    )
    if participant_id is not None:
        query = query.where(Scaling.participant_id == participant_id)
    else:
        query = query.where(Scaling.participant_id.is_(None), Scaling.scorer_name == name)
    return session.scalars(query.order_by(Scaling.id).limit(1)).first()


__all__ = ["AnalysisService", "check_score", "danger_view", "scaling_view"]
