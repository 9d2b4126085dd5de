"""Who can receive a parent's copy, chosen by identity (a person id), never by a name alone.

DESIGN.md §4: recipients are people of the family; the chair chooses who gets a copy. Parents and
carers with parental responsibility are proposed; relatives, a parent without parental
responsibility and anyone asked to leave the meeting are listed but not proposed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from chairdesk.domain import PersonRole
from chairdesk.errors import ValidationError
from chairdesk.models import Conference, Exclusion, Participant, Person
from chairdesk.services.base import ServiceContext
from chairdesk.services.common import load_conference
from chairdesk.views import Audience

RECIPIENT_ROLES = (PersonRole.PARENT, PersonRole.CARER, PersonRole.RELATIVE)

_ROLE_WORDS = {
    (PersonRole.PARENT, "male"): "father",
    (PersonRole.PARENT, "female"): "mother",
    (PersonRole.CARER, "male"): "male carer",
    (PersonRole.CARER, "female"): "female carer",
}


@dataclass(frozen=True)
class RecipientChoice:
    """One person who could receive a parent's copy, and whether the chair is offered them."""

    audience: Audience
    role: PersonRole
    date_of_birth: date | None
    parental_responsibility: bool
    proposed: bool
    why_not_proposed: str = ""  # in words, when not proposed

    @property
    def person_id(self) -> int:
        assert self.audience.recipient_person_id is not None
        return self.audience.recipient_person_id

    def describe(self) -> str:
        """ "12: Dean Kestrell, father, born 3 May 1990": what a refusal lists."""
        day = self.date_of_birth
        born = f"born {day.day} {day:%B %Y}" if day else "date of birth not known"
        relationship = self.audience.relationship or self.role.value
        return f"{self.person_id}: {self.audience.recipient_name}, {relationship}, {born}"


def relationship_of(person: Person, titles: Sequence[str] = ()) -> str:
    """How the person is related to the children, in the family's words where there are some.

    The job title given to them on this conference's list ("Maternal grandmother") wins; then
    their role and gender ("father"); then the role ("relative").
    """
    for title in titles:
        if title.strip():
            return title.strip().lower()
    gender = person.gender.strip().lower()
    word = _ROLE_WORDS.get((person.role, gender), person.role.value)
    if person.role == PersonRole.PARENT and not person.parental_responsibility:
        word += " without parental responsibility"
    return word


def recipient_choices(session: Session, conference: Conference) -> tuple[RecipientChoice, ...]:
    """Each parent, carer or relative of the family, in the order they were added."""
    people = session.scalars(
        select(Person)
        .where(Person.family_id == conference.family_id, Person.role.in_(RECIPIENT_ROLES))
        .order_by(Person.id)
    ).all()
    participants = session.scalars(
        select(Participant).where(Participant.conference_id == conference.id)
    ).all()
    titles: dict[int, list[str]] = {}
    for participant in participants:
        if participant.person_id is not None:
            titles.setdefault(participant.person_id, []).append(participant.job_title)
    excluded = _excluded_people(session, conference, participants)
    choices = []
    for person in people:
        relationship = relationship_of(person, titles.get(person.id, ()))
        audience = Audience(person.id, person.name, relationship)
        why = ""
        if person.id in excluded:
            why = "asked to leave part of the meeting"
        elif person.role == PersonRole.RELATIVE:
            why = "a relative"
        elif not person.parental_responsibility:
            why = "no parental responsibility"
        choices.append(
            RecipientChoice(
                audience,
                person.role,
                person.date_of_birth,
                person.parental_responsibility,
                proposed=not why,
                why_not_proposed=why,
            )
        )
    return tuple(choices)


def _excluded_people(
    session: Session, conference: Conference, participants: Sequence[Participant]
) -> set[int]:
    """Who was asked to leave: an exclusion names the person who was out (DESIGN.md §4)."""
    del participants
    return {
        person_id
        for person_id in session.scalars(
            select(Exclusion.person_id).where(Exclusion.conference_id == conference.id)
        )
        if person_id is not None
    }


class RecipientService:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context

    def choices(self, conference_id: int) -> tuple[RecipientChoice, ...]:
        with self.context.database.transaction() as session:
            return recipient_choices(session, load_conference(session, conference_id))

    def audiences(self, conference_id: int) -> tuple[Audience, ...]:
        """Professionals, then each parent, carer or relative who can receive their own copy."""
        return (Audience.professionals(), *(c.audience for c in self.choices(conference_id)))

    def audience_for(self, conference_id: int, person_id: int | None) -> Audience:
        if person_id is None:
            return Audience.professionals()
        for choice in self.choices(conference_id):
            if choice.person_id == person_id:
                return choice.audience
        raise ValidationError(
            f"person {person_id} is not a parent, carer or relative in this family, "
            "so cannot receive a parent's copy"
        )

    def find(self, conference_id: int, wanted: str) -> Audience:
        """The recipient named by a person id, or by a name that only one person has.

        Raises:
            ValidationError: nobody by that id or name; or the name belongs to more than one
                person (the message lists each: id, relationship, date of birth).
        """
        wanted = " ".join(wanted.split())
        choices = self.choices(conference_id)
        if wanted.isdigit():
            for choice in choices:
                if choice.person_id == int(wanted):
                    return choice.audience
        named = [c for c in choices if " ".join(c.audience.recipient_name.split()) == wanted]
        if len(named) == 1:
            return named[0].audience
        if named:
            listed = "; ".join(c.describe() for c in named)
            raise ValidationError(
                f"{len(named)} people in this family are called {wanted!r}: give the person id "
                f"of the one this copy is for ({listed})"
            )
        listed = "; ".join(c.describe() for c in choices) or "none in this family"
        raise ValidationError(
            f"no parent, carer or relative {wanted!r} in this family: give one of these "
            f"person ids ({listed})"
        )


__all__ = [
    "RECIPIENT_ROLES",
    "RecipientChoice",
    "RecipientService",
    "recipient_choices",
    "relationship_of",
]
