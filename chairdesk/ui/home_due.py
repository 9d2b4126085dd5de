"""The home screen's lists beside the conferences: what is due, and plans that could end."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from chairdesk.domain import ConferenceStatus, Outcome, Visibility
from chairdesk.errors import ChairDeskError
from chairdesk.ui.models import Column, RowTableModel, day_text
from chairdesk.views import ConferenceSummary, DueItem, PlanEndingItem

LOOK_AHEAD_DAYS = 14  # something due further ahead is not yet the chair's worry
UPCOMING_REPORT_DAYS = 21


def due_items(services: Any, today: date) -> tuple[DueItem, ...]:
    """Things due within two weeks or overdue, soonest first."""
    if services.home is not None and hasattr(services.home, "due_items"):
        return tuple(services.home.due_items(today))
    return computed_due_items(services, today)


def plans_ready_to_end(services: Any, today: date) -> tuple[PlanEndingItem, ...]:
    """Plans ready to be considered for ending, or none while HomeService cannot say."""
    if services.home is None or not hasattr(services.home, "plans_ready_to_end"):
        return ()
    return tuple(services.home.plans_ready_to_end(today))


class PlanEndingTableModel(RowTableModel):
    """Plans ready to be considered for ending: the review as booked and how soon it could be."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            (
                Column("Family", lambda p: p.family_name),
                Column("Case reference", lambda p: p.case_reference),
                Column("Review booked", lambda p: day_text(p.review_on, "Not booked")),
                Column(
                    "Could be brought forward to",
                    lambda p: day_text(p.bring_forward_to, "Already as soon as allowed"),
                    colour=lambda p: "good" if p.bring_forward_to else None,
                ),
                Column("Why", lambda p: " ".join(p.reasons[:1])),
            ),
            parent,
        )

    def item(self, row: int) -> PlanEndingItem:
        found: PlanEndingItem = self._rows[row]
        return found


def _item(summary: ConferenceSummary, what: str, due_on: date, today: date) -> DueItem:
    return DueItem(
        conference_id=summary.id,
        what=what,
        due_on=due_on,
        overdue=due_on < today,
        case_reference=summary.case_reference,
        family_name=summary.family_name,
    )


def computed_due_items(services: Any, today: date) -> tuple[DueItem, ...]:
    """What a HomeService.due_items(today) should return, computed from views and timescales."""
    try:
        from chairdesk.services.timescales import due_dates
    except ImportError:
        return ()
    rules = services.settings.get() if services.settings is not None else None
    if rules is None:
        return ()
    conferences = services.conferences.list_conferences()
    followed = {c.previous_id for c in conferences if c.previous_id is not None}
    horizon = today + timedelta(days=LOOK_AHEAD_DAYS)
    found: list[DueItem] = []
    for summary in conferences:
        held_on = summary.scheduled_at.date()
        try:
            dates = due_dates(summary.kind, held_on, rules)
        except ChairDeskError:
            continue
        if summary.status == ConferenceStatus.CONCLUDED:
            found.append(_item(summary, "Outcome letter to send", dates.outcome_letter_by, today))
            found.append(_item(summary, "Conference record to issue", dates.record_by, today))
        if summary.status in (ConferenceStatus.CONCLUDED, ConferenceStatus.ISSUED):
            if summary.id not in followed:
                found.extend(_after_plan(services, summary, dates, today))
        elif summary.status == ConferenceStatus.PLANNED and held_on <= today + timedelta(
            days=UPCOMING_REPORT_DAYS
        ):
            found.extend(_reports_to_share(services, summary, dates.reports_to_parents_by, today))
    return tuple(sorted((d for d in found if d.due_on <= horizon), key=lambda d: d.due_on))


def _after_plan(
    services: Any, summary: ConferenceSummary, dates: Any, today: date
) -> list[DueItem]:
    view = services.sharing.view(summary.id)
    if view.decisions and not any(d.outcome == Outcome.PLAN for d in view.decisions):
        return []
    items = [_item(summary, "Review conference", view.review_on or dates.next_review_by, today)]
    if dates.first_core_group_by is not None and view.core_group_on is None:
        items.append(_item(summary, "First core group", dates.first_core_group_by, today))
    return items


def _reports_to_share(
    services: Any, summary: ConferenceSummary, share_by: date, today: date
) -> list[DueItem]:
    view = services.sharing.view(summary.id)
    return [
        _item(summary, f"Share the {report.agency} report with the parents", share_by, today)
        for report in view.reports
        if report.shared_with_parents_on is None and report.visibility != Visibility.PROFESSIONALS
    ]
