"""Who does an action: chosen from the conference, so each prints as family or professional."""

from __future__ import annotations

from chairdesk.domain import ActionOwner
from chairdesk.services.actions import ActionService
from tests.services.builders import FATHER, GRANDMOTHER, MOTHER, fixed_context, make_conference


def test_who_choices_are_the_family_then_each_professional_then_each_agency(database):
    conference = make_conference(database)
    choices = ActionService(fixed_context(database)).who_choices(conference.id)
    owners = {c.label: c.owner for c in choices}
    assert owners[MOTHER] == owners[FATHER] == owners[GRANDMOTHER] == ActionOwner.FAMILY
    assert owners["Priya Shah (Children's Social Care)"] == ActionOwner.PROFESSIONAL
    assert owners["Children's Social Care"] == ActionOwner.PROFESSIONAL
    labels = [c.label for c in choices]
    assert labels.index(MOTHER) < labels.index("Priya Shah (Children's Social Care)")
    assert labels.index("Dr Ian Cole (GP)") < labels.index("Police")  # people, then agencies
    assert len(labels) == len(set(labels))  # a parent invited and in the family, once


def test_a_professional_named_as_who_is_a_professionals_action(database):
    conference = make_conference(database)
    service = ActionService(fixed_context(database))
    typed = service.add_action(conference.id, what="Visit every two weeks", who="priya shah")
    chosen = service.add_action(conference.id, what="Offer a place")
    chosen = service.update_action(chosen.id, who="Tom Hale (Oak Tree Primary School)")
    agency = service.add_action(conference.id, what="Check in", who="Police")
    family = service.add_action(conference.id, what="Go to the group", who=MOTHER)
    stranger = service.add_action(conference.id, what="Walk the dog", who="Aunt Pat")
    assert [a.owner for a in (typed, chosen, agency, family, stranger)] == [
        ActionOwner.PROFESSIONAL,
        ActionOwner.PROFESSIONAL,
        ActionOwner.PROFESSIONAL,
        ActionOwner.FAMILY,
        ActionOwner.FAMILY,
    ]
    # An owner given by the caller is kept as given.
    kept = service.update_action(family.id, who=FATHER, owner=ActionOwner.PROFESSIONAL)
    assert kept.owner == ActionOwner.PROFESSIONAL
    assert service.readiness(conference.id).family_action_count == 1
