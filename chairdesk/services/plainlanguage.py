"""Plain language: the glossary, jargon and unexplained acronyms found in a text, and reading ease.

Everything here works offline: the glossary is a file in resources, and reading ease uses
textstat 0.7.8, whose syllable counts come from the CMU dictionary and Pyphen, both shipped
inside their packages (the dictionary kept as one count a word: services/syllables.py).

What ``unknown_acronyms`` ignores (runs of two or more capitals that are not glossary terms):
- everyday abbreviations in ``COMMON_CAPITALS`` (OK, UK, NHS, TV, GCSE, ...) and the words of
  protective markings (OFFICIAL, SENSITIVE);
- roman numerals made of I, V, X and L (II, IV, XII), as in numbered lists;
- words inside a run of three or more capitalised words separated by spaces, which is a
  shouted heading ("WHAT HAPPENS NEXT"), not a list of acronyms.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from textstat.textstat import textstatistics

from chairdesk.services.base import ServiceContext
from chairdesk.services.glossary_file import GlossaryEntry as GlossaryEntry
from chairdesk.services.glossary_file import form_key, with_council_terms
from chairdesk.services.glossary_file import read_glossary_file as read_glossary_file
from chairdesk.services.settings import SettingsService
from chairdesk.services.syllables import use_syllable_table
from chairdesk.views import GlossaryTermView

COMMON_CAPITALS: frozenset[str] = frozenset(
    {
        "OK", "UK", "TV", "NHS", "BBC", "ID", "PE", "IT", "ICT", "AM", "PM", "GCSE", "SATS",
        "A&E", "DVD", "PDF", "USA", "EU", "CV", "MP", "DNA", "ADHD", "COVID",
        "OFFICIAL", "SENSITIVE", "SECRET",
    }
)  # fmt: skip

_ROMAN = re.compile(r"^(?:L?X{0,3})(?:IX|IV|V?I{0,3})$")
_CAPITALS = re.compile(r"(?<![\w&])([A-Z][A-Z&]*[A-Z])(s?)(?![\w&])")
_SHOUTED = re.compile(r"(?<![\w&])[A-Z][A-Z&']+(?: +[A-Z][A-Z&']+){2,}(?![\w&])")


@dataclass(frozen=True)
class TermMatch:
    """Where a glossary term occurs in a text: ``text[start:end]``."""

    start: int
    end: int
    term: GlossaryTermView


@dataclass(frozen=True)
class PlainLanguageReport:
    """What the plain-language panel shows for one text."""

    reading_ease: float | None  # None for a text with no words
    meets_target: bool  # an empty text meets any target
    terms: tuple[TermMatch, ...]
    unknown_acronyms: tuple[str, ...]
    glossary: tuple[GlossaryTermView, ...] = ()


def _sorted_views(entries: Iterable[GlossaryEntry]) -> tuple[GlossaryTermView, ...]:
    return tuple(sorted((e.view for e in entries), key=lambda v: v.term.casefold()))


def _pattern(form: str) -> str:
    """A form as a regular expression: any run of spaces, an optional or curly apostrophe,
    a hyphen, a space or nothing between hyphenated parts, and an optional plural."""
    parts: list[str] = []
    for char in form:
        if char.isspace():
            parts.append(r"\s+")
        elif char in "'’":
            parts.append("['’]?")
        elif char in "-‐–":
            parts.append(r"[-‐–\s]?")
        else:
            parts.append(re.escape(char))
    return "".join(parts) + "(?:e?s)?"


class Glossary:
    """A glossary compiled for finding its terms in text."""

    def __init__(self, entries: Sequence[GlossaryEntry]) -> None:
        self.entries = tuple(entries)
        self._by_key: dict[str, GlossaryEntry] = {}
        exact: list[str] = []
        folded: list[str] = []
        for entry in self.entries:
            for form in entry.forms:
                self._by_key.setdefault(form_key(form), entry)
                (exact if form in entry.match_case else folded).append(form)
        # Longest first, so "interim care order" wins over "care order".
        alternatives = sorted(
            [(f, f"(?-i:{_pattern(f)})") for f in exact] + [(f, _pattern(f)) for f in folded],
            key=lambda pair: len(pair[0]),
            reverse=True,
        )
        self._alternatives = alternatives
        self._forms = [form for form, _ in alternatives]
        self._views = [self._by_key[form_key(form)].view for form in self._forms]
        # The regex is tried only where a word begins as some form's first word begins (a
        # set lookup per word), so a long text costs a pass over its words, not the whole
        # alternation at every character (7 s for a 300-action plan before).
        self._firsts: dict[str, list[int]] = {}
        for index, form in enumerate(self._forms):
            self._firsts.setdefault(_first_piece(form), []).append(index)
        self._first_lengths = sorted({len(first) for first in self._firsts})
        self._everywhere = "" in self._firsts  # a form that starts with a non-word character
        # The alternation of only the forms that can start with these first words.
        self._by_firsts: dict[tuple[str, ...], re.Pattern[str]] = {}
        self._begins: dict[str, tuple[str, ...]] = {}  # a word: the first words it begins with
        self._terms_cache: dict[str, tuple[TermMatch, ...]] = {}
        self._acronyms_cache: dict[str, tuple[str, ...]] = {}

    @cached_property
    def _regex(self) -> re.Pattern[str]:
        """Every form in one pattern (half a second to compile): only for a glossary with a
        form that does not begin with a letter or digit, where words cannot be looked up."""
        return _compiled(self._alternatives, range(len(self._alternatives)))

    @property
    def views(self) -> tuple[GlossaryTermView, ...]:
        return _sorted_views(self.entries)

    def entry_for(self, form: str) -> GlossaryEntry | None:
        """The entry a term, alias or acronym belongs to (case ignored)."""
        return self._by_key.get(form_key(form))

    def find_terms(self, text: str) -> tuple[TermMatch, ...]:
        """Every glossary term in ``text``, in order, whole words only, longest match first."""
        found = self._terms_cache.get(text)
        if found is None:
            found = self._find_terms(text)
            _remember(self._terms_cache, text, found)
        return found

    def _find_terms(self, text: str) -> tuple[TermMatch, ...]:
        if self._everywhere:
            candidates: Iterable[re.Match[str]] = self._regex.finditer(text)
        else:
            candidates = self._at_word_starts(text)
        matches: list[TermMatch] = []
        for found in candidates:
            name = found.lastgroup
            if name is None:
                continue
            matches.append(TermMatch(found.start(), found.end(), self._views[int(name[1:])]))
        return tuple(matches)

    def _at_word_starts(self, text: str) -> Iterator[re.Match[str]]:
        """What finditer would find: the leftmost match from each word start on, no overlaps."""
        end = 0
        firsts, lengths, begins = self._firsts, self._first_lengths, self._begins
        for word in _WORD.finditer(text):
            start = word.start()
            if start < end:
                continue
            begun = begins.get(word.group())
            if begun is None:
                folded = word.group().casefold()
                begun = begins[word.group()] = tuple(
                    folded[:length]
                    for length in lengths
                    if length <= len(folded) and folded[:length] in firsts
                )
            if not begun:
                continue
            regex = self._by_firsts.get(begun)
            if regex is None:
                wanted = sorted(index for first in begun for index in firsts[first])
                regex = self._by_firsts[begun] = _compiled(self._alternatives, wanted)
            found = regex.match(text, start)
            if found is not None:
                end = found.end()
                yield found

    def unknown_acronyms(self, text: str) -> tuple[str, ...]:
        """Runs of two or more capitals that the glossary does not explain, in first-seen order."""
        found = self._acronyms_cache.get(text)
        if found is None:
            found = self._unknown_acronyms(text)
            _remember(self._acronyms_cache, text, found)
        return found

    def _unknown_acronyms(self, text: str) -> tuple[str, ...]:
        shouted = [range(m.start(), m.end()) for m in _SHOUTED.finditer(text)]
        found: list[str] = []
        for match in _CAPITALS.finditer(text):
            word = match.group(1)
            if any(match.start() in span for span in shouted):
                continue
            if word in COMMON_CAPITALS or word.upper() + match.group(2).upper() in COMMON_CAPITALS:
                continue
            if _ROMAN.match(word) or self.entry_for(word) or self.entry_for(match.group(0)):
                continue
            if word not in found:
                found.append(word)
        return tuple(found)

    def glossary_for(self, texts: Iterable[str]) -> tuple[GlossaryTermView, ...]:
        """The entries a document uses, sorted by term, each once."""
        used: dict[str, GlossaryTermView] = {}
        for text in texts:
            for match in self.find_terms(text):
                used.setdefault(match.term.term, match.term)
        return tuple(sorted(used.values(), key=lambda v: v.term.casefold()))

    def assess(self, text: str, target: float) -> PlainLanguageReport:
        """Reading ease against the target, the terms found and the unexplained acronyms."""
        ease = reading_ease(text)
        terms = self.find_terms(text)
        used: dict[str, GlossaryTermView] = {}
        for match in terms:
            used.setdefault(match.term.term, match.term)
        return PlainLanguageReport(
            reading_ease=ease,
            meets_target=ease is None or ease >= target,
            terms=terms,
            unknown_acronyms=self.unknown_acronyms(text),
            glossary=tuple(sorted(used.values(), key=lambda v: v.term.casefold())),
        )


_WORD = re.compile(r"(?<!\w)\w+")
_CACHED_TEXTS = 2048  # texts (blocks, sections) whose results each glossary keeps


def _compiled(alternatives: Sequence[tuple[str, str]], wanted: Iterable[int]) -> re.Pattern[str]:
    """The alternation of the wanted forms, in the glossary's order (longest first), each named
    t<index> after its place among all the forms."""
    joined = "|".join(f"(?P<t{i}>{alternatives[i][1]})" for i in wanted)
    return re.compile(rf"(?<![\w])(?:{joined})(?![\w])", re.IGNORECASE)


def _first_piece(form: str) -> str:
    """A form's first word as it begins in text (up to a space, hyphen or apostrophe), folded;
    "" when the form does not begin with a word character."""
    found = re.match(r"\w+", form)
    if found is None or found.start() != 0:
        return ""
    return found.group().casefold()


def _remember(cache: dict[str, Any], text: str, value: Any) -> None:
    if len(cache) >= _CACHED_TEXTS:
        cache.pop(next(iter(cache)))  # the oldest first
    cache[text] = value


@lru_cache(maxsize=1)
def shipped_glossary() -> Glossary:
    """The glossary shipped with ChairDesk, compiled once."""
    return Glossary(read_glossary_file())


def build_glossary(extra: Iterable[tuple[str, str]] = ()) -> Glossary:
    """The shipped glossary with a council's own terms (``CouncilSettings.custom_glossary``)."""
    extra = tuple((str(term), str(explanation)) for term, explanation in extra)
    return _council_glossary(extra) if extra else shipped_glossary()


@lru_cache(maxsize=8)
def _council_glossary(extra: tuple[tuple[str, str], ...]) -> Glossary:
    return Glossary(with_council_terms(read_glossary_file(), extra))


def load_glossary(extra: Iterable[tuple[str, str]] = ()) -> tuple[GlossaryTermView, ...]:
    """Every glossary term, the council's included, sorted by term."""
    return build_glossary(extra).views


_STATISTICS = textstatistics()  # our own instance: no global textstat setting can change it
use_syllable_table()  # one number a word, not the CMU dictionary's 70 MiB (services/syllables.py)


@lru_cache(maxsize=512)
def reading_ease(text: str) -> float | None:
    """Flesch reading ease (higher is easier; 60 to 70 is plain English); None with no words.

    textstat 0.7.8 computes 206.835 - 1.015 x (words / sentences) - 84.6 x (syllables / words),
    counting syllables with the CMU dictionary and Pyphen for words it does not hold.
    """
    if not re.search(r"[^\W\d_]", text):
        return None
    return float(_STATISTICS.flesch_reading_ease(text))


def warm_up() -> None:
    """Load the glossary and the syllable dictionaries (about 2 s the first time).

    The app may call this on a worker thread at start so the first check does not pause.
    """
    shipped_glossary()
    reading_ease("Ready.")


def find_terms(text: str, glossary: Glossary | None = None) -> tuple[TermMatch, ...]:
    return (glossary or shipped_glossary()).find_terms(text)


def unknown_acronyms(text: str, glossary: Glossary | None = None) -> tuple[str, ...]:
    return (glossary or shipped_glossary()).unknown_acronyms(text)


def glossary_for(
    texts: Iterable[str], glossary: Glossary | None = None
) -> tuple[GlossaryTermView, ...]:
    return (glossary or shipped_glossary()).glossary_for(texts)


def assess(
    text: str, target: float = 60.0, glossary: Glossary | None = None
) -> PlainLanguageReport:
    return (glossary or shipped_glossary()).assess(text, target)


_COUNCIL_GLOSSARIES: weakref.WeakKeyDictionary[Any, Glossary] = weakref.WeakKeyDictionary()


def council_glossary(context: ServiceContext, *, fresh: bool = False) -> Glossary:
    """The council's glossary for this open database, kept so that every entry field made for a
    conference shares one read of the settings. `fresh` reads them again (as each conference is
    opened), so a glossary changed meanwhile (`chairdesk settings`) is used from the next
    conference opened, and never for another database (the cache holds each one weakly)."""
    database = context.database
    glossary = None if fresh else _COUNCIL_GLOSSARIES.get(database)
    if glossary is None:
        glossary = PlainLanguageService(context).glossary()
        _COUNCIL_GLOSSARIES[database] = glossary
    return glossary


class PlainLanguageService:
    """Plain-language checks with the council's own glossary terms and reading ease target."""

    def __init__(self, context: ServiceContext, settings: SettingsService | None = None) -> None:
        self._settings = settings or SettingsService(context)

    def glossary(self) -> Glossary:
        return build_glossary(self._settings.get().custom_glossary)

    def load_glossary(self) -> tuple[GlossaryTermView, ...]:
        return self.glossary().views

    def find_terms(self, text: str) -> tuple[TermMatch, ...]:
        return self.glossary().find_terms(text)

    def unknown_acronyms(self, text: str) -> tuple[str, ...]:
        return self.glossary().unknown_acronyms(text)

    def glossary_for(self, texts: Iterable[str]) -> tuple[GlossaryTermView, ...]:
        return self.glossary().glossary_for(texts)

    def assess(self, text: str, target: float | None = None) -> PlainLanguageReport:
        """Assess against ``target``, or the council's ``reading_ease_target``."""
        settings = self._settings.get()
        glossary = build_glossary(settings.custom_glossary)
        return glossary.assess(text, settings.reading_ease_target if target is None else target)
