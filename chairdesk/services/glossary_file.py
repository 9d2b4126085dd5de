"""The glossary file: its entries read and checked, and a council's own terms merged in.

Apart from plainlanguage.py (which compiles the entries for finding terms in text and
re-exports ``GlossaryEntry`` and ``read_glossary_file``). The shipped glossary is
``resources/glossary/glossary.json``; a council's terms come from its settings
(``CouncilSettings.custom_glossary``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from chairdesk import paths
from chairdesk.errors import ValidationError
from chairdesk.views import GlossaryTermView


@dataclass(frozen=True)
class GlossaryEntry:
    """A glossary term with the other ways it is written."""

    term: str
    explanation: str
    aliases: tuple[str, ...] = ()
    match_case: tuple[str, ...] = ()  # forms that are also ordinary words in lower case

    @property
    def view(self) -> GlossaryTermView:
        return GlossaryTermView(term=self.term, explanation=self.explanation)

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.term, *self.aliases)


def _entry(item: Any, source: str) -> GlossaryEntry:
    if not isinstance(item, dict) or not isinstance(item.get("term"), str):
        raise ValidationError(f"the glossary {source} has an entry without a term")
    term = item["term"].strip()
    explanation = str(item.get("explanation", "")).strip()
    if not term or not explanation:
        raise ValidationError(f"the glossary {source} has an empty term or explanation ({term!r})")
    return GlossaryEntry(
        term=term,
        explanation=explanation,
        aliases=tuple(str(a).strip() for a in item.get("aliases", ()) if str(a).strip()),
        match_case=tuple(str(a) for a in item.get("match_case", ())),
    )


@lru_cache(maxsize=4)
def read_glossary_file(path: Path | None = None) -> tuple[GlossaryEntry, ...]:
    """The shipped glossary (``resources/glossary/glossary.json``) or another file like it."""
    path = path or paths.resource("glossary", "glossary.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ValidationError(
            f"the glossary {path.name} cannot be read: reinstall ChairDesk"
        ) from error
    entries = tuple(_entry(item, path.name) for item in data.get("terms", ()))
    seen: dict[str, str] = {}
    for entry in entries:
        for form in entry.forms:
            key = form_key(form)
            if seen.get(key, entry.term) != entry.term:
                raise ValidationError(
                    f"the glossary {path.name} uses {form!r} for both "
                    f"{seen[key]!r} and {entry.term!r}"
                )
            seen[key] = entry.term
    return entries


def form_key(form: str) -> str:
    """A term, alias or acronym as it is looked up: case, spacing, hyphens and curly
    apostrophes ignored."""
    return re.sub(r"[\s\-‐–]+", " ", form.replace("’", "'").casefold()).strip()


def with_council_terms(
    entries: Sequence[GlossaryEntry], extra: Iterable[tuple[str, str]]
) -> tuple[GlossaryEntry, ...]:
    """Council terms: a term already in the glossary (as a term or an alias) takes the
    council's explanation; a new term is added."""
    merged = list(entries)
    for term, explanation in extra:
        key = form_key(term)
        for index, entry in enumerate(merged):
            if key in {form_key(form) for form in entry.forms}:
                merged[index] = GlossaryEntry(
                    entry.term, explanation.strip(), entry.aliases, entry.match_case
                )
                break
        else:
            merged.append(GlossaryEntry(term.strip(), explanation.strip()))
    return tuple(merged)
