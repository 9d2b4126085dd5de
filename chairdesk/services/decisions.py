"""The decision per child: each agency's recommendation, the decision and its reasons, dissent.

Professionals decide; where their recommendations differ the chair decides, and the decision
is marked as the chair's. A decision whose ``decided_at`` is empty holds only
recommendations: its outcome mirrors the first recommendation until the chair decides.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from chairdesk.domain import Category, ConferenceKind, Outcome
from chairdesk.errors import RuleError, ValidationError
from chairdesk.models import Conference, Decision, Dissent, Person, Recommendation
from chairdesk.services import audit
from chairdesk.services.base import ServiceContext
from chairdesk.services.common import load, load_conference
from chairdesk.services.entries import (
    as_enum,
    check_child,
    check_participant,
    clean_text,
    require_reason,
)
from chairdesk.services.permissions import Permission, require
from chairdesk.services.row_views import decision_view
from chairdesk.views import DecisionView


def recommendations_differ(recommendations: list[Recommendation]) -> bool:
    """True when agencies recommend different outcomes or categories."""
    return len({(r.outcome, r.category) for r in recommendations}) > 1


def _check_category(outcome: Outcome, category: Category | None, *, deciding: bool) -> None:
    if outcome == Outcome.PLAN and category is None and deciding:
        raise RuleError(
            "a child protection plan needs a category: neglect, physical abuse, emotional "
            "abuse or sexual abuse"
        )
    if outcome != Outcome.PLAN and category is not None:
        raise ValidationError(
            f"a category goes only with a child protection plan, not with '{outcome.label}'"
        )


def _decision_for(session: Session, conference_id: int, child_id: int) -> Decision | None:
    return session.scalars(
        select(Decision).where(
            Decision.conference_id == conference_id, Decision.child_id == child_id
        )
    ).first()


def _view(session: Session, decision: Decision) -> DecisionView:
    child = session.get(Person, decision.child_id)
    return decision_view(decision, child.name if child else "")


class DecisionService:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context

    def record_recommendation(
        self,
        conference_id: int,
        child_id: int,
        agency: str,
        outcome: Outcome,
        category: Category | None = None,
        reason: str = "",
        *,
        name: str = "",
        participant_id: int | None = None,
    ) -> DecisionView:
        """One agency's recommendation for one child; a second one from it replaces the first."""
        require(self.context, Permission.DECIDE)
        chosen = as_enum(Outcome, outcome, "outcome")
        chosen_category = None if category is None else as_enum(Category, category, "category")
        _check_category(chosen, chosen_category, deciding=False)
        agency_name = clean_text(agency, "the agency").strip()
        why = clean_text(reason, "the reason")
        who = clean_text(name, "the name").strip()
        with self.context.database.transaction() as session:
            conference = load_conference(session, conference_id)
            check_child(session, conference.family_id, child_id)
            if participant_id is not None:
                participant = check_participant(session, conference.id, participant_id)
                who = who or participant.name
                agency_name = agency_name or participant.agency.strip()
            if not agency_name:
                raise ValidationError("say which agency makes this recommendation")
            decision = _decision_for(session, conference.id, child_id)
            if decision is None:
                decision = Decision(
                    conference_id=conference.id,
                    child_id=child_id,
                    likely_significant_harm=chosen == Outcome.PLAN,
                    outcome=chosen,
                    category=chosen_category,
                    reasons="",
                    chair_decided=False,
                    decided_at=None,
                    created_at=self.context.now(),
                )
                session.add(decision)
                session.flush()
            earlier = next(
                (
                    r
                    for r in decision.recommendations
                    if r.agency.strip().casefold() == agency_name.casefold()
                ),
                None,
            )
            if earlier is None:
                earlier = Recommendation(decision_id=decision.id, agency=agency_name)
                decision.recommendations.append(earlier)
            earlier.name = who
            earlier.outcome = chosen
            earlier.category = chosen_category
            earlier.reason = why
            earlier.participant_id = participant_id
            # Heard now: an exclusion covers it if a parent is out of the room.
            earlier.created_at = self.context.now()
            session.flush()
            audit.record(
                session,
                self.context,
                "decision.recommend",
                "decision",
                decision.id,
                conference.id,
                {"outcome": chosen.value},
            )
            return _view(session, decision)

    def decide(
        self,
        conference_id: int,
        child_id: int,
        *,
        likely_significant_harm: bool,
        outcome: Outcome,
        category: Category | None,
        reasons: str,
        chair_decided: bool = False,
    ) -> DecisionView:
        """Record the decision for one child.

        A plan needs a category and a likelihood of significant harm; other outcomes take no
        category. Reasons are always required. When the agencies' recommendations differ the
        decision is the chair's: ``chair_decided`` is set whatever was passed.
        """
        require(self.context, Permission.DECIDE)
        chosen = as_enum(Outcome, outcome, "outcome")
        chosen_category = None if category is None else as_enum(Category, category, "category")
        _check_category(chosen, chosen_category, deciding=True)
        if not isinstance(likely_significant_harm, bool):
            raise ValidationError("say whether the child is likely to suffer significant harm")
        _check_threshold(likely_significant_harm, chosen)
        why = require_reason(reasons, "give the reasons for the decision: the record needs them")
        with self.context.database.transaction() as session:
            conference = load_conference(session, conference_id)
            check_child(session, conference.family_id, child_id)
            _check_kind(conference, chosen)
            decision = _decision_for(session, conference.id, child_id)
            if decision is None:
                decision = Decision(
                    conference_id=conference.id, child_id=child_id, created_at=self.context.now()
                )
                session.add(decision)
            differ = recommendations_differ(list(decision.recommendations))
            decision.likely_significant_harm = likely_significant_harm
            decision.outcome = chosen
            decision.category = chosen_category
            decision.reasons = why
            decision.chair_decided = bool(chair_decided) or differ
            decision.decided_at = self.context.now()
            session.flush()
            audit.record(
                session,
                self.context,
                "decision.decide",
                "decision",
                decision.id,
                conference.id,
                {
                    "outcome": chosen.value,
                    "chair_decided": decision.chair_decided,
                    "recommendations_differ": differ,
                },
            )
            return _view(session, decision)

    def add_dissent(
        self,
        decision_id: int,
        name: str,
        reason: str,
        *,
        agency: str = "",
        participant_id: int | None = None,
    ) -> DecisionView:
        """Who disagrees with the decision, and why (both go in the record)."""
        require(self.context, Permission.DECIDE)
        who = clean_text(name, "the name").strip()
        why = require_reason(reason, "say why they disagree: dissent is recorded with reasons")
        agency_name = clean_text(agency, "the agency").strip()
        with self.context.database.transaction() as session:
            decision = load(session, Decision, decision_id)
            if decision.decided_at is None:
                raise RuleError("record the decision first: dissent is disagreement with it")
            if participant_id is not None:
                participant = check_participant(session, decision.conference_id, participant_id)
                who = who or participant.name
                agency_name = agency_name or participant.agency
            if not who:
                raise RuleError("say who disagrees: dissent is recorded with who and why")
            dissent = Dissent(
                decision_id=decision.id,
                participant_id=participant_id,
                name=who,
                agency=agency_name,
                reason=why,
                created_at=self.context.now(),
            )
            decision.dissents.append(dissent)
            session.flush()
            audit.record(
                session,
                self.context,
                "decision.dissent",
                "dissent",
                dissent.id,
                decision.conference_id,
            )
            return _view(session, decision)

    def remove_dissent(self, dissent_id: int) -> DecisionView:
        require(self.context, Permission.DECIDE)
        with self.context.database.transaction() as session:
            dissent = load(session, Dissent, dissent_id)
            decision = load(session, Decision, dissent.decision_id)
            audit.record(
                session,
                self.context,
                "decision.dissent_remove",
                "dissent",
                dissent.id,
                decision.conference_id,
            )
            decision.dissents.remove(dissent)
            session.delete(dissent)
            session.flush()
            return _view(session, decision)

    def decisions(self, conference_id: int) -> tuple[DecisionView, ...]:
        """One per child with a recommendation or a decision, in the family's order."""
        with self.context.database.transaction() as session:
            load_conference(session, conference_id)
            rows = session.execute(
                select(Decision, Person.name)
                .join(Person, Person.id == Decision.child_id)
                .where(Decision.conference_id == conference_id)
                .order_by(Person.id)
            ).all()
            return tuple(decision_view(d, child_name) for d, child_name in rows)


def _check_threshold(likely_significant_harm: bool, outcome: Outcome) -> None:
    """A plan is made when, and only when, the child is likely to suffer significant harm."""
    if outcome == Outcome.PLAN and not likely_significant_harm:
        raise RuleError(
            "a child protection plan is made only when the child is likely to suffer "
            "significant harm"
        )
    if outcome != Outcome.PLAN and likely_significant_harm:
        raise RuleError(
            "a child likely to suffer significant harm needs a child protection plan: "
            "choose a plan and its category"
        )


def _check_kind(conference: Conference, outcome: Outcome) -> None:
    if outcome == Outcome.PLAN_ENDS and conference.kind in (
        ConferenceKind.INITIAL,
        ConferenceKind.PRE_BIRTH,
    ):
        raise RuleError(
            "a plan can end only at a review or transfer-in conference: at this one choose "
            "a plan, a child in need plan or no further action"
        )


__all__ = ["DecisionService", "decision_view", "recommendations_differ"]
