"""The home screen's lists beside the conferences: what is due, and plans that could end."""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, Signal

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


log = logging.getLogger(__name__)


class PlansFinder(QObject):
    """Works out the plans ready to be considered for ending on a worker thread.

    It reads every family's latest conference and their scalings (about half a second at
    2,000 families), so Home is painted and answers meanwhile; `show` is called on the GUI
    thread with the newest request's plans only.
    """

    _found = Signal(int, object)

    def __init__(
        self, services: Any, show: Callable[[tuple[PlanEndingItem, ...]], None], parent: Any
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.show = show
        self._number = 0
        self._running = False
        self._waiting: date | None = None
        self._found.connect(self._arrived)

    @property
    def settled(self) -> bool:
        """Nothing being worked out: what Home shows is for the newest request."""
        return not self._running and self._waiting is None

    def request(self, today: date) -> None:
        if self._running:
            self._waiting = today  # asked again when the one running ends
            return
        self._running = True
        self._number += 1
        number, services = self._number, self.services

        def work() -> None:
            try:
                found: Any = plans_ready_to_end(services, today)
            except Exception as error:  # the database closed meanwhile, or a fault
                log.warning("plans ready to end not worked out: %s", type(error).__name__)
                found = None
            with contextlib.suppress(RuntimeError):  # the page has gone
                self._found.emit(number, found)

        threading.Thread(target=work, name="home-plans", daemon=True).start()

    def _arrived(self, number: int, found: Any) -> None:
        self._running = False
        if self._waiting is not None:
            today, self._waiting = self._waiting, None
            self.request(today)
        elif number == self._number and found is not None:
            self.show(found)


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
