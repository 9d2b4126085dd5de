"""Dates as a British chair types them: 5/3/2027, 05/03/2027, 5 Mar 2027, 5th March 2027.

Day first, always. A typed date that cannot be read raises `DateNotUnderstoodError` with one plain
line to show the chair: it is never guessed at, and never silently dropped.
"""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

HOW_TO_TYPE = "type the day first, like 5/3/2027 or 5 Mar 2027"

_NUMBERS = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
_WORDS = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


class DateNotUnderstoodError(ValueError):
    """The typed text is not a date; str() is the plain line to show."""


def _year(text: str) -> int:
    year = int(text)
    return 2000 + year if len(text) == 2 else year


def _make(day: int, month: int, year: int, typed: str) -> date:
    if not 1 <= month <= 12:
        raise DateNotUnderstoodError(f'"{typed}" has no month {month}: {HOW_TO_TYPE}')
    try:
        return date(year, month, day)
    except ValueError:
        raise DateNotUnderstoodError(
            f'There is no {day} {MONTH_NAMES[month - 1]} {year}: check the day ("{typed}")'
        ) from None


def parse_date(text: str) -> date | None:
    """The date in `text`; None when it is empty; DateNotUnderstoodError when not a date."""
    typed = " ".join(text.split())
    if not typed:
        return None
    lowered = typed.lower()
    found = _NUMBERS.match(lowered)
    if found:
        day, month, year = found.groups()
        return _make(int(day), int(month), _year(year), typed)
    found = _WORDS.match(lowered)
    if found:
        day, month_name, year = found.groups()
        month = MONTHS.get(month_name)
        if month is None:
            raise DateNotUnderstoodError(f'"{month_name}" is not a month: {HOW_TO_TYPE}')
        return _make(int(day), month, _year(year), typed)
    found = _ISO.match(lowered)
    if found:
        year, month, day = found.groups()
        return _make(int(day), int(month), int(year), typed)
    raise DateNotUnderstoodError(f'"{typed}" is not a date ChairDesk understands: {HOW_TO_TYPE}')


def british(value: date) -> str:
    """How a date field shows a date: 5 March 2027 (no doubt about day and month)."""
    return f"{value.day} {MONTH_NAMES[value.month - 1]} {value.year}"
