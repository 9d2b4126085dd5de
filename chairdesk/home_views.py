"""The views Home shows first: conference rows, what is due, plans ready to end.

Apart from views.py (which re-exports them) so Home can be painted without building the class of
every view in the app; the contract is the same: frozen dataclasses, no ORM objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from chairdesk.domain import ConferenceKind, ConferenceStatus, MeetingModel


@dataclass(frozen=True)
class ConferenceSummary:
    """One row of a conference list or search result."""

    id: int
    family_id: int
    case_reference: str
    family_name: str
    kind: ConferenceKind
    model: MeetingModel
    scheduled_at: datetime
    venue: str
    status: ConferenceStatus
    children: tuple[str, ...] = ()
    previous_id: int | None = None


@dataclass(frozen=True)
class DueItem:
    """Something due or overdue on the home screen."""

    conference_id: int
    what: str
    due_on: date
    overdue: bool
    case_reference: str
    family_name: str


@dataclass(frozen=True)
class DuePage:
    """One page of the due board: its items, how many are due in all, where the page starts."""

    items: tuple[DueItem, ...]
    total: int
    offset: int = 0

    @property
    def more(self) -> int:
        """How many are due after this page."""
        return max(0, self.total - self.offset - len(self.items))


@dataclass(frozen=True)
class PlanEndingItem:
    """A plan the home screen flags as ready to be considered for ending (DOMAIN.md §6, 16).

    ``conference_id`` is the family's latest conference: the one whose plan is in force, or the
    review already booked to look at it. ``bring_forward_to`` is None when the review is
    already as soon as the timescale rules allow.
    """

    conference_id: int
    case_reference: str
    family_name: str
    reasons: tuple[str, ...]
    review_on: date | None
    bring_forward_to: date | None = None
