"""What a person typed, checked the same way for every service: text, dates, a family's people.

Shared by the plan's actions, Prepare, Run and reviews (and the package rules' length limit).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from chairdesk.domain import PersonRole
from chairdesk.errors import ValidationError
from chairdesk.models import Person
from chairdesk.services.entries import clean_text

# String(500) columns: longer text would be cut off or refused by PostgreSQL.
SHORT_LIMIT = 500


def plain_text(
    label: str, value: Any, *, required: bool = False, short: bool = False, strip: bool = True
) -> str:
    """Text a person typed, checked so every database stores it the same way.

    The checks every text shares (text at all, no broken character, not impossibly long) are
    entries.clean_text's; here a null character is refused rather than dropped, because in a
    short field such as a name it is more likely a paste gone wrong than part of a passage.

    Args:
        label: the field in the chair's words, for the message.
        value: what was typed.
        required: blank (or only spaces) is refused.
        short: more than ``SHORT_LIMIT`` characters is refused (a name, an agency).
        strip: store without surrounding spaces.

    Raises:
        ValidationError: not text, holding a broken character or a null character (PostgreSQL
            refuses those), empty when required, or too long for a name.
    """
    if isinstance(value, str) and "\x00" in value:
        raise ValidationError(f"{label} holds a null character: retype it rather than paste it")
    text = clean_text(value, label)
    if strip:
        text = text.strip()
    if required and not text.strip():
        raise ValidationError(f"{label} cannot be empty")
    if short and len(text) > SHORT_LIMIT:
        raise ValidationError(f"{label} is too long: at most {SHORT_LIMIT} characters")
    return text


def plain_date(label: str, value: Any) -> date | None:
    """A calendar date or None; a datetime is reduced to its day."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if not isinstance(value, date):
        raise ValidationError(f"{label} must be a date")
    return value


def family_person_ids(
    session: Session, family_id: int, label: str, ids: Iterable[Any], *, children: bool
) -> list[int]:
    """Person ids checked to belong to the family (and to be children, when asked)."""
    wanted = list(ids)
    if any(isinstance(i, bool) or not isinstance(i, int) for i in wanted):
        raise ValidationError(f"{label} must be people in this family")
    roles = (PersonRole.CHILD, PersonRole.UNBORN) if children else tuple(PersonRole)
    found = set(
        session.scalars(
            select(Person.id).where(
                Person.family_id == family_id, Person.id.in_(wanted), Person.role.in_(roles)
            )
        )
    )
    missing = [i for i in wanted if i not in found]
    if missing:
        what = "a child" if children else "a person"
        raise ValidationError(f"{label}: person {missing[0]} is not {what} in this family")
    return list(dict.fromkeys(wanted))
