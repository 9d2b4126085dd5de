"""Preparing a conference's people: the family and household, social workers, who is invited."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from chairdesk.domain import (
    Attendance,
    ConferenceStatus,
    ParticipantRole,
    PersonRole,
)
from chairdesk.errors import RuleError, ValidationError
from chairdesk.models import (
    Conference,
    Exclusion,
    Family,
    Participant,
    Person,
    SocialWorkerAllocation,
)
from chairdesk.services import audit
from chairdesk.services.actions import plain_date, plain_text
from chairdesk.services.agency_items import drop_unused_agency_item, ensure_agency_item
from chairdesk.services.base import ServiceContext
from chairdesk.services.common import load, load_conference
from chairdesk.services.conferences import CHILD_ROLES, NewPerson
from chairdesk.services.row_views import participant_view, person_view
from chairdesk.views import ParticipantView, PersonView, SocialWorkerView

_PERSON_TEXT = {"name": True, "language": False, "gender": False}  # short; True: required
_PERSON_YES_NO = ("parental_responsibility", "interpreter_needed", "address_protected")
_PERSON_DATES = ("date_of_birth", "due_date")
_PERSON_FIELDS = (*_PERSON_TEXT, *_PERSON_YES_NO, *_PERSON_DATES, "role", "address")
_PARTICIPANT_FIELDS = ("name", "role", "agency", "job_title", "person_id", "invited")


def check_known(fields: Iterable[str], allowed: Sequence[str], what: str) -> None:
    for key in fields:
        if key not in allowed:
            raise ValidationError(f"{what} has no detail called {key!r}")


def choice_of(kind: Any, value: Any, what: str) -> Any:
    try:
        return kind(value)
    except ValueError as error:
        raise ValidationError(f"{value!r} is not {what}") from error


def yes_no(label: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValidationError(f"{label} must be yes or no")
    return value


def not_future(label: str, value: date | None, today: date) -> date | None:
    if value is not None and value > today:
        raise ValidationError(f"{label} cannot be in the future")
    return value


def _person_changes(fields: dict[str, Any], today: date) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for key, value in fields.items():
        if key in _PERSON_TEXT:
            label = key.replace("_", " ")
            changes[key] = plain_text(label, value, required=_PERSON_TEXT[key], short=True)
        elif key in _PERSON_YES_NO:
            changes[key] = yes_no(key.replace("_", " "), value)
        elif key in _PERSON_DATES:
            changes[key] = plain_date(key.replace("_", " "), value)
        elif key == "role":
            changes[key] = choice_of(PersonRole, value, "a role in the family")
        elif key == "address":
            changes[key] = plain_text("the address", value)
    not_future("a date of birth", changes.get("date_of_birth"), today)
    return changes


class PeoplePreparation:
    """The family, its social workers and the invitation list; PrepareService inherits these."""

    context: ServiceContext

    # The family -------------------------------------------------------------------------

    def add_person(self, family_id: int, new: NewPerson) -> PersonView:
        """Someone in the family: a child, an unborn child, a parent, a carer or a relative."""
        changes = _person_changes(asdict(new), self.context.today())
        with self.context.database.transaction() as session:
            load(session, Family, family_id)
            person = Person(family_id=family_id, **changes)
            session.add(person)
            session.flush()
            audit.record_change(
                session,
                self.context,
                "person.add",
                person.id,
                None,
                {"role": changes["role"].value},
            )
            return person_view(person, False)

    def update_person(self, person_id: int, **fields: Any) -> PersonView:
        check_known(fields, _PERSON_FIELDS, "a person")
        changes = _person_changes(fields, self.context.today())
        with self.context.database.transaction() as session:
            person = load(session, Person, person_id)
            for key, value in changes.items():
                setattr(person, key, value)
            audit.record_change(
                session, self.context, "person.update", person.id, None, {"fields": sorted(changes)}
            )
            session.flush()
            return person_view(person, False)

    def people(self, family_id: int) -> tuple[PersonView, ...]:
        with self.context.database.transaction() as session:
            load(session, Family, family_id)
            rows = session.scalars(
                select(Person).where(Person.family_id == family_id).order_by(Person.id)
            )
            return tuple(person_view(p, False) for p in rows)

    def allocate_social_worker(
        self, family_id: int, name: str, team: str, from_date: date
    ) -> SocialWorkerView:
        """A new allocated social worker. The previous allocation ends the day before: the
        history is kept, and conferences not yet held name the new worker as lead."""
        name = plain_text("the social worker's name", name, required=True, short=True)
        team = plain_text("the team", team, short=True)
        start = plain_date("the date the allocation starts", from_date)
        if start is None:
            raise ValidationError("give the date the allocation starts")
        with self.context.database.transaction() as session:
            load(session, Family, family_id)
            current = session.scalars(
                select(SocialWorkerAllocation)
                .where(
                    SocialWorkerAllocation.family_id == family_id,
                    SocialWorkerAllocation.to_date.is_(None),
                )
                .order_by(SocialWorkerAllocation.from_date)
            ).all()
            for allocation in current:
                if allocation.name.casefold() == name.casefold():
                    raise ValidationError(f"{name} is already the allocated social worker")
                if start <= allocation.from_date:
                    raise ValidationError(
                        "a new allocation must start after the current one began "
                        f"({allocation.from_date:%d/%m/%Y})"
                    )
                allocation.to_date = start - timedelta(days=1)
            allocation = SocialWorkerAllocation(
                family_id=family_id, name=name, team=team, from_date=start
            )
            session.add(allocation)
            for conference in session.scalars(
                select(Conference).where(
                    Conference.family_id == family_id,
                    Conference.status == ConferenceStatus.PLANNED,
                )
            ):
                conference.lead_social_worker = name
            session.flush()
            audit.record_change(
                session,
                self.context,
                "family.allocate_social_worker",
                family_id,
                None,
                {"allocation_id": allocation.id, "closed": len(current)},
            )
            return SocialWorkerView(name, team, start, None)

    def social_workers(self, family_id: int) -> tuple[SocialWorkerView, ...]:
        """Every allocation, oldest first; the current one has no end date."""
        with self.context.database.transaction() as session:
            rows = session.scalars(
                select(SocialWorkerAllocation)
                .where(SocialWorkerAllocation.family_id == family_id)
                .order_by(SocialWorkerAllocation.from_date, SocialWorkerAllocation.id)
            )
            return tuple(SocialWorkerView(w.name, w.team, w.from_date, w.to_date) for w in rows)

    # Who is invited ---------------------------------------------------------------------

    def add_participant(
        self,
        conference_id: int,
        name: str,
        role: ParticipantRole,
        *,
        agency: str = "",
        job_title: str = "",
        person_id: int | None = None,
    ) -> ParticipantView:
        """Invite someone. A professional from an agency not yet on the agenda brings its
        agenda item, after the other agencies (children's social care first)."""
        fields = {"name": name, "role": role, "agency": agency, "job_title": job_title}
        changes = _participant_changes(fields)
        with self.context.database.transaction() as session:
            conference = load_conference(session, conference_id)
            changes["person_id"] = _family_member(session, conference, person_id)
            participant = Participant(conference_id=conference_id, invited=True, **changes)
            session.add(participant)
            session.flush()
            ensure_agency_item(session, conference, participant)
            audit.record_change(
                session,
                self.context,
                "participant.add",
                participant.id,
                conference_id,
                {"role": participant.role.value},
            )
            return participant_view(participant)

    def update_participant(self, participant_id: int, **fields: Any) -> ParticipantView:
        """Change name, role, agency, job_title, person_id or invited."""
        check_known(fields, _PARTICIPANT_FIELDS, "a participant")
        changes = _participant_changes(fields)
        with self.context.database.transaction() as session:
            participant = load(session, Participant, participant_id)
            conference = load_conference(session, participant.conference_id)
            if "person_id" in fields:
                changes["person_id"] = _family_member(session, conference, fields["person_id"])
            for key, value in changes.items():
                setattr(participant, key, value)
            session.flush()
            ensure_agency_item(session, conference, participant)
            audit.record_change(
                session,
                self.context,
                "participant.update",
                participant.id,
                conference.id,
                {"fields": sorted(changes)},
            )
            return participant_view(participant)

    def set_attendance(
        self, participant_id: int, attendance: Attendance, present_for: str = ""
    ) -> ParticipantView:
        """Present, apologies, absent, or part (which then says which items)."""
        chosen = choice_of(Attendance, attendance, "a kind of attendance")
        present_for = plain_text("which items they were present for", present_for, short=True)
        if chosen == Attendance.PART and not present_for:
            raise RuleError("Say which parts of the conference they were present for.")
        with self.context.database.transaction() as session:
            participant = load(session, Participant, participant_id)
            participant.attendance = chosen
            # "Present for" only means something for part of the meeting; the record would
            # otherwise show stale words beside someone who in the end stayed throughout.
            participant.present_for = present_for if chosen == Attendance.PART else ""
            audit.record_change(
                session,
                self.context,
                "participant.attendance",
                participant.id,
                participant.conference_id,
                {"attendance": chosen.value},
            )
            session.flush()
            return participant_view(participant)

    def remove_participant(self, participant_id: int) -> None:
        """Take someone off the invitation list. Anyone who attended or was excluded stays on
        the record; an agency's agenda item goes too if nothing has been said under it."""
        with self.context.database.transaction() as session:
            participant = load(session, Participant, participant_id)
            if participant.attendance in (Attendance.PRESENT, Attendance.PART):
                raise RuleError(
                    f"{participant.name} attended, so stays on the record: "
                    "correct their attendance instead."
                )
            if session.scalar(
                select(Exclusion.id).where(Exclusion.participant_id == participant.id)
            ):
                raise RuleError(
                    f"An exclusion is recorded for {participant.name}, so they stay on the record."
                )
            conference = load_conference(session, participant.conference_id)
            agency = participant.agency
            session.delete(participant)
            session.flush()
            drop_unused_agency_item(session, conference, agency)
            audit.record_change(
                session, self.context, "participant.remove", participant_id, conference.id
            )

    def participants(self, conference_id: int) -> tuple[ParticipantView, ...]:
        with self.context.database.transaction() as session:
            return tuple(
                participant_view(p) for p in load_conference(session, conference_id).participants
            )

    def uninvited_with_parental_responsibility(self, conference_id: int) -> tuple[PersonView, ...]:
        """Adults with parental responsibility not invited: fathers too (DOMAIN.md §1)."""
        with self.context.database.transaction() as session:
            conference = load_conference(session, conference_id)
            invited = [p for p in conference.participants if p.invited]
            person_ids = {p.person_id for p in invited if p.person_id is not None}
            names = {p.name.casefold() for p in invited if p.role.is_family}
            people = session.scalars(
                select(Person)
                .where(
                    Person.family_id == conference.family_id,
                    Person.parental_responsibility.is_(True),
                    Person.role.not_in(CHILD_ROLES),
                )
                .order_by(Person.id)
            )
            return tuple(
                person_view(p, False)
                for p in people
                if p.id not in person_ids and p.name.casefold() not in names
            )


def _participant_changes(fields: dict[str, Any]) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for key, value in fields.items():
        if key == "name":
            changes[key] = plain_text("the name", value, required=True, short=True)
        elif key in ("agency", "job_title"):
            changes[key] = plain_text(key.replace("_", " "), value, short=True)
        elif key == "role":
            changes[key] = choice_of(ParticipantRole, value, "a participant's role")
        elif key == "invited":
            changes[key] = yes_no("invited", value)
    return changes


def _family_member(session: Session, conference: Conference, person_id: Any) -> int | None:
    if person_id is None:
        return None
    person = session.get(Person, person_id) if isinstance(person_id, int) else None
    if person is None or person.family_id != conference.family_id:
        raise ValidationError(f"person {person_id} is not in this family")
    return person.id
