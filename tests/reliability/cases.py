"""A fictional case recorded through the services, with marker text the tests look for."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime

from chairdesk.domain import (
    AgendaKind,
    ConferenceKind,
    Heading,
    MeetingModel,
    ParticipantRole,
    PersonRole,
)
from chairdesk.services.actions import ActionService
from chairdesk.services.analysis import AnalysisService
from chairdesk.services.base import ServiceContext
from chairdesk.services.conferences import (
    ConferenceService,
    NewConference,
    NewInvitee,
    NewPerson,
)
from chairdesk.services.entries import EntryService
from chairdesk.services.sharing import SharingService


def marker(label: str = "MARK") -> str:
    """A string no real record holds, easy to find in raw bytes."""
    return f"{label}{secrets.token_hex(8).upper()}Z"


@dataclass(frozen=True)
class Case:
    conference_id: int
    family_id: int
    parents_item_id: int
    child_id: int
    parent_id: int


def record_case(
    context: ServiceContext,
    reference: str,
    *,
    family_name: str = "Thornbury",
    child_name: str = "Ada Thornbury",
    parent_name: str = "Rhys Thornbury",
    scheduled_at: datetime = datetime(2026, 3, 2, 10, 0),
    entry_text: str = "",
    action_what: str = "",
    danger: str = "",
) -> Case:
    """A fictional family with a child and a parent, one conference, and what is given."""
    summary = ConferenceService(context).create(
        NewConference(
            case_reference=reference,
            family_name=family_name,
            kind=ConferenceKind.INITIAL,
            model=MeetingModel.SIGNS_OF_SAFETY,
            scheduled_at=scheduled_at,
            people=(
                NewPerson(child_name, PersonRole.CHILD, date_of_birth=date(2019, 5, 1)),
                NewPerson(parent_name, PersonRole.PARENT, parental_responsibility=True),
            ),
            invitees=(
                NewInvitee(parent_name, ParticipantRole.PARENT, person_index=1),
                NewInvitee(
                    "Kit Marlowe",
                    ParticipantRole.PROFESSIONAL,
                    "Children's Social Care",
                    "Social worker",
                ),
                NewInvitee("Bo Ellis", ParticipantRole.PROFESSIONAL, "Health visiting"),
                NewInvitee("Cy Penn", ParticipantRole.PROFESSIONAL, "Oak Tree Primary School"),
            ),
            chair_name="Lee Arden",
        )
    )
    view = SharingService(context).view(summary.id)
    item = next(a for a in view.agenda if a.kind == AgendaKind.PARENTS_VIEWS)
    child = next(p for p in view.people if p.role == PersonRole.CHILD)
    parent = next(p for p in view.people if p.role == PersonRole.PARENT)
    if entry_text:
        EntryService(context).add_entry(item.id, Heading.VIEW, entry_text)
    if action_what:
        ActionService(context).add_action(
            summary.id, what=action_what, who=parent_name, child_ids=[child.id]
        )
    if danger:
        AnalysisService(context).add_danger_statement(summary.id, danger, "Ada is safe at home")
    return Case(summary.id, summary.family_id, item.id, child.id, parent.id)
