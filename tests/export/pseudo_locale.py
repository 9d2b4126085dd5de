"""A test-only pseudo language: every message of the catalogue template with its letters
accented ("Ŵĥáţ Í ñééď ţó ďó"), placeholders kept, so any fixed English left in a parent's
copy stands out as plain ASCII letters."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from chairdesk.export.catalogue import template_path
from chairdesk.export.catalogue_template import template

LANGUAGE = "Pseudo"  # as recorded on the person; the file is pseudo.po
_PLAIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ACCENTED = "áƀçďéƒĝĥíĵķĺṁñóṗʠŕšţúṽŵẋýžÁƁÇĎÉƑĜĤÍĴĶĹṀÑÓṖǪŔŠŢÚṼŴẊÝŽ"
_TABLE = str.maketrans(_PLAIN, _ACCENTED)
_PLACEHOLDER = re.compile(r"(\{[^{}]*\})")


def pseudo(message: str) -> str:
    """Every letter accented; `{placeholders}` as they were."""
    return "".join(
        part if _PLACEHOLDER.fullmatch(part) else part.translate(_TABLE)
        for part in _PLACEHOLDER.split(message)
    )


def write_pseudo(folder: Path, *, leave_out: int = 0) -> Path:
    """Writes pseudo.po into `folder` from the current and the shipped template (so a stale
    template file cannot hide a string); `leave_out` messages are left untranslated (to show
    an incomplete catalogue is not used)."""
    source = template()
    with template_path().open("rb") as handle:
        for message in read_po(handle):
            if message.id and message.id not in source:
                source.add(message.id)
    catalog = Catalog(locale="en", domain="chairdesk", fuzzy=False)
    for index, message in enumerate(m for m in source if m.id):
        if index < leave_out:
            string: str | tuple[str, ...] = ("", "") if isinstance(message.id, tuple) else ""
        elif isinstance(message.id, tuple):
            string = tuple(pseudo(i) for i in message.id)
        else:
            string = pseudo(message.id)
        catalog.add(message.id, string)
    path = folder / "pseudo.po"
    with path.open("wb") as handle:
        write_po(handle, catalog)
    return path
