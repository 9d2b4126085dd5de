"""SQLAlchemy ORM entities of DESIGN.md §3. No Qt."""

from __future__ import annotations

from chairdesk.models.admin import (
    AuditAnchor,
    AuditEvent,
    Feedback,
    Setting,
    SigningKey,
    UserAccount,
)
from chairdesk.models.base import Base
from chairdesk.models.conference import (
    AgendaItem,
    ChildStatement,
    Conference,
    CoreGroupMeeting,
    Exclusion,
    Participant,
    Report,
    Sitting,
)
from chairdesk.models.due import DueRow, DueState
from chairdesk.models.family import Family, Person, SocialWorkerAllocation
from chairdesk.models.issued import IssuedDocument
from chairdesk.models.plan import Action, ActionDateMove, ProgressNote
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
    "ActionDateMove",
    "AgendaItem",
    "AuditAnchor",
    "AuditEvent",
    "Base",
    "ChildStatement",
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
    "IssuedDocument",
    "Participant",
    "Person",
    "ProgressNote",
    "Recommendation",
    "Report",
    "SafetyGoal",
    "Scaling",
    "Setting",
    "SigningKey",
    "Sitting",
    "SocialWorkerAllocation",
    "UserAccount",
]
