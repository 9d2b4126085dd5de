"""Writing a validated conference package into the database, every reference remapped.

Called by PackageService.import_package inside one transaction; the rules on case references
already in the database are in chairdesk/services/package.py's docstring.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from chairdesk.domain import (
    ConferenceKind,
    ConferenceStatus,
    Heading,
    MeetingModel,
    Origin,
    PersonRole,
    Visibility,
)
from chairdesk.errors import PackageError
from chairdesk.models import (
    Conference,
    Entry,
    Family,
    Person,
    Report,
    SocialWorkerAllocation,
)
from chairdesk.services import audit
from chairdesk.services.base import ServiceContext
from chairdesk.services.conferences import to_summary
from chairdesk.services.package_import_meeting import (
    add_agenda,
    add_conference_parts,
    add_participants,
)
from chairdesk.services.package_import_plan import (
    add_actions,
    add_danger_statements,
    add_decisions,
    add_scalings,
)
from chairdesk.services.package_rules import INVALID, NOTHING
from chairdesk.views import ConferenceSummary

__all__ = ["INVALID", "NOTHING", "Document", "PackageImporter"]

Document = dict[str, Any]


class PackageImporter:
    """One import: package-local ids mapped to the new database ids as records are added."""

    def __init__(
        self,
        session: Session,
        context: ServiceContext,
        document: Document,
        audit_detail: dict[str, object] | None = None,
    ) -> None:
        self.session = session
        self.context = context
        self.document = document
        self.audit_detail = audit_detail or {}
        self.ids: dict[str, dict[int, int]] = {
            kind: {}
            for kind in ("person", "participant", "agenda item", "danger statement", "core group")
        }

    # Small checked readers: every failure names the field by its path in the package.

    def day(self, value: str | None, where: str) -> date | None:
        if value is None:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise PackageError(f"{INVALID} {where}: {value!r} is not a real date") from None

    def time(self, value: str | None, where: str) -> datetime | None:
        if value is None:
            return None
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            raise PackageError(
                f"{INVALID} {where}: {value!r} is not a real date and time"
            ) from None

    def ref(self, kind: str, value: int | None, where: str) -> int | None:
        if value is None:
            return None
        found = self.ids[kind].get(value)
        if found is None:
            raise PackageError(f"{INVALID} {where}: there is no {kind} {value} in the package")
        return found

    def refs(self, kind: str, values: list[int] | None, where: str) -> list[int]:
        return [self.ref(kind, v, f"{where}[{i}]") or 0 for i, v in enumerate(values or [])]

    def remember(self, kind: str, local: int, db_id: int, where: str) -> None:
        if local in self.ids[kind]:
            raise PackageError(f"{INVALID} {where}.id: {kind} id {local} is used twice")
        self.ids[kind][local] = db_id

    def run(self) -> ConferenceSummary:
        family, existing = self._family()
        conference = self._conference(family, existing)
        add_participants(self, conference)
        add_agenda(self, conference)
        add_conference_parts(self, conference)
        self._reports(conference)
        self._entries(conference)
        add_danger_statements(self, conference)
        add_scalings(self, conference)
        add_decisions(self, conference)
        add_actions(self, conference)
        audit.record(
            self.session,
            self.context,
            "package.import",
            "conference",
            conference.id,
            conference.id,
            {
                "entries": len(self.document["entries"]),
                "actions": len(self.document["actions"]),
                "into_existing_family": existing,
                **self.audit_detail,
            },
        )
        self.session.flush()
        return to_summary(self.session, conference)

    def _family(self) -> tuple[Family, bool]:
        data = self.document["family"]
        reference = data["case_reference"].strip()
        family = self.session.scalar(select(Family).where(Family.case_reference == reference))
        existing = family is not None
        if family is None:
            family = Family(
                case_reference=reference,
                family_name=data["family_name"].strip(),
                address=data.get("address", ""),
            )
            self.session.add(family)
            self.session.flush()
        elif family.family_name.strip().casefold() != data["family_name"].strip().casefold():
            raise PackageError(
                f"case reference {reference} is already in this database for a family with "
                f"another name: {NOTHING}; check the case reference"
            )
        known = {(w.name, w.from_date) for w in family.social_workers}
        for i, worker in enumerate(data.get("social_workers", [])):
            where = f"family.social_workers[{i}]"
            from_date = self.day(worker["from_date"], f"{where}.from_date")
            if (worker["name"], from_date) in known:
                continue
            self.session.add(
                SocialWorkerAllocation(
                    family_id=family.id,
                    name=worker["name"],
                    team=worker.get("team", ""),
                    from_date=from_date,
                    to_date=self.day(worker.get("to_date"), f"{where}.to_date"),
                )
            )
        people = {
            (p.name, p.role): p.id
            for p in self.session.scalars(select(Person).where(Person.family_id == family.id))
        }
        for i, data_person in enumerate(self.document["people"]):
            where = f"people[{i}]"
            role = PersonRole(data_person["role"])
            person_id = people.get((data_person["name"], role))
            if person_id is None:
                person = Person(
                    family_id=family.id,
                    name=data_person["name"],
                    role=role,
                    gender=data_person.get("gender", ""),
                    date_of_birth=self.day(
                        data_person.get("date_of_birth"), f"{where}.date_of_birth"
                    ),
                    due_date=self.day(data_person.get("due_date"), f"{where}.due_date"),
                    parental_responsibility=data_person.get("parental_responsibility", False),
                    language=data_person.get("language", "English"),
                    interpreter_needed=data_person.get("interpreter_needed", False),
                    address_protected=data_person.get("address_protected", False),
                    address=data_person.get("address", ""),
                )
                self.session.add(person)
                self.session.flush()
                person_id = person.id
            self.remember("person", data_person["id"], person_id, where)
        # Who each person is kept from, once every person has its id here.
        for i, data_person in enumerate(self.document["people"]):
            withheld = self.refs(
                "person", data_person.get("withheld_from"), f"people[{i}].withheld_from"
            )
            kept = self.session.get(Person, self.ids["person"][data_person["id"]])
            if withheld and kept is not None:
                kept.withheld_from = sorted(set(kept.withheld_from or ()) | set(withheld))
        if data.get("parents_kept_apart"):
            family.parents_kept_apart = True
        return family, existing

    def _conference(self, family: Family, existing: bool) -> Conference:
        data = self.document["conference"]
        kind = ConferenceKind(data["kind"])
        scheduled_at = self.time(data["scheduled_at"], "conference.scheduled_at")
        assert scheduled_at is not None
        if existing:
            clash = self.session.scalar(
                select(Conference.id).where(
                    Conference.family_id == family.id,
                    Conference.kind == kind,
                    Conference.scheduled_at == scheduled_at,
                )
            )
            if clash is not None:
                raise PackageError(
                    f"this conference is already in the database as conference {clash}: {NOTHING}"
                )
        previous_id = None
        previous = data.get("previous")
        if existing and previous:
            previous_id = self.session.scalar(
                select(Conference.id).where(
                    Conference.family_id == family.id,
                    Conference.kind == ConferenceKind(previous["kind"]),
                    Conference.scheduled_at
                    == self.time(previous["scheduled_at"], "conference.previous.scheduled_at"),
                )
            )
        checklist = data.get("checklist", {})
        day, time = self.day, self.time
        conference = Conference(
            family_id=family.id,
            kind=kind,
            model=MeetingModel(data["model"]),
            scheduled_at=scheduled_at,
            venue=data.get("venue", ""),
            status=ConferenceStatus(data["status"]),
            chair_name=data.get("chair_name", ""),
            minute_taker_name=data.get("minute_taker_name", ""),
            strategy_discussion_on=day(
                data.get("strategy_discussion_on"), "conference.strategy_discussion_on"
            ),
            previous_id=previous_id,
            started_at=time(data.get("started_at"), "conference.started_at"),
            ended_at=time(data.get("ended_at"), "conference.ended_at"),
            lead_social_worker=data.get("lead_social_worker", ""),
            core_group_on=day(data.get("core_group_on"), "conference.core_group_on"),
            review_on=day(data.get("review_on"), "conference.review_on"),
            outcome_letter_sent_on=day(
                data.get("outcome_letter_sent_on"), "conference.outcome_letter_sent_on"
            ),
            record_issued_on=day(data.get("record_issued_on"), "conference.record_issued_on"),
            plan_end_conditions=data.get("plan_end_conditions", ""),
            parents_not_first_reason=data.get("parents_not_first_reason", ""),
            inquorate_reason=data.get("inquorate_reason", ""),
            checklist_notes=checklist.get("notes", ""),
            **{
                flag: bool(checklist.get(flag, False))
                for flag in (
                    "chair_met_parents",
                    "advocate_offered",
                    "interpreter_booked",
                    "leaflet_given",
                    "told_speak_first",
                    "child_seen",
                )
            },
        )
        self.session.add(conference)
        self.session.flush()
        return conference

    def _reports(self, conference: Conference) -> None:
        for i, data in enumerate(self.document["reports"]):
            where = f"reports[{i}]"
            self.session.add(
                Report(
                    conference_id=conference.id,
                    agency=data["agency"],
                    author=data.get("author", ""),
                    title=data.get("title", ""),
                    received_on=self.day(data.get("received_on"), f"{where}.received_on"),
                    shared_with_parents_on=self.day(
                        data.get("shared_with_parents_on"), f"{where}.shared_with_parents_on"
                    ),
                    visibility=Visibility(data["visibility"]),
                    withheld_from=self.refs(
                        "person", data.get("withheld_from"), f"{where}.withheld_from"
                    ),
                )
            )

    def _entries(self, conference: Conference) -> None:
        fallback = conference.started_at or conference.scheduled_at
        for i, data in enumerate(self.document["entries"]):
            where = f"entries[{i}]"
            created = self.time(data.get("created_at"), f"{where}.created_at") or fallback
            self.session.add(
                Entry(
                    conference_id=conference.id,
                    agenda_item_id=self.ref(
                        "agenda item", data["agenda_item"], f"{where}.agenda_item"
                    ),
                    heading=Heading(data["heading"]),
                    text=data["text"],
                    visibility=Visibility(data["visibility"]),
                    withheld_from=self.refs(
                        "person", data.get("withheld_from"), f"{where}.withheld_from"
                    ),
                    origin=Origin(data["origin"]),
                    speaker_name=data["speaker"],
                    speaker_participant_id=self.ref(
                        "participant",
                        data.get("speaker_participant"),
                        f"{where}.speaker_participant",
                    ),
                    child_id=self.ref("person", data.get("child"), f"{where}.child"),
                    author=data.get("author", ""),
                    created_at=created,
                    updated_at=self.time(data.get("updated_at"), f"{where}.updated_at") or created,
                )
            )
