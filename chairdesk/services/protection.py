"""Protecting people from each other: parents kept apart, and people withheld from named people.

When the chair records that the parents must not share information (separated parents, a
protected address), what one parent or carer says starts withheld from the other adults of
the family, until the chair shares it. A person (a new partner, a protected carer) can be
withheld from named people: then no line of those people's copies, nor of the parents' screen
while they are in the room, names them (services/redaction.py).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from chairdesk.domain import PersonRole, Visibility
from chairdesk.errors import ValidationError
from chairdesk.models import Conference, Family, Participant, Person
from chairdesk.services import audit
from chairdesk.services.base import ServiceContext
from chairdesk.services.common import load
from chairdesk.services.permissions import Permission, require
from chairdesk.services.row_views import person_view
from chairdesk.services.visibility import check_visibility
from chairdesk.views import PersonView

ADULT_ROLES = (PersonRole.PARENT, PersonRole.CARER, PersonRole.RELATIVE)


def kept_apart_default(
    session: Session, conference: Conference, speaker: Participant | None, speaker_name: str = ""
) -> tuple[Visibility, list[int]]:
    """What a family member's words start as: withheld from the family's other adults when
    the parents are kept apart, else shared. The speaker is the participant chosen, or else
    the family adult the typed name is ("Kirsty" or "Kirsty Thornbury": a whole name, or a
    first name no other adult of the family shares)."""
    family = session.get(Family, conference.family_id)
    if family is None or not family.parents_kept_apart:
        return Visibility.SHARED, []
    person_id = speaker.person_id if speaker is not None else None
    if person_id is None and (speaker is None or speaker.role.is_family):
        # Typed by name, or a family member added on the day and not linked to the record.
        typed = speaker_name or (speaker.name if speaker is not None else "")
        person_id = _adult_named(session, family.id, typed) if typed.strip() else None
    if person_id is None:
        return Visibility.SHARED, []
    others = list(
        session.scalars(
            select(Person.id)
            .where(
                Person.family_id == family.id,
                Person.role.in_(ADULT_ROLES),
                Person.id != person_id,
            )
            .order_by(Person.id)
        )
    )
    if not others:
        return Visibility.SHARED, []
    return Visibility.WITHHELD, others


def _adult_named(session: Session, family_id: int, name: str) -> int | None:
    """The family adult a typed speaker's name is, if it can only be one."""
    adults = session.scalars(
        select(Person).where(Person.family_id == family_id, Person.role.in_(ADULT_ROLES))
    ).all()
    typed = " ".join(name.split()).casefold()
    whole = [p.id for p in adults if " ".join(p.name.split()).casefold() == typed]
    if whole:
        return whole[0] if len(whole) == 1 else None
    first = [p.id for p in adults if p.name.split() and p.name.split()[0].casefold() == typed]
    return first[0] if len(first) == 1 else None


class ProtectionService:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context

    def set_parents_kept_apart(self, family_id: int, kept_apart: bool) -> bool:
        """Record whether the parents must not share information; a chair's decision."""
        require(self.context, Permission.SHARE)
        with self.context.database.transaction() as session:
            family = load(session, Family, family_id)
            if family.parents_kept_apart != bool(kept_apart):
                family.parents_kept_apart = bool(kept_apart)
                audit.record(
                    session,
                    self.context,
                    "family.kept_apart",
                    "family",
                    family.id,
                    None,
                    {"kept_apart": bool(kept_apart)},
                )
            return family.parents_kept_apart

    def withhold_person(self, person_id: int, withheld_from: Iterable[int]) -> PersonView:
        """Keep a person from the named people of the family (none: withheld from nobody).

        Raises:
            ValidationError: someone named is not in this family, or is the person themself.
            PermissionDeniedError: not a chair.
        """
        require(self.context, Permission.SHARE)
        wanted = list(withheld_from)
        with self.context.database.transaction() as session:
            person = load(session, Person, person_id)
            if person.id in wanted:
                raise ValidationError("a person cannot be withheld from themself")
            people: list[int] = []
            if wanted:
                _, people = check_visibility(session, person.family_id, Visibility.WITHHELD, wanted)
            before = list(person.withheld_from or ())
            if sorted(before) != sorted(people):
                person.withheld_from = people
                audit.record(
                    session,
                    self.context,
                    "person.withhold",
                    "person",
                    person.id,
                    None,
                    {"from": len(before), "to": len(people)},
                )
            session.flush()
            return person_view(person, False)


__all__ = ["ADULT_ROLES", "ProtectionService", "kept_apart_default"]
