"""Creating a conference refuses text no database can store, with one plain line, and writes
nothing; what it accepts reads back the same on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
from datetime import datetime

import pytest

from chairdesk.domain import ConferenceKind, MeetingModel, ParticipantRole, PersonRole
from chairdesk.errors import ValidationError
from chairdesk.services.conferences import ConferenceService, NewConference, NewInvitee, NewPerson
from chairdesk.services.sharing import SharingService
from chairdesk.storage.engine import Database
from tests.services.builders import fixed_context

WHEN = datetime(2026, 12, 1, 10, 0)


def _new(reference: str = "CP-7001") -> NewConference:
    return NewConference(
        case_reference=reference,
        family_name="Pemberton",
        kind=ConferenceKind.INITIAL,
        model=MeetingModel.SIGNS_OF_SAFETY,
        scheduled_at=WHEN,
        people=(
            NewPerson("Isla Pemberton", PersonRole.CHILD),
            NewPerson("Grace Pemberton", PersonRole.PARENT, parental_responsibility=True),
        ),
        invitees=(
            NewInvitee("Grace Pemberton", ParticipantRole.PARENT, person_index=1),
            NewInvitee("Nia Holt", ParticipantRole.PROFESSIONAL, "Children's Social Care"),
        ),
        venue="Room 4, Civic Centre",
        chair_name="Ruth Hale",
        lead_social_worker="Nia Holt",
    )


def _with_person(new: NewConference, index: int, **changes: object) -> NewConference:
    people = list(new.people)
    people[index] = dataclasses.replace(people[index], **changes)  # type: ignore[arg-type]
    return dataclasses.replace(new, people=tuple(people))


BAD = {
    "a broken character": "Isla\ud800Pemberton",
    "a null character": "Isla\x00Pemberton",
    "a name too long for any database": "Isla " * 120,
}


@pytest.mark.parametrize("what", sorted(BAD))
@pytest.mark.parametrize(
    "where",
    [
        "family_name",
        "case_reference",
        "venue",
        "chair_name",
        "lead_social_worker",
        "child",
        "agency",
    ],
)
def test_create_refuses_unstorable_text_plainly_and_writes_nothing(
    database: Database, where: str, what: str
) -> None:
    service = ConferenceService(fixed_context(database, WHEN))
    value = BAD[what]
    new = _new()
    if where == "child":
        new = _with_person(new, 0, name=value)
    elif where == "agency":
        invitees = (*new.invitees, NewInvitee("Jo Bright", ParticipantRole.PROFESSIONAL, value))
        new = dataclasses.replace(new, invitees=invitees)
    else:
        new = dataclasses.replace(new, **{where: value})
    with pytest.raises(ValidationError) as refused:
        service.create(new)
    message = str(refused.value)
    assert "\n" not in message and len(message) < 300
    assert service.list_conferences() == ()
    # The same reference is free afterwards: nothing half-written.
    assert service.create(_new()).case_reference == "CP-7001"


@pytest.mark.parametrize("index", [0, 1])
def test_create_refuses_a_blank_name_for_a_child_or_a_parent(
    database: Database, index: int
) -> None:
    service = ConferenceService(fixed_context(database, WHEN))
    with pytest.raises(ValidationError, match="cannot be empty"):
        service.create(_with_person(_new(), index, name="  "))
    assert service.list_conferences() == ()


def test_create_keeps_names_as_typed_and_tidies_the_family_details(database: Database) -> None:
    context = fixed_context(database, WHEN)
    new = dataclasses.replace(
        _with_person(_new(), 0, name="Zoë  Pemberton-Ødegård 🦄"),
        case_reference="  CP-7002 ",
        family_name=" Pemberton ",
        venue=" Room 4 ",
    )
    summary = ConferenceService(context).create(new)
    view = SharingService(context).view(summary.id)
    assert (view.family.case_reference, view.family.family_name) == ("CP-7002", "Pemberton")
    assert view.summary.venue == "Room 4"
    assert view.people[0].name == "Zoë  Pemberton-Ødegård 🦄"
    assert [w.name for w in view.social_workers] == ["Nia Holt"]
