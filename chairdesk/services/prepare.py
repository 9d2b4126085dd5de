"""Preparing a conference: the family, who is invited, reports, the checklist and the details."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from chairdesk.domain import (
    AgendaKind,
    AgendaStatus,
    Attendance,
    ConferenceStatus,
    MeetingModel,
    ParticipantRole,
    PersonRole,
    Visibility,
)
from chairdesk.errors import RuleError, ValidationError
from chairdesk.models import (
    AgendaItem,
    Conference,
    Entry,
    Exclusion,
    Family,
    Participant,
    Person,
    Report,
    SocialWorkerAllocation,
)
from chairdesk.services import audit
from chairdesk.services.actions import check_visibility, plain_date, plain_text
from chairdesk.services.base import ServiceContext
from chairdesk.services.common import is_childrens_social_care, load, load_conference
from chairdesk.services.conferences import CHILD_ROLES, NewPerson, build_agenda, to_summary
from chairdesk.services.sharing import participant_view, person_view, report_view
from chairdesk.views import (
    ChecklistView,
    ConferenceSummary,
    ParticipantView,
    PersonView,
    ReportView,
    SocialWorkerView,
)

_PERSON_TEXT = {"name": True, "language": False, "gender": False}  # short; True: required
_PERSON_YES_NO = ("parental_responsibility", "interpreter_needed", "address_protected")
_PERSON_DATES = ("date_of_birth", "due_date")
_PERSON_FIELDS = (*_PERSON_TEXT, *_PERSON_YES_NO, *_PERSON_DATES, "role", "address")
_PARTICIPANT_FIELDS = ("name", "role", "agency", "job_title", "person_id", "invited")
_REPORT_FIELDS = (
    "agency",
    "author",
    "title",
    "received_on",
    "shared_with_parents_on",
    "visibility",
    "withheld_from",
)
_CHECKLIST_FLAGS = (
    "chair_met_parents",
    "advocate_offered",
    "interpreter_booked",
    "leaflet_given",
    "told_speak_first",
    "child_seen",
)
_DETAIL_SHORT = ("venue", "chair_name", "minute_taker_name", "lead_social_worker")
_DETAIL_LONG = ("plan_end_conditions", "inquorate_reason")
_DETAIL_DATES = ("strategy_discussion_on", "core_group_on", "review_on")
_DETAILS = (*_DETAIL_SHORT, *_DETAIL_LONG, *_DETAIL_DATES, "scheduled_at", "model")
# Agency items follow these in every agenda template.
_BEFORE_AGENCIES = (
    AgendaKind.OPENING,
    AgendaKind.FAMILY_TREE,
    AgendaKind.PARENTS_VIEWS,
    AgendaKind.PROGRESS_REVIEW,
)


def _known(fields: Iterable[str], allowed: Sequence[str], what: str) -> None:
    for key in fields:
        if key not in allowed:
            raise ValidationError(f"{what} has no detail called {key!r}")


def _enum(kind: Any, value: Any, what: str) -> Any:
    try:
        return kind(value)
    except ValueError as error:
        raise ValidationError(f"{value!r} is not {what}") from error


def _yes_no(label: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValidationError(f"{label} must be yes or no")
    return value


def _not_future(label: str, value: date | None, today: date) -> date | None:
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
            changes[key] = _yes_no(key.replace("_", " "), value)
        elif key in _PERSON_DATES:
            changes[key] = plain_date(key.replace("_", " "), value)
        elif key == "role":
            changes[key] = _enum(PersonRole, value, "a role in the family")
        elif key == "address":
            changes[key] = plain_text("the address", value)
    _not_future("a date of birth", changes.get("date_of_birth"), today)
    return changes


class PrepareService:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context

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
        _known(fields, _PERSON_FIELDS, "a person")
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
            _ensure_agency_item(session, conference, participant)
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
        _known(fields, _PARTICIPANT_FIELDS, "a participant")
        changes = _participant_changes(fields)
        with self.context.database.transaction() as session:
            participant = load(session, Participant, participant_id)
            conference = load_conference(session, participant.conference_id)
            if "person_id" in fields:
                changes["person_id"] = _family_member(session, conference, fields["person_id"])
            for key, value in changes.items():
                setattr(participant, key, value)
            session.flush()
            _ensure_agency_item(session, conference, participant)
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
        chosen = _enum(Attendance, attendance, "a kind of attendance")
        present_for = plain_text("which items they were present for", present_for, short=True)
        if chosen == Attendance.PART and not present_for:
            raise RuleError("Say which parts of the conference they were present for.")
        with self.context.database.transaction() as session:
            participant = load(session, Participant, participant_id)
            participant.attendance = chosen
            participant.present_for = present_for
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
            _drop_unused_agency_item(session, conference, agency)
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

    # Reports ----------------------------------------------------------------------------

    def add_report(
        self,
        conference_id: int,
        agency: str,
        *,
        author: str = "",
        title: str = "",
        received_on: date | None = None,
        shared_with_parents_on: date | None = None,
        visibility: Visibility = Visibility.SHARED,
        withheld_from: Iterable[int] = (),
    ) -> ReportView:
        """A report received for the conference; shareable (shared) or not (professionals)."""
        fields = {
            "agency": agency,
            "author": author,
            "title": title,
            "received_on": received_on,
            "shared_with_parents_on": shared_with_parents_on,
            "visibility": visibility,
            "withheld_from": withheld_from,
        }
        with self.context.database.transaction() as session:
            conference = load_conference(session, conference_id)
            report = Report(conference_id=conference_id, agency="")
            self._apply_report(session, conference, report, fields)
            session.add(report)
            session.flush()
            audit.record_change(
                session,
                self.context,
                "report.add",
                report.id,
                conference_id,
                {"visibility": report.visibility.value},
            )
            return report_view(report)

    def update_report(self, report_id: int, **fields: Any) -> ReportView:
        _known(fields, _REPORT_FIELDS, "a report")
        with self.context.database.transaction() as session:
            report = load(session, Report, report_id)
            conference = load_conference(session, report.conference_id)
            self._apply_report(session, conference, report, fields)
            audit.record_change(
                session,
                self.context,
                "report.update",
                report.id,
                conference.id,
                {"fields": sorted(fields), "visibility": report.visibility.value},
            )
            session.flush()
            return report_view(report)

    def reports(self, conference_id: int) -> tuple[ReportView, ...]:
        with self.context.database.transaction() as session:
            return tuple(report_view(r) for r in load_conference(session, conference_id).reports)

    def _apply_report(
        self, session: Session, conference: Conference, report: Report, fields: dict[str, Any]
    ) -> None:
        today = self.context.today()
        for key in ("agency", "author", "title"):
            if key in fields:
                text = plain_text(f"the report's {key}", fields[key], short=True)
                setattr(report, key, text)
        if not report.agency:
            raise ValidationError("say which agency the report is from")
        for key, label in (
            ("received_on", "the date received"),
            ("shared_with_parents_on", "the date shared with parents"),
        ):
            if key in fields:
                setattr(report, key, _not_future(label, plain_date(label, fields[key]), today))
        if "visibility" in fields or "withheld_from" in fields:
            report.visibility, report.withheld_from = check_visibility(
                session,
                conference.family_id,
                fields.get("visibility", report.visibility),
                fields.get("withheld_from", report.withheld_from or ()),
            )
        if report.visibility == Visibility.PROFESSIONALS and report.shared_with_parents_on:
            raise RuleError(
                "A report for professionals only cannot have been shared with parents: "
                "clear the date shared, or mark the report shareable."
            )

    # The checklist and the details ------------------------------------------------------

    def set_checklist(self, conference_id: int, **flags: Any) -> ChecklistView:
        """Tick the pre-meeting checklist: chair_met_parents, advocate_offered,
        interpreter_booked, leaflet_given, told_speak_first, child_seen, and notes."""
        _known(flags, (*_CHECKLIST_FLAGS, "notes"), "the checklist")
        checked = {
            key: plain_text("the checklist notes", value)
            if key == "notes"
            else _yes_no(key.replace("_", " "), value)
            for key, value in flags.items()
        }
        with self.context.database.transaction() as session:
            conference = load_conference(session, conference_id)
            for key, value in checked.items():
                setattr(conference, "checklist_notes" if key == "notes" else key, value)
            audit.record_change(
                session,
                self.context,
                "conference.checklist",
                conference_id,
                conference_id,
                {k: v for k, v in checked.items() if k != "notes"},
            )
            return _checklist(conference)

    def checklist(self, conference_id: int) -> ChecklistView:
        with self.context.database.transaction() as session:
            return _checklist(load_conference(session, conference_id))

    def update_details(self, conference_id: int, **fields: Any) -> ConferenceSummary:
        """Change venue, scheduled_at, chair_name, minute_taker_name, strategy_discussion_on,
        lead_social_worker, core_group_on, review_on, plan_end_conditions, inquorate_reason or
        model (the model only before the meeting starts: the agenda is rebuilt)."""
        _known(fields, _DETAILS, "a conference")
        changes: dict[str, Any] = {}
        for key, value in fields.items():
            label = key.replace("_", " ")
            if key in _DETAIL_SHORT or key in _DETAIL_LONG:
                changes[key] = plain_text(label, value, short=key in _DETAIL_SHORT)
            elif key in _DETAIL_DATES:
                changes[key] = plain_date(label, value)
            elif key == "model":
                changes[key] = _enum(MeetingModel, value, "a meeting model")
            elif not isinstance(value, datetime):
                raise ValidationError("give the conference's date and time")
            else:
                changes[key] = value
        with self.context.database.transaction() as session:
            conference = load_conference(session, conference_id)
            held_at = changes.get("scheduled_at", conference.scheduled_at)
            _check_dates(session, conference, held_at, changes)
            new_model = changes.pop("model", conference.model)
            for key, value in changes.items():
                setattr(conference, key, value)
            if new_model != conference.model:
                _change_model(session, conference, new_model)
                changes["model"] = new_model
            audit.record_change(
                session,
                self.context,
                "conference.details",
                conference_id,
                conference_id,
                {"fields": sorted(changes)},
            )
            session.flush()
            return to_summary(session, conference)


def _participant_changes(fields: dict[str, Any]) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for key, value in fields.items():
        if key == "name":
            changes[key] = plain_text("the name", value, required=True, short=True)
        elif key in ("agency", "job_title"):
            changes[key] = plain_text(key.replace("_", " "), value, short=True)
        elif key == "role":
            changes[key] = _enum(ParticipantRole, value, "a participant's role")
        elif key == "invited":
            changes[key] = _yes_no("invited", value)
    return changes


def _family_member(session: Session, conference: Conference, person_id: Any) -> int | None:
    if person_id is None:
        return None
    person = session.get(Person, person_id) if isinstance(person_id, int) else None
    if person is None or person.family_id != conference.family_id:
        raise ValidationError(f"person {person_id} is not in this family")
    return person.id


def _agenda(session: Session, conference: Conference) -> list[AgendaItem]:
    return list(
        session.scalars(
            select(AgendaItem)
            .where(AgendaItem.conference_id == conference.id)
            .order_by(AgendaItem.position, AgendaItem.id)
        )
    )


def _ensure_agency_item(session: Session, conference: Conference, participant: Participant) -> None:
    agency = participant.agency
    if participant.role != ParticipantRole.PROFESSIONAL or not agency:
        return
    items = _agenda(session, conference)
    agencies = [i for i in items if i.kind == AgendaKind.AGENCY]
    if any(i.agency.casefold() == agency.casefold() for i in agencies):
        return
    if (
        agencies
        and is_childrens_social_care(agency)
        and all(i.status == AgendaStatus.PENDING for i in agencies)
    ):
        # Children's social care speaks first among the agencies, as build_agenda orders them.
        index = items.index(agencies[0])
    elif agencies:
        index = items.index(agencies[-1]) + 1
    else:
        before = [n for n, i in enumerate(items) if i.kind in _BEFORE_AGENCIES]
        index = before[-1] + 1 if before else len(items)
    item = AgendaItem(
        conference_id=conference.id,
        kind=AgendaKind.AGENCY,
        title=agency,
        agency=agency,
        participant_id=participant.id,
        position=0,
    )
    items.insert(index, item)
    session.add(item)
    for position, each in enumerate(items):
        each.position = position


def _drop_unused_agency_item(session: Session, conference: Conference, agency: str) -> None:
    remaining = session.scalars(
        select(Participant.agency).where(Participant.conference_id == conference.id)
    )
    if not agency or any(other.casefold() == agency.casefold() for other in remaining):
        return
    items = _agenda(session, conference)
    for item in items:
        if (
            item.kind == AgendaKind.AGENCY
            and item.agency.casefold() == agency.casefold()
            and item.status == AgendaStatus.PENDING
            and session.scalar(select(Entry.id).where(Entry.agenda_item_id == item.id)) is None
        ):
            session.delete(item)
            items.remove(item)
            for position, each in enumerate(items):
                each.position = position
            return


def _check_dates(
    session: Session, conference: Conference, held_at: datetime, changes: dict[str, Any]
) -> None:
    held_on = held_at.date()
    if conference.previous_id is not None:
        previous = load_conference(session, conference.previous_id)
        if held_at <= previous.scheduled_at:
            raise ValidationError("a review must be held after the conference it reviews")
    strategy = changes.get("strategy_discussion_on", conference.strategy_discussion_on)
    if strategy is not None and strategy > held_on:
        raise ValidationError("the strategy discussion comes before the conference")
    for key, label in (("core_group_on", "the first core group"), ("review_on", "the review")):
        day = changes.get(key, getattr(conference, key))
        if day is not None and day < held_on:
            raise ValidationError(f"{label} must be after the conference")


def _change_model(session: Session, conference: Conference, model: MeetingModel) -> None:
    """A different meeting model means a different agenda: only before anything is said."""
    started = conference.status != ConferenceStatus.PLANNED or any(
        item.status != AgendaStatus.PENDING for item in _agenda(session, conference)
    )
    has_entries = session.scalar(select(Entry.id).where(Entry.conference_id == conference.id))
    if started or has_entries is not None:
        raise RuleError("The meeting has started, so its model cannot change now.")
    conference.model = model
    conference.agenda.clear()
    session.flush()
    session.add_all(build_agenda(conference, conference.participants))


def _checklist(conference: Conference) -> ChecklistView:
    return ChecklistView(
        **{flag: getattr(conference, flag) for flag in _CHECKLIST_FLAGS},
        notes=conference.checklist_notes,
    )


__all__ = ["PrepareService"]
