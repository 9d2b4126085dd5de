"""Who is proposed for a copy, and recipients found by identity, never by a shared name."""

from __future__ import annotations

from datetime import date

import pytest

from chairdesk.domain import PersonRole
from chairdesk.errors import ValidationError
from chairdesk.services.agenda import AgendaService
from chairdesk.services.conferences import NewPerson
from chairdesk.services.prepare import PrepareService
from chairdesk.services.recipients import RecipientService
from chairdesk.services.sharing import SharingService
from chairdesk.storage.engine import Database
from tests.services.builders import (
    FATHER,
    GRANDMOTHER,
    MOTHER,
    fixed_context,
    make_conference,
    participant_id,
    person_id,
)


def test_recipients_parents_with_responsibility_are_proposed_and_others_say_why_not(
    database: Database,
) -> None:
    context = fixed_context(database)
    conference = make_conference(database)
    view = SharingService(context).view(conference.id)
    PrepareService(context).update_person(
        person_id(view, FATHER), parental_responsibility=False, gender="male"
    )
    AgendaService(context).exclude(
        participant_id(view, GRANDMOTHER), "She shouted at the social worker."
    )

    choices = {
        c.audience.recipient_name: c for c in RecipientService(context).choices(conference.id)
    }

    assert choices[MOTHER].proposed and not choices[MOTHER].why_not_proposed
    assert not choices[FATHER].proposed
    assert choices[FATHER].why_not_proposed == "no parental responsibility"
    assert choices[FATHER].audience.relationship == "father without parental responsibility"
    assert not choices[GRANDMOTHER].proposed
    assert choices[GRANDMOTHER].why_not_proposed == "asked to leave part of the meeting"


def test_recipients_a_shared_name_is_refused_and_an_id_is_accepted(database: Database) -> None:
    context = fixed_context(database)
    conference = make_conference(database)
    view = SharingService(context).view(conference.id)
    namesake = PrepareService(context).add_person(
        view.family.id,
        NewPerson(MOTHER, PersonRole.CARER, date_of_birth=date(1970, 1, 30), gender="female"),
    )
    recipients = RecipientService(context)

    with pytest.raises(ValidationError) as refused:
        recipients.find(conference.id, f"  {MOTHER} ")
    message = str(refused.value)
    assert f"2 people in this family are called '{MOTHER}'" in message
    assert f"{person_id(view, MOTHER)}: {MOTHER}, parent, date of birth not known" in message
    assert f"{namesake.id}: {MOTHER}, female carer, born 30 January 1970" in message

    chosen = recipients.find(conference.id, str(namesake.id))
    assert chosen.recipient_person_id == namesake.id
    assert chosen.recipient_label == f"{MOTHER} (female carer)"
    assert recipients.find(conference.id, FATHER).recipient_person_id == person_id(view, FATHER)
    with pytest.raises(ValidationError, match="no parent, carer or relative 'Nobody'"):
        recipients.find(conference.id, "Nobody")
