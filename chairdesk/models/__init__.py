"""SQLAlchemy ORM entities of DESIGN.md §3. No Qt."""

from __future__ import annotations

from chairdesk.models.admin import AuditEvent, Feedback, Setting, UserAccount
from chairdesk.models.base import Base
from chairdesk.models.conference import (
    AgendaItem,
    Conference,
    CoreGroupMeeting,
    Exclusion,
    Participant,
    Report,
)
from chairdesk.models.due import DueRow, DueState
from chairdesk.models.family import Family, Person, SocialWorkerAllocation
from chairdesk.models.plan import Action, ProgressNote
from chairdesk.models.record import (
    DangerStatement,
    Decision,
    Dissent,
    Entry,
    Recommendation,
    SafetyGoal,
    Scaling,
)

__all__ = [
    "Action",
    "AgendaItem",
    "AuditEvent",
    "Base",
    "Conference",
    "CoreGroupMeeting",
    "DangerStatement",
    "Decision",
    "Dissent",
    "DueRow",
    "DueState",
    "Entry",
    "Exclusion",
    "Family",
    "Feedback",
    "Participant",
    "Person",
    "ProgressNote",
    "Recommendation",
    "Report",
    "SafetyGoal",
    "Scaling",
    "Setting",
    "SocialWorkerAllocation",
    "UserAccount",
]
