"""The child protection plan: its actions, their progress and moved dates, who can do them,
whether the plan can be issued, core group meetings and whether the plan can end.

Frozen view types like the rest of views.py (which re-exports them); no SQLAlchemy, no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from chairdesk.domain import ActionOwner, ActionStatus, Visibility


@dataclass(frozen=True)
class ProgressNoteView:
    id: int
    noted_on: date
    text: str
    author: str = ""
    created_at: datetime | None = None  # when it was typed (an exclusion covers it by time)


@dataclass(frozen=True)
class DateMoveView:
    """An action's by-when date moved: from, to, when, by whom (the person signed in), why."""

    moved_at: datetime
    from_date: date
    to_date: date | None
    moved_by: str = ""
    reason: str = ""


@dataclass(frozen=True)
class WhoChoice:
    """Someone who can do an action: "Dana Testwood", "Sam Social (Children's Social Care)"."""

    label: str
    owner: ActionOwner
    detail: str = ""  # the family role ("parent") or the agency


@dataclass(frozen=True)
class ActionView:
    id: int
    position: int
    what: str
    who: str
    owner: ActionOwner
    by_when: date | None
    why: str
    how_we_will_know: str
    support: str
    if_not_done: str
    status: ActionStatus
    status_reason: str = ""
    achieved_on: date | None = None
    confirmed_by: str = ""
    reason_added: str = ""
    carried_from_id: int | None = None
    child_ids: tuple[int, ...] = ()
    progress: tuple[ProgressNoteView, ...] = ()
    visibility: Visibility = Visibility.SHARED
    withheld_from: tuple[int, ...] = ()
    date_moves: tuple[DateMoveView, ...] = ()  # oldest first; carried with the action
    created_at: datetime | None = None

    @property
    def missing(self) -> tuple[str, ...]:
        """The parts a chair still has to fill in before the action can be issued."""
        parts = []
        if not self.what.strip():
            parts.append("what")
        if not self.who.strip():
            parts.append("who")
        if self.by_when is None:
            parts.append("by when")
        return tuple(parts)


@dataclass(frozen=True)
class PlanReadiness:
    """Whether the plan's actions can be issued, and what the chair still has to fill in."""

    ready: bool
    problems: tuple[str, ...]
    family_action_count: int
    limit: int
    over_limit: bool


@dataclass(frozen=True)
class CoreGroupUpdateView:
    action_id: int
    text: str


@dataclass(frozen=True)
class CoreGroupView:
    id: int
    conference_id: int
    held_on: date
    attendees: str
    notes: str
    updates: tuple[CoreGroupUpdateView, ...] = ()


@dataclass(frozen=True)
class DeplanningView:
    """Whether the plan is ready to be considered for ending, and a review date to offer."""

    ready: bool
    reasons: tuple[str, ...]
    suggested_review_on: date | None = None
    scheduled_review_on: date | None = None
