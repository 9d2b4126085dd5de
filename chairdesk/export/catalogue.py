"""The message catalogue: the fixed words of a parent's copy in the family's own language.

Every fixed string of a parent's document is written `_("...")` (or `ngettext`, or `N_` where a
string is only marked and translated later). While a parent's copy is built, `speaking` holds
the catalogue chosen by the recipient's recorded language; professionals' copies are built with
none, so `_` returns the English it was given.

A council supplies a translation as a gettext .po file, read directly with Babel (no compile
step): `<folder>/<code>.po`, where the code is the CLDR code ("pl", "ur") or the language's
English name in lower case ("polish"), in any folder of `translation_dirs()`. A catalogue is
used only when it translates every message of the template resources/translations/chairdesk.pot
(fuzzy entries do not count), so no parent is given a copy half in one language and half in
another; otherwise the copy stays in English and says that an interpreter will go through it.
"""

from __future__ import annotations

import gettext
import io
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from chairdesk import paths

DOMAIN = "chairdesk"
ENV_DIRS = "CHAIRDESK_TRANSLATIONS"
_log = logging.getLogger(__name__)
_ENGLISH = gettext.NullTranslations()
_current: ContextVar[gettext.NullTranslations] = ContextVar("catalogue", default=_ENGLISH)


def _(message: str) -> str:
    """`message` in the language of the copy being built (English when none is chosen)."""
    return _current.get().gettext(message) if message else message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _current.get().ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a string for the catalogue without translating it yet (tables built at import)."""
    return message


def template_path() -> Path:
    return paths.resource("translations", f"{DOMAIN}.pot")


def translation_dirs() -> list[Path]:
    """Where catalogues are looked for, first match wins: `CHAIRDESK_TRANSLATIONS` (folders
    separated as in PATH), the user's data folder's `translations`, then the program's own."""
    dirs = [Path(p) for p in os.environ.get(ENV_DIRS, "").split(os.pathsep) if p.strip()]
    return [*dirs, paths.data_dir() / "translations", paths.resource("translations")]


@lru_cache(maxsize=1)
def _codes_by_name() -> dict[str, str]:
    """English language names in lower case ("polish", "urdu") to CLDR codes ("pl", "ur")."""
    return {str(name).casefold(): str(code) for code, name in Locale("en").languages.items()}


def file_names(language: str) -> list[str]:
    """The .po file names that may hold `language`'s catalogue, by code then by name."""
    name = " ".join(language.split()).casefold()
    if not name:
        return []
    found = [f"{_codes_by_name()[name]}.po"] if name in _codes_by_name() else []
    return [*found, f"{name}.po"]


@lru_cache(maxsize=1)
def _template_ids(path: Path, stamp: tuple[int, int]) -> frozenset[str]:
    with path.open("rb") as handle:
        return frozenset(
            str(m.id if isinstance(m.id, str) else m.id[0]) for m in read_po(handle) if m.id
        )


@lru_cache(maxsize=16)
def _load(path: Path, stamp: tuple[int, int]) -> tuple[gettext.GNUTranslations, frozenset[str]]:
    """The catalogue in `path`, and the message ids it really translates (not fuzzy, not empty)."""
    with path.open("rb") as handle:
        catalog = read_po(handle)
    done = frozenset(
        str(m.id if isinstance(m.id, str) else m.id[0])
        for m in catalog
        if m.id
        and not m.fuzzy
        and all(s for s in (m.string if isinstance(m.string, tuple) else (m.string,)))
    )
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer), done


def _stamp(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_mtime_ns, status.st_size


def catalogue_for(language: str) -> gettext.GNUTranslations | None:
    """The complete catalogue for `language`, or None (English) when there is none.

    A file that cannot be read, or that leaves any message of the template untranslated, is
    passed over with one log line naming the file's language code, never case details.
    """
    names = file_names(language)
    if not names or names[-1] == "english.po":
        return None
    template = template_path()
    wanted = _template_ids(template, _stamp(template)) if template.is_file() else frozenset()
    for folder in translation_dirs():
        for name in names:
            path = folder / name
            if not path.is_file():
                continue
            try:
                translations, done = _load(path, _stamp(path))
            except Exception:  # a council's file may be malformed; the copy stays in English
                _log.warning("translation %s could not be read; using English", name)
                continue
            missing = len(wanted - done)
            if missing:
                _log.warning("translation %s misses %d messages; using English", name, missing)
                continue
            return translations
    return None


@contextmanager
def speaking(language: str | None) -> Iterator[bool]:
    """Builds within this block use `language`'s catalogue; yields whether there was one."""
    translations = catalogue_for(language) if language else None
    token = _current.set(translations or _ENGLISH)
    try:
        yield translations is not None
    finally:
        _current.reset(token)


def interpreter_note(language: str) -> str:
    """The sentence a copy carries when the family's language has no catalogue (in English);
    a sign language's interpreter signs rather than speaks."""
    verb = "uses" if "sign language" in language.casefold() else "speaks"
    return (
        f"This copy is in English. An interpreter who {verb} {language} will go through it "
        "with you."
    )
