"""The household typed into the new conference form, and dates read as written in England."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from chairdesk.domain import PersonRole
from chairdesk.services.conferences import NewPerson

ADULT_ROLES = ((PersonRole.PARENT, "Parent"), (PersonRole.CARER, "Carer"))


def parse_day(text: str) -> date | None:
    """A date written day/month/year (4/3/2017, 04.03.2017, 4-3-2017) or 2017-03-04.

    Blank gives None (not known). Raises ValueError for anything else.
    """
    parts = [part for part in re.split(r"[\s/.-]+", text.strip()) if part]
    if not parts:
        return None
    if len(parts[0]) == 4:  # year first, as in 2017-03-04
        parts.reverse()
    if len(parts) != 3 or not all(p.isdigit() for p in parts) or len(parts[2]) != 4:
        raise ValueError(text)
    return date(int(parts[2]), int(parts[1]), int(parts[0]))


def _show(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


@dataclass(frozen=True)
class ChildRow:
    """A child or unborn child added to the form."""

    name: str
    day: date | None
    unborn: bool

    def text(self) -> str:
        if self.unborn:
            return f"{self.name}: unborn, due {_show(self.day)}" if self.day else self.name
        return f"{self.name}: born {_show(self.day)}" if self.day else self.name

    def person(self) -> NewPerson:
        if self.unborn:
            return NewPerson(self.name, PersonRole.UNBORN, due_date=self.day)
        return NewPerson(self.name, PersonRole.CHILD, date_of_birth=self.day)


@dataclass(frozen=True)
class AdultRow:
    """A parent or carer added to the form."""

    name: str
    role: PersonRole
    responsibility: bool

    def text(self) -> str:
        role = dict(ADULT_ROLES)[self.role].lower()
        held = "parental responsibility" if self.responsibility else "no parental responsibility"
        return f"{self.name}: {role}, {held}"
