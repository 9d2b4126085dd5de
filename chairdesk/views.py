"""Plain frozen view types that services return and export and the UI read. No SQLAlchemy, no Qt."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from chairdesk.domain import (
    ActionOwner,
    ActionStatus,
    AgendaKind,
    AgendaStatus,
    Attendance,
    Category,
    FeedbackAnswer,
    Heading,
    Origin,
    Outcome,
    ParticipantRole,
    PersonRole,
    UserRole,
    Visibility,
)
from chairdesk.home_views import ConferenceSummary as ConferenceSummary
from chairdesk.home_views import DueItem as DueItem
from chairdesk.home_views import PlanEndingItem as PlanEndingItem


@dataclass(frozen=True)
class Audience:
    """Who a view is for: professionals, one parent or carer (a person id), or the room.

    The room is the parents' screen: every family member and child present at once
    (`viewer_ids`). Someone in the room who is typed in by name and not linked to the family
    record makes `keeps_everything_withheld` true: nobody can say what is withheld from them.
    """

    recipient_person_id: int | None = None
    recipient_name: str = "Professionals"
    # "father", "maternal grandmother": said beside the name wherever a copy names who it is
    # for. Not part of the identity (the person id is).
    relationship: str = field(default="", compare=False)
    is_room: bool = False
    room_person_ids: frozenset[int] = frozenset()
    keeps_everything_withheld: bool = False

    @property
    def is_professionals(self) -> bool:
        return self.recipient_person_id is None and not self.is_room

    @property
    def viewer_ids(self) -> frozenset[int]:
        """The people who will see what this audience is shown."""
        if self.is_room:
            return self.room_person_ids
        if self.recipient_person_id is None:
            return frozenset()
        return frozenset({self.recipient_person_id})

    @property
    def recipient_label(self) -> str:
        """The name with the relationship, as each page's header prints it."""
        if self.is_professionals or not self.relationship:
            return self.recipient_name
        return f"{self.recipient_name} ({self.relationship})"

    @classmethod
    def professionals(cls) -> Audience:
        return cls()

    @classmethod
    def room(cls, person_ids: frozenset[int], *, anyone_unlinked: bool) -> Audience:
        return cls(
            recipient_name="Everyone in the room",
            is_room=True,
            room_person_ids=person_ids,
            keeps_everything_withheld=anyone_unlinked,
        )


@dataclass(frozen=True)
class FamilyView:
    id: int
    case_reference: str
    family_name: str
    address: str | None  # None when the audience may not see it
    # The chair recorded that the parents must not share information (DESIGN.md §4).
    parents_kept_apart: bool = False


@dataclass(frozen=True)
class PersonView:
    id: int
    family_id: int
    name: str
    role: PersonRole
    date_of_birth: date | None = None
    due_date: date | None = None
    parental_responsibility: bool = False
    language: str = "English"
    interpreter_needed: bool = False
    address_protected: bool = False
    address: str | None = None
    gender: str = ""
    # Professionals' views only: the people this person is withheld from (DESIGN.md §4).
    withheld_from: tuple[int, ...] = ()


@dataclass(frozen=True)
class SocialWorkerView:
    name: str
    team: str
    from_date: date
    to_date: date | None


@dataclass(frozen=True)
class ParticipantView:
    id: int
    name: str
    role: ParticipantRole
    agency: str = ""
    job_title: str = ""
    person_id: int | None = None
    invited: bool = True
    attendance: Attendance = Attendance.INVITED
    present_for: str = ""
    arrived_at: datetime | None = None  # a late arrival: when they came in
    items_missed: str = ""  # and what they missed


@dataclass(frozen=True)
class ExclusionView:
    id: int
    participant_id: int | None
    participant_name: str
    person_id: int | None
    started_at: datetime
    ended_at: datetime | None
    reason: str
    agenda_item_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class SittingView:
    """Part of the conference held with some of the family only (split sittings)."""

    id: int
    label: str
    person_ids: tuple[int, ...]
    started_at: datetime
    ended_at: datetime | None


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


@dataclass(frozen=True)
class ProgressNoteView:
    id: int
    noted_on: date
    text: str
    author: str = ""


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
class ChecklistView:
    chair_met_parents: bool = False
    advocate_offered: bool = False
    interpreter_booked: bool = False
    leaflet_given: bool = False
    told_speak_first: bool = False
    child_seen: bool = False
    notes: str = ""


@dataclass(frozen=True)
class ScalingPoint:
    """The overall level of risk at one conference, for the chart and the words at the top."""

    conference_id: int
    held_on: date
    median: float | None
    low: int | None
    high: int | None


@dataclass(frozen=True)
class QuoracyView:
    quorate: bool
    explanation: str
    agencies: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChildStatementView:
    """A child's own statement attached to the child's views: a drawing, a letter, a photo."""

    id: int
    child_id: int
    child_name: str
    file_name: str
    media_type: str
    size: int
    description: str
    visibility: Visibility
    # Reads the bytes when a document needs them: a view is built on every change of item, and
    # a scanned page can be megabytes.
    loader: Callable[[], bytes] | None = field(default=None, repr=False, compare=False)

    @property
    def content(self) -> bytes:
        return self.loader() if self.loader is not None else b""

    @property
    def is_image(self) -> bool:
        return self.media_type in ("image/png", "image/jpeg")


@dataclass(frozen=True)
class ConductView:
    """The day as it happened and the facts a chair sets beside the agenda (issue 13): the
    interpreter, who attends separately, an adjournment, the children's own statements."""

    interpreter_language: str = ""
    interpreter_name: str = ""
    attends_separately: str = ""
    adjourned_at: datetime | None = None
    reconvene_on: date | None = None
    adjourn_reason: str = ""
    strategy_discussion_on: date | None = None
    child_statements: tuple[ChildStatementView, ...] = ()


@dataclass(frozen=True)
class ConferenceView:
    """Everything about one conference that one audience may see.

    Built only by the sharing service: for a parent's audience, everything professionals-only
    or withheld from that person, and everything heard while they were excluded, is already
    gone. Export and the parent-facing screen read nothing else.
    """

    audience: Audience
    summary: ConferenceSummary
    family: FamilyView
    people: tuple[PersonView, ...]
    participants: tuple[ParticipantView, ...]
    reports: tuple[ReportView, ...]
    agenda: tuple[AgendaItemView, ...]
    entries: tuple[EntryView, ...]
    danger_statements: tuple[DangerStatementView, ...]
    scalings: tuple[ScalingView, ...]
    decisions: tuple[DecisionView, ...]
    actions: tuple[ActionView, ...]
    exclusions: tuple[ExclusionView, ...] = ()
    # Professionals: every sitting; a family member: only the sittings they were in.
    sittings: tuple[SittingView, ...] = ()
    checklist: ChecklistView = field(default_factory=ChecklistView)
    chair_name: str = ""
    minute_taker_name: str = ""
    lead_social_worker: str = ""
    social_workers: tuple[SocialWorkerView, ...] = ()
    started_at: datetime | None = None
    ended_at: datetime | None = None
    core_group_on: date | None = None
    review_on: date | None = None
    plan_end_conditions: str = ""
    parents_not_first_reason: str = ""
    inquorate_reason: str = ""
    quoracy: QuoracyView | None = None
    risk_history: tuple[ScalingPoint, ...] = ()
    marking: str = "OFFICIAL-SENSITIVE"
    council_name: str = ""
    complaints_text: str = ""
    advocacy_services: tuple[str, ...] = ()
    withheld_count: int = 0  # how many items this audience does not see (never what they are)
    conduct: ConductView = field(default_factory=ConductView)

    @property
    def children(self) -> tuple[PersonView, ...]:
        return tuple(p for p in self.people if p.role in (PersonRole.CHILD, PersonRole.UNBORN))

    def entries_for(self, agenda_item_id: int) -> tuple[EntryView, ...]:
        return tuple(e for e in self.entries if e.agenda_item_id == agenda_item_id)

    def agenda_of_kind(self, kind: AgendaKind) -> tuple[AgendaItemView, ...]:
        return tuple(a for a in self.agenda if a.kind == kind)


@dataclass(frozen=True)
class RoomScreenView:
    """What the parents' screen shows: the current item as everyone in the room may see it."""

    title: str
    item: AgendaItemView | None
    entries: tuple[EntryView, ...]
    danger_statements: tuple[DangerStatementView, ...] = ()
    scalings: tuple[ScalingView, ...] = ()
    actions: tuple[ActionView, ...] = ()
    waiting: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.entries or self.danger_statements or self.scalings or self.actions)


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
class GlossaryTermView:
    """A term and the plain explanation a parent reads in their copy's glossary."""

    term: str
    explanation: str


@dataclass(frozen=True)
class ScalingSpread:
    count: int
    low: int | None
    high: int | None
    median: float | None


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
class AccountView:
    """A person who can open this database, and what their role lets them do."""

    id: int
    name: str
    role: UserRole
    created_at: datetime


@dataclass(frozen=True)
class CopyApprovalView:
    """A second person's approval of one copy, read from the audit trail, and whether it still
    covers the copy as it would be exported now (else the content has changed since)."""

    event_id: int  # the audit event that holds the approval
    approver: str
    approved_at: datetime
    content_sha256: str  # SHA-256 of the approved copy's text
    matches_current: bool
