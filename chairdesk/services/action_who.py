"""Who does an action: the people and agencies at the conference, each a family member or not.

The plan prints who does each action with "(family)" or "(professional)"; choosing "Who" from
these names (or typing one of them) sets that correctly, so a named social worker never prints
as family.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from chairdesk.domain import ActionOwner, ParticipantRole, PersonRole
from chairdesk.models import Conference, Participant, Person
from chairdesk.views import WhoChoice

_FAMILY_ROLES = {
    PersonRole.PARENT: "parent",
    PersonRole.CARER: "carer",
    PersonRole.RELATIVE: "relative",
    PersonRole.CHILD: "child",
}


def who_choices(session: Session, conference: Conference) -> tuple[WhoChoice, ...]:
    """The family's adults and children first, then each professional, then each agency."""
    family: list[WhoChoice] = []
    people = session.scalars(
        select(Person).where(Person.family_id == conference.family_id).order_by(Person.id)
    )
    for person in people:
        role = _FAMILY_ROLES.get(person.role)
        if role is not None and person.name.strip():
            family.append(WhoChoice(person.name.strip(), ActionOwner.FAMILY, role))
    named = {choice.label.casefold() for choice in family}
    professionals: list[WhoChoice] = []
    agencies: dict[str, WhoChoice] = {}
    participants = session.scalars(
        select(Participant)
        .where(Participant.conference_id == conference.id)
        .order_by(Participant.id)
    )
    for participant in participants:
        name = participant.name.strip()
        if participant.role.is_family:
            if name and name.casefold() not in named:
                family.append(WhoChoice(name, ActionOwner.FAMILY, participant.role.value))
                named.add(name.casefold())
            continue
        agency = participant.agency.strip()
        if participant.role == ParticipantRole.PROFESSIONAL or agency:
            label = f"{name} ({agency})" if agency and name else name or agency
            if label:
                professionals.append(WhoChoice(label, ActionOwner.PROFESSIONAL, agency))
            if agency and agency.casefold() not in agencies:
                agencies[agency.casefold()] = WhoChoice(agency, ActionOwner.PROFESSIONAL, agency)
    return (*family, *professionals, *agencies.values())


def owner_of(choices: tuple[WhoChoice, ...], who: str) -> ActionOwner | None:
    """The owner for typed or chosen `who` when it names someone at the conference, else None.

    "Sam Social" matches "Sam Social (Children's Social Care)" as well as the full label.
    """
    wanted = " ".join(who.split()).casefold()
    if not wanted:
        return None
    for choice in choices:
        label = choice.label.casefold()
        if wanted == label or (label.startswith(wanted + " (")):
            return choice.owner
    return None
