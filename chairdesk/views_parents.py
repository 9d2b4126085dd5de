"""What parents are sent and what they tell us: the items of a parent's copy the chair checks,
a second person's approval of a copy, the glossary, and parents' feedback.

Frozen view types like the rest of views.py (which re-exports them); no SQLAlchemy, no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from chairdesk.domain import FeedbackAnswer


@dataclass(frozen=True)
class ParentCopyItem:
    """One thing a parent's copy will contain (services/copy_check.py lists every kind).

    The chair reads this list before the copy leaves (DESIGN.md §4), pasted or imported text
    first, so nothing from another family or an investigation slips through.
    """

    kind: str  # "entry", "report", "danger statement", "safety goal", "score", "action", ...
    source: str  # who or what it came from: speaker, agency, "pasted text"
    excerpt: str
    record_id: int
    pasted_or_imported: bool = False
    # How the check can keep it from this copy: "recipient" (withheld from this person),
    # "professionals" (kept for professionals: a score has no list of people), or "" (it
    # cannot be: a parent is always told the decision; people are withheld on Prepare).
    withhold: str = ""


@dataclass(frozen=True)
class CopyApprovalView:
    """A second person's approval of one copy, read from the audit trail, and whether it still
    covers the copy as it would be exported now (else the content has changed since)."""

    event_id: int  # the audit event that holds the approval
    approver: str
    approved_at: datetime
    content_sha256: str  # SHA-256 of the approved copy's text
    matches_current: bool


@dataclass(frozen=True)
class GlossaryTermView:
    """A term and the plain explanation a parent reads in their copy's glossary."""

    term: str
    explanation: str


@dataclass(frozen=True)
class FeedbackView:
    id: int
    conference_id: int
    submitted_on: date
    reports_in_time: FeedbackAnswer
    understood_process: FeedbackAnswer
    spoke_first: FeedbackAnswer
    felt_listened_to: FeedbackAnswer
    understands_actions: FeedbackAnswer
    comments: str = ""


@dataclass(frozen=True)
class FeedbackQuestionSummary:
    question: str
    yes: int
    partly: int
    no: int
    not_answered: int


@dataclass(frozen=True)
class FeedbackSummaryView:
    """Parents' feedback across conferences in a date range: counts and anonymised comments."""

    from_date: date
    to_date: date
    responses: int
    conferences: int
    questions: tuple[FeedbackQuestionSummary, ...]
    comments: tuple[str, ...]
