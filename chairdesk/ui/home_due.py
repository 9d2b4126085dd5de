"""The home screen's lists beside the conferences: what is due, and plans that could end."""

from __future__ import annotations

from datetime import date
from typing import Any

from chairdesk.home_views import DuePage, PlanEndingItem
from chairdesk.ui.models import Column, RowTableModel, day_text

DUE_PAGE = 50  # the due items Home shows at first, and how many more each "Show more" adds


def due_page(services: Any, today: date, shown: int) -> DuePage:
    """The first `shown` items due or overdue, overdue first, and how many are due in all
    (read from the stored due board without the ORM: see services/listing)."""
    page: DuePage = services.listing.due_page(today, limit=shown)
    return page


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
