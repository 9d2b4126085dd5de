"""The people of a conference as the services show them: the family and its members, social
workers, participants, exclusions, split sittings and the accounts that open the database.

Frozen view types like the rest of views.py (which re-exports them); no SQLAlchemy, no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from chairdesk.domain import Attendance, ParticipantRole, PersonRole, UserRole


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
class AccountView:
    """A person who can open this database, and what their role lets them do."""

    id: int
    name: str
    role: UserRole
    created_at: datetime
