"""The home screen's lists: what is due or overdue, and plans ready to be considered for ending."""

from __future__ import annotations

import statistics
from dataclasses import replace
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from chairdesk.domain import ActionStatus, ConferenceStatus, Outcome
from chairdesk.errors import RuleError
from chairdesk.models import (
    Action,
    Conference,
    Decision,
    Family,
    Scaling,
)
from chairdesk.services import audit, listing
from chairdesk.services.base import ServiceContext
from chairdesk.services.common import load_conference
from chairdesk.services.reviews import ReviewService, reasons_met
from chairdesk.services.settings import SettingsService
from chairdesk.views import DueItem, PlanEndingItem

_DONE = (ActionStatus.ACHIEVED, ActionStatus.NO_LONGER_NEEDED)


class HomeService:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context

    def due_items(self, today: date | None = None) -> tuple[DueItem, ...]:
        """Everything due or overdue, overdue first, then soonest first."""
        return listing.ListingService(self.context).due_items(today)

    def plans_ready_to_end(self, today: date | None = None) -> tuple[PlanEndingItem, ...]:
        """Families whose plan is ready to be considered for ending (DOMAIN.md §6, item 16).

        Only each family's latest conference counts: a concluded or issued one that made a
        child protection plan, or a review booked to look at such a plan and not yet begun.
        ReviewService.deplanning decides readiness and the date the review could move to.
        """
        context = self._on(today)
        threshold = SettingsService(context).get().deplanning_scaling_threshold
        with context.database.transaction() as session:
            latest = _latest_with_a_plan(session)
            maybe = _might_be_ready(session, latest, threshold)
            chosen = [row for row in latest if row.id in maybe]
            families = {
                family.id: family
                for family in session.scalars(
                    select(Family).where(Family.id.in_({row.family_id for row in chosen}))
                )
            }
            candidates = [(row.id, families[row.family_id]) for row in chosen]
        reviews = ReviewService(context)
        items = [_plan_item(reviews, conference_id, family) for conference_id, family in candidates]
        found = [item for item in items if item is not None]
        found.sort(key=lambda item: (item.review_on or date.max, item.conference_id))
        return tuple(found)

    def bring_review_forward(self, conference_id: int) -> PlanEndingItem:
        """Move the review of a plan ready to be considered for ending to the date offered.

        The review conference itself moves when one is booked and not yet begun (keeping its
        time of day); otherwise the review date recorded on the conference does. Audited.

        Raises:
            RuleError: the plan is not ready, or the review is already as soon as allowed.
        """
        reviews = ReviewService(self.context)
        verdict = reviews.deplanning(conference_id)
        target = verdict.suggested_review_on
        if not verdict.ready or target is None:
            raise RuleError(
                "This plan is not ready to be considered for ending, so the review stays as booked."
            )
        booked = verdict.scheduled_review_on
        if booked is not None and target >= booked:
            raise RuleError(
                f"The review on {_day(booked)} is already as soon as the timescale rules allow."
            )
        with self.context.database.transaction() as session:
            conference = load_conference(session, conference_id)
            review = _review_to_move(session, conference)
            if review is not None:
                review.scheduled_at = datetime.combine(target, review.scheduled_at.time())
                moved_id = review.id
            elif conference.status in (ConferenceStatus.CONCLUDED, ConferenceStatus.ISSUED):
                conference.review_on = target
                moved_id = conference.id
            else:
                raise RuleError("The review can be brought forward once the conference is over.")
            audit.record_change(
                session,
                self.context,
                "conference.bring_review_forward",
                moved_id,
                moved_id,
                {"from": booked.isoformat() if booked else None, "to": target.isoformat()},
            )
            family = session.get(Family, conference.family_id)
            assert family is not None
        item = _plan_item(reviews, conference_id, family)
        return item or PlanEndingItem(
            conference_id, family.case_reference, family.family_name, reasons_met(verdict), target
        )

    def _on(self, today: date | None) -> ServiceContext:
        """This context, or one whose clock says ``today`` (the home page may ask for a day)."""
        if today is None or today == self.context.today():
            return self.context
        at = datetime.combine(today, self.context.now().time())
        return replace(self.context, clock=lambda: at)


class _Latest(NamedTuple):
    id: int
    family_id: int


def _latest_with_a_plan(session: Session) -> list[_Latest]:
    """Each family's latest conference (by date, then id) when it carries a child protection
    plan: its own (concluded or issued), or, for a review booked and not begun, the plan of
    the conference it reviews. Read as plain rows, in two queries for every family at once."""
    latest: dict[int, tuple[int, ConferenceStatus, int | None]] = {}
    for conference_id, family_id, status, previous_id in session.execute(
        select(
            Conference.id, Conference.family_id, Conference.status, Conference.previous_id
        ).order_by(Conference.scheduled_at, Conference.id)
    ):
        latest[family_id] = (conference_id, status, previous_id)
    plan_of: dict[int, int] = {}
    for conference_id, status, previous_id in latest.values():
        if status in (ConferenceStatus.CONCLUDED, ConferenceStatus.ISSUED):
            plan_of[conference_id] = conference_id
        elif status == ConferenceStatus.PLANNED and previous_id is not None:
            plan_of[conference_id] = previous_id
    with_plans = set(
        session.scalars(
            select(Decision.conference_id)
            .where(
                Decision.outcome == Outcome.PLAN,
                Decision.conference_id.in_(set(plan_of.values())),
            )
            .distinct()
        )
    )
    return [
        _Latest(conference_id, family_id)
        for family_id, (conference_id, _status, _previous) in latest.items()
        if plan_of.get(conference_id) in with_plans
    ]


def _might_be_ready(session: Session, latest: list[_Latest], threshold: int) -> set[int]:
    """The latest conferences whose plan may be ready: every action done, or the latest overall
    scaling at the council's level. Worked out for all families at once, reading only the
    latest conferences and, for those not scaled, the ones before them step by step, so the
    home screen asks ReviewService.deplanning (which decides) only about these few."""
    ids = [c.id for c in latest]
    statuses: dict[int, list[ActionStatus]] = {}
    for conference_id, status in session.execute(
        select(Action.conference_id, Action.status).where(Action.conference_id.in_(ids))
    ):
        statuses.setdefault(conference_id, []).append(status)
    found = set()
    looking: dict[int, int] = {}  # latest conference: the conference whose scaling is asked
    for conference in latest:
        done = statuses.get(conference.id, [])
        if done and all(status in _DONE for status in done):
            found.add(conference.id)
        else:
            looking[conference.id] = conference.id
    while looking:  # the latest conference scaled, one step back at a time
        scores = _overall_scores(session, set(looking.values()))
        previous: dict[int, int | None] = dict(
            session.execute(
                select(Conference.id, Conference.previous_id).where(
                    Conference.id.in_({s for s in looking.values() if s not in scores})
                )
            ).all()
        )
        still: dict[int, int] = {}
        for conference_id, step in looking.items():
            if step in scores:
                if statistics.median(scores[step]) >= threshold:
                    found.add(conference_id)
            elif previous.get(step) is not None:
                still[conference_id] = previous[step]  # type: ignore[assignment]
        looking = still
    return found


def _overall_scores(session: Session, conference_ids: set[int]) -> dict[int, list[int]]:
    """The overall scaling scores (not a child's, not a danger statement's) of these."""
    scores: dict[int, list[int]] = {}
    for conference_id, score in session.execute(
        select(Scaling.conference_id, Scaling.score).where(
            Scaling.conference_id.in_(conference_ids),
            Scaling.child_id.is_(None),
            Scaling.danger_statement_id.is_(None),
        )
    ):
        scores.setdefault(conference_id, []).append(score)
    return scores


def _plan_item(reviews: ReviewService, conference_id: int, family: Family) -> PlanEndingItem | None:
    verdict = reviews.deplanning(conference_id)
    if not verdict.ready:
        return None
    booked, target = verdict.scheduled_review_on, verdict.suggested_review_on
    sooner = target is not None and (booked is None or target < booked)
    return PlanEndingItem(
        conference_id=conference_id,
        case_reference=family.case_reference,
        family_name=family.family_name,
        reasons=reasons_met(verdict),
        review_on=booked,
        bring_forward_to=target if sooner else None,
    )


def _review_to_move(session: Session, conference: Conference) -> Conference | None:
    """The review conference to move: this one if it is a review still to come, else the one
    booked from it. A review already under way cannot be moved."""
    if conference.previous_id is not None and conference.status == ConferenceStatus.PLANNED:
        return conference
    review = session.scalar(
        select(Conference)
        .where(Conference.previous_id == conference.id)
        .order_by(Conference.scheduled_at)
        .limit(1)
    )
    if review is not None and review.status != ConferenceStatus.PLANNED:
        raise RuleError("The review conference has already begun, so its date cannot move.")
    return review


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"
