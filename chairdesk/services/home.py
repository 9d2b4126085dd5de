"""What the home screen shows as due or overdue: letters, records, core groups, reviews, reports."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from chairdesk.domain import ConferenceKind, ConferenceStatus, Outcome, PersonRole
from chairdesk.models import Conference, CoreGroupMeeting, Decision, Family, Person, Report
from chairdesk.services.base import ServiceContext
from chairdesk.services.settings import CouncilSettings, SettingsService
from chairdesk.services.timescales import due_dates, report_shared_lateness
from chairdesk.views import DueItem

# Concluded conferences older than this have either been reviewed or are long closed.
LOOK_BACK = timedelta(days=400)
LOOK_AHEAD = timedelta(days=60)


class HomeService:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context

    def due_items(self, today: date | None = None) -> tuple[DueItem, ...]:
        """Everything due or overdue, overdue first, then soonest first."""
        today = today or self.context.today()
        rules = SettingsService(self.context).get()
        start = datetime.combine(today - LOOK_BACK, datetime.min.time())
        end = datetime.combine(today + LOOK_AHEAD, datetime.max.time())
        items: list[DueItem] = []
        with self.context.database.transaction() as session:
            conferences = session.scalars(
                select(Conference)
                .where(Conference.scheduled_at >= start, Conference.scheduled_at <= end)
                .order_by(Conference.scheduled_at)
            ).all()
            reviewed = set(
                session.scalars(
                    select(Conference.previous_id).where(Conference.previous_id.is_not(None))
                )
            )
            families = {
                f.id: f
                for f in session.scalars(
                    select(Family).where(Family.id.in_({c.family_id for c in conferences}))
                )
            }
            for conference in conferences:
                family = families[conference.family_id]

                def due(
                    what: str, on: date, c: Conference = conference, f: Family = family
                ) -> None:
                    items.append(
                        DueItem(c.id, what, on, on < today, f.case_reference, f.family_name)
                    )

                _conference_items(session, conference, rules, today, reviewed, due)
        items.sort(key=lambda item: (not item.overdue, item.due_on, item.conference_id))
        return tuple(items)


def _conference_items(
    session: Session,
    conference: Conference,
    rules: CouncilSettings,
    today: date,
    reviewed: set[int | None],
    due: Callable[[str, date], None],
) -> None:
    held_on = conference.scheduled_at.date()
    birth_on = (
        _birth_of_unborn(session, conference)
        if conference.kind == ConferenceKind.PRE_BIRTH
        else None
    )
    dates = due_dates(
        conference.kind,
        held_on,
        rules,
        strategy_discussion_on=conference.strategy_discussion_on,
        birth_on=birth_on,
    )
    if conference.status == ConferenceStatus.PLANNED:
        for report in _reports(session, conference.id):
            if report.shared_with_parents_on is None:
                if today >= dates.reports_to_parents_by - timedelta(days=7):
                    due(
                        f"Share the {report.agency} report with the parents",
                        dates.reports_to_parents_by,
                    )
            elif report_shared_lateness(
                report.shared_with_parents_on, held_on, conference.kind, rules
            ).late:
                due(f"The {report.agency} report reached the parents late", held_on)
        if dates.icpc_by is not None and held_on > dates.icpc_by:
            due("Initial conference is later than the timescale allows", dates.icpc_by)
        return
    if conference.status not in (ConferenceStatus.CONCLUDED, ConferenceStatus.ISSUED):
        return
    if conference.outcome_letter_sent_on is None:
        due("Send the chair's outcome letter", dates.outcome_letter_by)
    if conference.record_issued_on is None:
        due("Issue the conference record", dates.record_by)
    if conference.id in reviewed:
        return
    if dates.first_core_group_by is not None and not _has_core_group(session, conference.id):
        due("Hold the first core group", conference.core_group_on or dates.first_core_group_by)
    if _has_plan(session, conference.id):
        due("Hold the review conference", conference.review_on or dates.next_review_by)


def _reports(session: Session, conference_id: int) -> Sequence[Report]:
    return session.scalars(
        select(Report).where(Report.conference_id == conference_id).order_by(Report.id)
    ).all()


def _has_core_group(session: Session, conference_id: int) -> bool:
    count = session.scalar(
        select(func.count(CoreGroupMeeting.id)).where(
            CoreGroupMeeting.conference_id == conference_id
        )
    )
    return bool(count)


def _has_plan(session: Session, conference_id: int) -> bool:
    count = session.scalar(
        select(func.count(Decision.id)).where(
            Decision.conference_id == conference_id, Decision.outcome == Outcome.PLAN
        )
    )
    return bool(count)


def _birth_of_unborn(session: Session, conference: Conference) -> date | None:
    # Once the baby is born the chair records the date of birth on the unborn child's record.
    return session.scalar(
        select(Person.date_of_birth).where(
            Person.family_id == conference.family_id,
            Person.role.in_((PersonRole.UNBORN, PersonRole.CHILD)),
            Person.due_date.is_not(None),
            Person.date_of_birth.is_not(None),
        )
    )
