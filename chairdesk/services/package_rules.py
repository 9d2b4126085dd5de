"""The screens' rules, applied to a package before anything is imported.

- Text limits: every text in a package is held to the limit the screens apply
  (entries.MAX_TEXT_LENGTH for a passage, actions.SHORT_LIMIT for a name, an agency, a title),
  broken characters and NUL characters are refused. The message names the field and the
  length, never the text itself, so a 50 MB name still makes a one-line message.
- Visibility: imported text starts professionals-only until the chair shares it (entries,
  reports, danger statements, scores and actions), whatever the package says. A package is
  someone else's record of who may see what; the importing chair decides again for their own
  conference. A chair who has checked the package may keep its sharing with `keep_sharing`
  (`chairdesk package import --keep-sharing`), which the audit trail records. Whom an item is
  withheld from is always kept, so sharing it later withholds it from the same people.

Only a chair exports or imports a package (services/permissions.py, Permission.PACKAGE).
"""

from __future__ import annotations

import copy
from typing import Any

from chairdesk.domain import Visibility
from chairdesk.errors import PackageError
from chairdesk.services.actions import SHORT_LIMIT
from chairdesk.services.entries import MAX_TEXT_LENGTH

INVALID = "conference package is not valid at"
NOTHING = "nothing was imported"

#: Fields that the screens hold to a name's length.
SHORT_FIELDS = frozenset(
    {
        "name",
        "family_name",
        "case_reference",
        "agency",
        "job_title",
        "speaker",
        "scorer",
        "team",
        "chair_name",
        "minute_taker_name",
        "lead_social_worker",
        "language",
        "gender",
        "confirmed_by",
        "present_for",
        "title",
        "author",
    }
)
#: The lists whose items carry a visibility of their own.
SHARED_KINDS = ("entries", "reports", "danger_statements", "scalings", "actions")


def _path_text(path: list[str | int]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "the top level"


def check_texts(document: Any) -> None:
    """Raise PackageError for the first text (in file order) the screens would refuse."""
    stack: list[tuple[Any, list[str | int]]] = [(document, [])]
    while stack:
        node, path = stack.pop()
        if isinstance(node, str):
            _check_text(node, path)
        elif isinstance(node, dict):
            stack.extend((v, [*path, k]) for k, v in reversed(list(node.items())))
            for key in node:
                if isinstance(key, str) and len(key) > SHORT_LIMIT:
                    raise PackageError(f"{INVALID} {_path_text(path)}: a field name is too long")
        elif isinstance(node, list):
            stack.extend((v, [*path, i]) for i, v in reversed(list(enumerate(node))))


def _check_text(text: str, path: list[str | int]) -> None:
    where = _path_text(path)
    field = next((p for p in reversed(path) if isinstance(p, str)), "")
    limit = SHORT_LIMIT if field in SHORT_FIELDS else MAX_TEXT_LENGTH
    if len(text) > limit:
        raise PackageError(
            f"{INVALID} {where}: the text is {len(text):,} characters long, and the most the "
            f"screens allow there is {limit:,}: {NOTHING}"
        )
    if "\x00" in text:
        raise PackageError(f"{INVALID} {where}: the text holds a NUL character")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise PackageError(
            f"{INVALID} {where}: the text holds a broken character at position {error.start + 1}"
        ) from None


def professionals_first(document: dict[str, Any]) -> dict[str, Any]:
    """A copy in which every item with a visibility is professionals-only."""
    released = copy.copy(document)
    for kind in SHARED_KINDS:
        items = document.get(kind)
        if not isinstance(items, list):
            continue
        released[kind] = [
            {**item, "visibility": Visibility.PROFESSIONALS.value}
            if isinstance(item, dict)
            else item
            for item in items
        ]
    return released


def shared_count(document: dict[str, Any]) -> int:
    """How many items the package itself marks as seen by parents (for the audit trail)."""
    return sum(
        1
        for kind in SHARED_KINDS
        for item in document.get(kind) or []
        if isinstance(item, dict)
        and item.get("visibility", Visibility.PROFESSIONALS.value) != Visibility.PROFESSIONALS.value
    )
