"""Importing a package's meeting: who was invited and came, the agenda, core groups, sittings
and who was asked to leave the room (each family member named, as the screens require)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chairdesk.domain import AgendaKind, AgendaStatus, Attendance, ParticipantRole
from chairdesk.errors import PackageError
from chairdesk.models import (
    AgendaItem,
    Conference,
    CoreGroupMeeting,
    Exclusion,
    Participant,
    Sitting,
)
from chairdesk.services.package_rules import INVALID, NOTHING

if TYPE_CHECKING:
    from chairdesk.services.package_import import PackageImporter


def add_participants(importer: PackageImporter, conference: Conference) -> None:
    for i, data in enumerate(importer.document["participants"]):
        where = f"participants[{i}]"
        participant = Participant(
            conference_id=conference.id,
            person_id=importer.ref("person", data.get("person"), f"{where}.person"),
            name=data["name"],
            role=ParticipantRole(data["role"]),
            agency=data.get("agency", ""),
            job_title=data.get("job_title", ""),
            invited=data.get("invited", True),
            attendance=Attendance(data.get("attendance", "invited")),
            present_for=data.get("present_for", ""),
        )
        importer.session.add(participant)
        importer.session.flush()
        importer.remember("participant", data["id"], participant.id, where)


def add_agenda(importer: PackageImporter, conference: Conference) -> None:
    for i, data in enumerate(importer.document["agenda"]):
        where = f"agenda[{i}]"
        item = AgendaItem(
            conference_id=conference.id,
            kind=AgendaKind(data["kind"]),
            title=data["title"],
            position=data["position"],
            status=AgendaStatus(data.get("status", "pending")),
            started_at=importer.time(data.get("started_at"), f"{where}.started_at"),
            ended_at=importer.time(data.get("ended_at"), f"{where}.ended_at"),
            reason=data.get("reason", ""),
            agency=data.get("agency", ""),
            participant_id=importer.ref(
                "participant", data.get("participant"), f"{where}.participant"
            ),
        )
        importer.session.add(item)
        importer.session.flush()
        importer.remember("agenda item", data["id"], item.id, where)


def add_conference_parts(importer: PackageImporter, conference: Conference) -> None:
    data = importer.document["conference"]
    for i, group in enumerate(data.get("core_groups", [])):
        where = f"conference.core_groups[{i}]"
        meeting = CoreGroupMeeting(
            conference_id=conference.id,
            held_on=importer.day(group["held_on"], f"{where}.held_on"),
            attendees=group.get("attendees", ""),
            notes=group.get("notes", ""),
        )
        importer.session.add(meeting)
        importer.session.flush()
        importer.remember("core group", group["id"], meeting.id, where)
    for i, sitting in enumerate(data.get("sittings", [])):
        where = f"conference.sittings[{i}]"
        members = importer.refs("person", sitting.get("people"), f"{where}.people")
        if not members:
            raise PackageError(
                f"{INVALID} {where}: a sitting must name the family members in it; {NOTHING}"
            )
        started_at = importer.time(sitting["started_at"], f"{where}.started_at")
        assert started_at is not None  # required by the schema
        importer.session.add(
            Sitting(
                conference_id=conference.id,
                label=sitting.get("label", ""),
                person_ids=members,
                started_at=started_at,
                ended_at=importer.time(sitting.get("ended_at"), f"{where}.ended_at"),
            )
        )
    for i, exclusion in enumerate(data.get("exclusions", [])):
        where = f"conference.exclusions[{i}]"
        participant_id = importer.ref(
            "participant", exclusion.get("participant"), f"{where}.participant"
        )
        importer.session.add(
            Exclusion(
                conference_id=conference.id,
                participant_id=participant_id,
                person_id=_excluded_person(importer, exclusion, participant_id, where),
                started_at=importer.time(exclusion["started_at"], f"{where}.started_at"),
                ended_at=importer.time(exclusion.get("ended_at"), f"{where}.ended_at"),
                reason=exclusion["reason"],
                agenda_item_ids=importer.refs(
                    "agenda item", exclusion.get("agenda_items"), f"{where}.agenda_items"
                ),
            )
        )


def _excluded_person(
    importer: PackageImporter, exclusion: dict[str, Any], participant_id: int | None, where: str
) -> int:
    """The family member an exclusion kept out, as the screens require one (DESIGN.md §4).

    Raises:
        PackageError: it names nobody of the family, or a participant who is someone else.
    """
    person_id = importer.ref("person", exclusion.get("person"), f"{where}.person")
    linked = None
    if participant_id is not None:
        participant = importer.session.get(Participant, participant_id)
        linked = participant.person_id if participant is not None else None
    if person_id is None:
        person_id = linked
    if person_id is None:
        raise PackageError(
            f"{INVALID} {where}: an exclusion must name the family member who left the "
            f"room; {NOTHING}"
        )
    if linked is not None and linked != person_id:
        raise PackageError(
            f"{INVALID} {where}: the participant is not the person excluded; {NOTHING}"
        )
    return person_id
