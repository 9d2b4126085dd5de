"""Pages that issuing adds to a document: what changed in an amended version, who had copies.

An amendment's first page says which version it replaces, why, and what is new or different
(quoted from this version only: what was taken out is counted, never repeated, since it may
have been taken out because the reader may not see it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from chairdesk.export.model import (
    Block,
    BulletList,
    Document,
    Heading,
    PageBreak,
    Paragraph,
    Table,
)
from chairdesk.export.text import clean_line

MOST_LINES_QUOTED = 25


@dataclass(frozen=True)
class Amendment:
    version: int
    replaces_version: int
    replaces_issued_at: datetime
    reason: str
    previous_text: str  # the words of the version it replaces


@dataclass(frozen=True)
class CopyIssued:
    """One copy already issued, as the professionals' record lists it."""

    document: str
    recipient: str
    version: int
    formats: str
    method: str
    issued_at: datetime
    issued_by: str
    gaps_reason: str = ""


def changed_lines(previous_text: str, current_text: str) -> tuple[list[str], int]:
    """Lines new or different in `current_text`, in order, and how many earlier ones went."""
    before = _lines(previous_text)
    after = _lines(current_text)
    old, new = set(before), set(after)
    gone = [line for line in dict.fromkeys(before) if line not in new]
    replaced: set[str] = set()
    added = [
        _changed_part(line, gone, replaced) for line in dict.fromkeys(after) if line not in old
    ]
    return added, len([line for line in gone if line not in replaced])


def _changed_part(line: str, gone: list[str], replaced: set[str]) -> str:
    """A changed line from where it differs from the line it replaced; a new line whole."""
    shared, earlier = max(((_common_prefix(line, old), old) for old in gone), default=(0, ""))
    if shared < 40:
        return _short(line)
    replaced.add(earlier)
    start = line.rfind(" ", 0, shared - 30) + 1
    return ("…" if start else "") + _short(line[start:])


def _common_prefix(first: str, second: str) -> int:
    count = 0
    for a, b in zip(first, second, strict=False):
        if a != b:
            break
        count += 1
    return count


def with_amendment_page(document: Document, amendment: Amendment) -> Document:
    """The document with a first page saying what changed since the version it replaces."""
    added, removed = changed_lines(amendment.previous_text, document.plain_text())
    when = amendment.replaces_issued_at
    blocks: list[Block] = [
        Heading(f"Version {amendment.version}: what has changed", 1),
        Paragraph(
            f"This is version {amendment.version} of this document. It replaces version "
            f"{amendment.replaces_version}, issued on {when.day} {when:%B %Y}. Please use this "
            "version from now on.",
            style="intro",
        ),
        Paragraph(clean_line(amendment.reason), lead="Why it was changed:"),
    ]
    if added:
        shown = added[:MOST_LINES_QUOTED]
        blocks.append(Heading("What is new or different in this version", 2))
        blocks.append(BulletList(tuple(shown)))
        if len(added) > MOST_LINES_QUOTED:
            more = len(added) - MOST_LINES_QUOTED
            blocks.append(Paragraph(f"And {more} more lines further on.", style="note"))
    if removed:
        blocks.append(
            Paragraph(
                f"{removed} other line{'s' if removed != 1 else ''} of version "
                f"{amendment.replaces_version} {'are' if removed != 1 else 'is'} no longer in "
                "this version.",
                style="note",
            )
        )
    blocks.append(PageBreak())
    title = f"{document.title} (version {amendment.version})"
    return replace(document, title=title, blocks=(*blocks, *document.blocks))


def with_copies_issued(document: Document, copies: Sequence[CopyIssued]) -> Document:
    """A professionals' record with the copies issued before it: who received what, and how."""
    if not copies:
        return document
    rows = tuple(
        (
            c.document,
            c.recipient,
            str(c.version),
            c.formats,
            c.method,
            f"{c.issued_at.day} {c.issued_at:%B %Y}, {c.issued_by}",
        )
        for c in copies
    )
    blocks: list[Block] = [
        Heading("Copies issued", 1),
        Table(
            ("Document", "For", "Version", "Format", "How", "Issued"),
            rows,
            (0.16, 0.24, 0.08, 0.12, 0.18, 0.22),
        ),
    ]
    for copy in copies:
        if copy.gaps_reason:
            blocks.append(
                Paragraph(
                    clean_line(copy.gaps_reason),
                    lead=f"Issued with gaps ({copy.document}, {copy.recipient}):",
                )
            )
    return replace(document, blocks=(*document.blocks, *blocks))


def _lines(text: str) -> list[str]:
    kept = []
    for raw in text.splitlines()[1:]:  # the first is the page header
        line = " ".join(raw.split())
        if line and set(line) - set("=-") and line != "----- new page -----":
            kept.append(line)
    return kept


def _short(line: str, limit: int = 200) -> str:
    return line if len(line) <= limit else line[: limit - 1] + "…"


__all__ = [
    "Amendment",
    "CopyIssued",
    "changed_lines",
    "with_amendment_page",
    "with_copies_issued",
]
