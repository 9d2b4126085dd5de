"""The rule of who may see each item: visibility, exclusions and withheld people, for any audience.

An audience is seen as a set of viewers: one parent for their copy, or everyone in the room for
the parents' screen. An item reaches the audience only if every viewer may see it
(DESIGN.md §4). Three things keep an item away:

- its visibility: professionals only, or withheld from one of the viewers;
- an exclusion: it was recorded while one of the viewers was out of the room (any item with a
  time, and entries under the agenda items the exclusion names);
- a withheld person: it comes from, concerns, or names someone withheld from one of the viewers;
- a protected address: its text holds the postcode or street of someone else's protected
  address (KeptFrom).

Where a viewer is someone typed in by name and not linked to the family record, nobody can say
what is withheld from them, so everything withheld from anyone is kept from the audience.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from chairdesk.domain import Visibility
from chairdesk.models import Exclusion, Participant, Person, Sitting
from chairdesk.views import Audience

# Name parts shorter than this are too common a word to match on their own ("Al", "Jo").
_SHORTEST_NAME_PART = 3


class Restricted(Protocol):
    visibility: Visibility


def may_see(item: Restricted, audience: Audience) -> bool:
    """The single visibility rule every part of every view goes through."""
    if audience.is_professionals:
        return True
    if item.visibility == Visibility.SHARED:
        return True
    if item.visibility == Visibility.WITHHELD:
        # Withheld from nobody named is a mistake: treat it as professionals-only, never shared.
        withheld_from = set(getattr(item, "withheld_from", None) or ())
        if not withheld_from or audience.keeps_everything_withheld:
            return False
        return not withheld_from & audience.viewer_ids
    return False


@dataclass(frozen=True)
class AbsenceWindow:
    """A time one of the viewers was out of the room, and the agenda items it named."""

    started_at: datetime
    ended_at: datetime | None
    agenda_item_ids: frozenset[int]

    def covers_time(self, at: datetime | None) -> bool:
        if at is None:  # recorded before times were kept: nobody can say
            return False
        return self.started_at <= at <= (self.ended_at or datetime.max)

    def covers_item(self, agenda_item_id: int | None) -> bool:
        return agenda_item_id is not None and agenda_item_id in self.agenda_item_ids


def absence_windows(
    exclusions: Iterable[Exclusion], audience: Audience, sittings: Iterable[Sitting] = ()
) -> tuple[AbsenceWindow, ...]:
    """The exclusions and sittings that keep things from this audience.

    An exclusion follows the person who was out. One that names no person (made before
    exclusions were tied to people, or its person has since been removed) covers every
    family audience, since nobody can say whose copy it belongs to. A sitting (split
    sittings, for parents who must not meet) is a time every family member not in it was
    out: it covers any audience with a viewer who was not in it, or who cannot be named.
    """
    if audience.is_professionals:
        return ()
    windows = [
        AbsenceWindow(x.started_at, x.ended_at, frozenset(x.agenda_item_ids or ()))
        for x in exclusions
        if x.person_id is None or x.person_id in audience.viewer_ids
    ]
    for sitting in sittings:
        members = set(sitting.person_ids or ())
        if audience.keeps_everything_withheld or audience.viewer_ids - members:
            windows.append(AbsenceWindow(sitting.started_at, sitting.ended_at, frozenset()))
    return tuple(windows)


def heard_while_out(
    windows: Sequence[AbsenceWindow], at: datetime | None, agenda_item_id: int | None = None
) -> bool:
    return any(w.covers_time(at) or w.covers_item(agenda_item_id) for w in windows)


class HiddenPeople:
    """People withheld from this audience: their rows, the participants who are them, and
    every text that names them."""

    def __init__(
        self, people: Sequence[Person], participants: Sequence[Participant], audience: Audience
    ) -> None:
        self.person_ids: frozenset[int] = frozenset(
            p.id for p in people if _person_withheld(p, audience)
        )
        hidden = [p for p in people if p.id in self.person_ids]
        names = {_fold(p.name) for p in hidden if p.name.strip()}
        self.participant_ids: frozenset[int] = frozenset(
            p.id
            for p in participants
            if p.person_id in self.person_ids
            or (p.person_id is None and p.role.is_family and _fold(p.name) in names)
        )
        self._pattern = _names_pattern(hidden, [p for p in people if p.id not in self.person_ids])

    def __bool__(self) -> bool:
        return bool(self.person_ids)

    def named_in(self, *texts: str | None) -> bool:
        """Whether any of the texts names a hidden person (whole words, any case)."""
        if self._pattern is None:
            return False
        return any(text and self._pattern.search(_fold(text)) for text in texts)

    def is_participant(self, participant_id: int | None) -> bool:
        return participant_id is not None and participant_id in self.participant_ids

    def is_person(self, person_id: int | None) -> bool:
        return person_id is not None and person_id in self.person_ids


def _person_withheld(person: Person, audience: Audience) -> bool:
    if audience.is_professionals:
        return False
    withheld_from = set(person.withheld_from or ())
    if not withheld_from:
        return False
    return audience.keeps_everything_withheld or bool(withheld_from & audience.viewer_ids)


# Hyphens and dashes read as spaces ("Pryce-Jones" typed "Pryce Jones"); curly apostrophes as
# straight ones ("O’Brien" typed "O'Brien").
_SPACES = dict.fromkeys(map(ord, "-\u2010\u2011\u2012\u2013\u2014\u2015_."), " ")
_APOSTROPHES = dict.fromkeys(map(ord, "\u2018\u2019\u02bc\u0060\u00b4"), "'")
# Characters that print as nothing (Unicode's format characters, category Cf: a soft hyphen, a
# zero-width space or joiner, a bidirectional mark): a reader sees "Lennox" in "Len\u00adnox".
_INVISIBLE_RANGES = (
    (0x00AD, 0x00AD),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x180E, 0x180E),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
)
_INVISIBLE: dict[int, None] = {
    code: None for first, last in _INVISIBLE_RANGES for code in range(first, last + 1)
}


def _fold(text: str) -> str:
    """A name or a text as it is compared: accents and invisible characters dropped ("Zoë" is
    "Zoe"), dashes and full stops as spaces, one kind of apostrophe, one space, any case."""
    if text.isascii():  # most text: nothing to decompose and nothing invisible
        bare = text
    else:
        decomposed = unicodedata.normalize("NFKD", text.translate(_INVISIBLE))
        bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.translate(_SPACES).translate(_APOSTROPHES).split()).casefold()


def _names_pattern(hidden: Sequence[Person], visible: Sequence[Person]) -> re.Pattern[str] | None:
    """Whole names of the hidden people, and each part of a name that no visible person shares.

    A new partner called "Dale Pryce" is found as "Dale Pryce", "Dale" or "Pryce"; a withheld
    uncle who shares the family's surname is found by his whole name and his first name only,
    so the children's names do not disappear with him.
    """
    shared_parts = {part for p in visible for part in _fold(p.name).split()}
    words: set[str] = set()
    for person in hidden:
        folded = _fold(person.name)
        if not folded:
            continue
        words.add(folded)
        words.update(
            part
            for part in folded.split()
            if len(part) >= _SHORTEST_NAME_PART and part not in shared_parts
        )
    if not words:
        return None
    # Longest first, so a whole name wins over its parts; \b is Unicode-aware for str patterns.
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


class KeptFrom(HiddenPeople):
    """What a family audience may not read in any text: the names of people withheld from
    them (HiddenPeople), and a protected address of anyone but themselves.

    A protected address is found by its postcode (any spacing, any case) and its numbered
    street without the number ("17 Wrenfield Court" is found as "Wrenfield Court"), after any
    house name (_street_parts). A flat, a floor and the town are too common to count. Those
    whose address it is (the same address) may read it; so may the professionals.
    """

    def __init__(
        self, people: Sequence[Person], participants: Sequence[Participant], audience: Audience
    ) -> None:
        super().__init__(people, participants, audience)
        self.audience = audience
        self._addresses, self._anchors = _protected_addresses(people, audience)

    def named_in(self, *texts: str | None) -> bool:
        patterns = [p for p in (self._pattern, self._addresses) if p is not None]
        if not patterns:
            return False
        for text in texts:
            if not text:
                continue
            if self._pattern is None and text.isascii():
                # Only addresses to find: a plain text without a word of one cannot hold it
                # (folding ASCII changes no letter or digit), and most texts have none.
                lowered = text.lower()
                if not any(anchor in lowered for anchor in self._anchors):
                    continue
            folded = _fold(text)  # once for both
            if any(p.search(folded) for p in patterns):
                return True
        return False


_POSTCODE = re.compile(r"\b([a-z]{1,2}\d[a-z\d]?)\s*(\d[a-z]{2})\b")
_UNIT = re.compile(r"^(?:(?:flat|apartment|apt|unit|room|house|no)\s*)?[\d/]+[a-z]?\b\s*")


def _protected_addresses(
    people: Sequence[Person], audience: Audience
) -> tuple[re.Pattern[str] | None, tuple[str, ...]]:
    """A pattern finding the protected addresses this family audience may not read, and for
    each of its alternatives one word every match holds (the postcode's inward code, the
    street's longest word)."""
    if audience.is_professionals:
        return None, ()
    owners: dict[str, set[int]] = {}
    for person in people:
        address = _fold(person.address or "")
        if address:
            owners.setdefault(address, set()).add(person.id)
    pieces: set[str] = set()
    anchors: set[str] = set()
    for person in people:
        address = _fold(person.address or "")
        if not person.address_protected or not address:
            continue
        own = audience.viewer_ids and not audience.keeps_everything_withheld
        if own and audience.viewer_ids <= owners[address]:
            continue  # their own address
        for found in _POSTCODE.finditer(address):
            pieces.add(rf"{re.escape(found.group(1))}\s*{re.escape(found.group(2))}")
            anchors.add(found.group(2))
        for street in _street_parts(address):
            pieces.add(r"\s+".join(re.escape(w) for w in street.split()))
            anchors.add(max(re.findall(r"[a-z0-9]+", street) or [street], key=len))
    if not pieces:
        return None, ()
    alternatives = "|".join(sorted(pieces, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)"), tuple(sorted(anchors))


def _street_parts(address: str) -> list[str]:
    """The parts of a folded address that find it in a text: up to and including the street
    with its number taken off ("17 wrenfield court" gives "wrenfield court"), after any house
    name; without a numbered street, the first part. Flat and floor, town and postcode are
    left out (the postcode is matched on its own)."""
    parts = [part.strip() for part in address.split(",")]
    numbered = any(part[:1].isdigit() and not _POSTCODE.fullmatch(part) for part in parts)
    found = []
    for part in parts:
        street = _UNIT.sub("", part).strip()
        if not street or "floor" in street.split() or _POSTCODE.fullmatch(street):
            continue
        if len(street) >= 5:
            found.append(street)
        if part[:1].isdigit() or not numbered:
            break  # the numbered street (or, with none, the first part)
    return found


__all__ = [
    "AbsenceWindow",
    "HiddenPeople",
    "KeptFrom",
    "Restricted",
    "absence_windows",
    "heard_while_out",
    "may_see",
]
