"""The gate before a parent's document is issued: every gap a parent would read.

DESIGN.md §4a: a placeholder ("not recorded", "to be arranged", "not set", "Not yet agreed"), an
action without who, by when or how we will know, a by-when date already past, a child without a
decision. Each gap says where the chair fixes it; the chair fixes it or issues anyway with a
reason, which the issued document's row, the audit and the professionals' record keep.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from chairdesk.domain import ActionStatus, PersonRole
from chairdesk.export import Document, DocumentKind
from chairdesk.export.model import ActionCard, Block, Heading, Paragraph, Table
from chairdesk.views import ConferenceView

PLACEHOLDERS = ("not recorded", "to be arranged", "not set", "not yet agreed")
_PLACEHOLDER = re.compile("|".join(re.escape(p) for p in PLACEHOLDERS), re.IGNORECASE)

# Where each missing fact is put right: (words in the line or its heading, page, field).
_FIELDS = (
    ("minute", "prepare", "Conference details: the minute-taker"),
    ("social worker", "prepare", "Conference details: the lead social worker"),
    ("core group", "prepare", "Conference details: the first core group date"),
    ("review", "prepare", "Conference details: the review date"),
    ("plan to end", "prepare", "Conference details: what must happen for the plan to end"),
    ("venue", "prepare", "Conference details: the venue"),
    ("chair", "prepare", "Conference details: the chair"),
    ("interpreter", "prepare", "Conference details: the interpreter"),
)
PAGE_NAMES = {"prepare": "Prepare", "run": "Run", "plan": "Plan"}
_DONE = (ActionStatus.ACHIEVED, ActionStatus.NO_LONGER_NEEDED)


@dataclass(frozen=True)
class Gap:
    """One thing a parent would read as missing, and where the chair puts it right."""

    text: str  # what the copy says, or what is missing
    page: str  # the page to fix it on: prepare, run or plan
    field: str  # the part of that page

    @property
    def where(self) -> str:
        return f"{PAGE_NAMES.get(self.page, self.page)}: {self.field}"


def gaps(
    view: ConferenceView, document: Document, kind: DocumentKind, today: date
) -> tuple[Gap, ...]:
    """Every gap in this copy, placeholders in document order, then actions, then decisions."""
    if DocumentKind(kind) == DocumentKind.LEAFLET:
        return ()  # written before the meeting: nothing in it can be missing yet
    found = list(_placeholders(document.blocks))
    if kind in (DocumentKind.PLAN, DocumentKind.RECORD):
        found.extend(_action_gaps(view, today))
    found.extend(_decision_gaps(view))
    return tuple(dict.fromkeys(found))


def _placeholders(blocks: tuple[Block, ...]) -> list[Gap]:
    found = []
    heading = ""
    for block in blocks:
        if isinstance(block, Heading):
            heading = block.text
            continue
        if isinstance(block, ActionCard):
            continue  # actions are checked part by part below
        for line in _lines(block):
            if _PLACEHOLDER.search(line):
                found.append(_placed(line, heading))
    return found


def _lines(block: Block) -> list[str]:
    if isinstance(block, Paragraph):
        return [f"{block.lead} {block.text}".strip()]
    if isinstance(block, Table):
        return [": ".join(cell for cell in row if cell) for row in block.rows]
    return []


def _placed(line: str, heading: str) -> Gap:
    words = f"{line} {heading}".casefold()
    text = " ".join(line.split())
    for key, page, field in _FIELDS:
        if key in line.casefold():
            return Gap(text, page, field)
    for key, page, field in _FIELDS:
        if key in words:
            return Gap(text, page, field)
    return Gap(text, "prepare", "Conference details")


def _action_gaps(view: ConferenceView, today: date) -> list[Gap]:
    found = []
    for number, action in enumerate(view.actions, start=1):
        if action.status in _DONE:
            continue
        title = f"Action {number}"
        if action.what.strip():
            what = " ".join(action.what.split())
            title += f" ({what[:60]}{'…' if len(what) > 60 else ''})"
        if not action.who.strip():
            found.append(Gap(f"{title}: nobody is named to do it", "plan", f"action {number}, who"))
        if action.by_when is None:
            found.append(Gap(f"{title}: no date by when", "plan", f"action {number}, by when"))
        elif action.by_when < today:
            found.append(
                Gap(
                    f"{title}: by {action.by_when.day} {action.by_when:%B %Y}, already past",
                    "plan",
                    f"action {number}, by when",
                )
            )
        if not action.how_we_will_know.strip():
            found.append(
                Gap(
                    f"{title}: not said how we will know it is done",
                    "plan",
                    f"action {number}, how we will know",
                )
            )
    return found


def _decision_gaps(view: ConferenceView) -> list[Gap]:
    decided = {d.child_id for d in view.decisions if d.decided_at is not None}
    return [
        Gap(f"No decision recorded for {person.name}", "run", "Decision")
        for person in view.people
        if person.role in (PersonRole.CHILD, PersonRole.UNBORN) and person.id not in decided
    ]


def describe(found: tuple[Gap, ...]) -> str:
    """The gaps in one paragraph for the command line and messages."""
    return "; ".join(f"{gap.text} (fix on {gap.where})" for gap in found)


__all__ = ["PLACEHOLDERS", "Gap", "describe", "gaps"]
