"""What a conference heard and decided: reports, agenda items, entries, danger statements and
safety goals, scaling scores, recommendations, dissent and the decision for each child.

Frozen view types like the rest of views.py (which re-exports them); no SQLAlchemy, no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from chairdesk.domain import (
    AgendaKind,
    AgendaStatus,
    Category,
    Heading,
    Origin,
    Outcome,
    Visibility,
)


@dataclass(frozen=True)
class ReportView:
    id: int
    agency: str
    author: str
    title: str
    received_on: date | None
    shared_with_parents_on: date | None
    visibility: Visibility
    withheld_from: tuple[int, ...] = ()
    # Working days after the parents received it, up to and including the conference day
    # (the council's region); None when not shared with them. Filled by the sharing service.
    working_days_before: int | None = None
    working_days_required: int | None = None  # the council's limit for this kind of conference
    shared_late: bool = False  # shared, but fewer working days before than the limit


@dataclass(frozen=True)
class AgendaItemView:
    id: int
    kind: AgendaKind
    title: str
    position: int
    status: AgendaStatus
    started_at: datetime | None = None
    ended_at: datetime | None = None
    reason: str = ""
    agency: str = ""
    participant_id: int | None = None


@dataclass(frozen=True)
class EntryView:
    id: int
    agenda_item_id: int
    heading: Heading
    text: str
    visibility: Visibility
    origin: Origin
    speaker_name: str = ""
    speaker_participant_id: int | None = None
    withheld_from: tuple[int, ...] = ()
    child_id: int | None = None
    author: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True)
class DangerStatementView:
    id: int
    danger: str
    safety_goal: str
    visibility: Visibility
    position: int = 0
    withheld_from: tuple[int, ...] = ()
    carried_from_id: int | None = None
    created_at: datetime | None = None  # when it was recorded (exclusions cover it by time)


@dataclass(frozen=True)
class ScalingView:
    id: int
    scorer_name: str
    score: int
    reason: str
    participant_id: int | None = None
    child_id: int | None = None  # None: overall
    danger_statement_id: int | None = None
    visibility: Visibility = Visibility.SHARED
    created_at: datetime | None = None


@dataclass(frozen=True)
class ScalingPoint:
    """The overall level of risk at one conference, for the chart and the words at the top."""

    conference_id: int
    held_on: date
    median: float | None
    low: int | None
    high: int | None


@dataclass(frozen=True)
class ScalingSpread:
    count: int
    low: int | None
    high: int | None
    median: float | None


@dataclass(frozen=True)
class RecommendationView:
    id: int
    agency: str
    name: str
    outcome: Outcome
    category: Category | None
    reason: str
    participant_id: int | None = None
    created_at: datetime | None = None


@dataclass(frozen=True)
class DissentView:
    id: int
    name: str
    agency: str
    reason: str
    participant_id: int | None = None
    created_at: datetime | None = None


@dataclass(frozen=True)
class DecisionView:
    id: int
    child_id: int
    child_name: str
    likely_significant_harm: bool
    outcome: Outcome
    category: Category | None
    reasons: str
    chair_decided: bool = False
    recommendations: tuple[RecommendationView, ...] = ()
    dissents: tuple[DissentView, ...] = ()
    decided_at: datetime | None = None  # None: recommendations heard, the chair has not decided
    created_at: datetime | None = None
