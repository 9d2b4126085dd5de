"""Plain frozen view types that services return and export and the UI read. No SQLAlchemy, no Qt.

This module holds the conference as one audience sees it (`Audience`, `ConferenceView`, the
parents' screen) and re-exports every other view, so `from chairdesk.views import X` works for
all of them. The rest live beside it by area: home_views.py (what Home shows first),
views_people.py, views_meeting.py (what was heard and decided), views_plan.py and
views_parents.py (parents' copies and feedback).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from chairdesk.domain import AgendaKind, PersonRole, Visibility
from chairdesk.home_views import ConferenceSummary, DueItem, PlanEndingItem
from chairdesk.views_meeting import (
    AgendaItemView,
    DangerStatementView,
    DecisionView,
    DissentView,
    EntryView,
    RecommendationView,
    ReportView,
    ScalingPoint,
    ScalingSpread,
    ScalingView,
)
from chairdesk.views_parents import (
    CopyApprovalView,
    FeedbackQuestionSummary,
    FeedbackSummaryView,
    FeedbackView,
    GlossaryTermView,
    ParentCopyItem,
)
from chairdesk.views_people import (
    AccountView,
    ExclusionView,
    FamilyView,
    ParticipantView,
    PersonView,
    SittingView,
    SocialWorkerView,
)
from chairdesk.views_plan import (
    ActionView,
    CoreGroupUpdateView,
    CoreGroupView,
    DateMoveView,
    DeplanningView,
    PlanReadiness,
    ProgressNoteView,
    WhoChoice,
)

__all__ = [
    "AccountView",
    "ActionView",
    "AgendaItemView",
    "Audience",
    "ChecklistView",
    "ChildStatementView",
    "ConductView",
    "ConferenceSummary",
    "ConferenceView",
    "CopyApprovalView",
    "CoreGroupUpdateView",
    "CoreGroupView",
    "DangerStatementView",
    "DateMoveView",
    "DecisionView",
    "DeplanningView",
    "DissentView",
    "DueItem",
    "EntryView",
    "ExclusionView",
    "FamilyView",
    "FeedbackQuestionSummary",
    "FeedbackSummaryView",
    "FeedbackView",
    "GlossaryTermView",
    "ParentCopyItem",
    "ParticipantView",
    "PersonView",
    "PlanEndingItem",
    "PlanReadiness",
    "ProgressNoteView",
    "QuoracyView",
    "RecommendationView",
    "ReportView",
    "RoomScreenView",
    "ScalingPoint",
    "ScalingSpread",
    "ScalingView",
    "SittingView",
    "SocialWorkerView",
    "WhoChoice",
]


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
class ChecklistView:
    chair_met_parents: bool = False
    advocate_offered: bool = False
    interpreter_booked: bool = False
    leaflet_given: bool = False
    told_speak_first: bool = False
    child_seen: bool = False
    notes: str = ""


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
