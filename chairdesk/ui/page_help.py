"""What F1 says on each page: the page's own keys, and what to do next from where the chair is."""

from __future__ import annotations

import sys
from typing import Any

from PySide6.QtGui import QKeySequence, QShortcut

from chairdesk.domain import AgendaKind, AgendaStatus, ConferenceStatus

# Keys a page has that its module does not list (pages list theirs in SHORTCUTS).
PAGE_KEYS: dict[str, tuple[tuple[str, str], ...]] = {
    "home": (
        ("Ctrl+N", "Start a new conference for a family ChairDesk does not hold yet"),
        ("Enter", "Open the conference selected in the list"),
        ("Ctrl+F", "Search the conferences"),
    ),
    "prepare": (
        ("F2", "Change the selected cell in a table (a person, an invitee, a report)"),
        ("Space", "Tick or untick the focused box on the checklist"),
    ),
    "issue": (("Alt+D", "Choose the document"), ("Alt+W", "Choose whose copy")),
    "review": (
        ("Tab", "Move through each action's buttons"),
        ("Space", "Press the focused button: mark an action achieved, in progress or not"),
    ),
}

NEXT_STEPS: dict[str, tuple[str, ...]] = {
    "home": (
        "Choose a conference in the list and press Enter to open it.",
        "Or start a new family's first conference with Ctrl+N; reviews start on the Review page.",
    ),
    "prepare": (
        "Check the family, who is invited and the reports, and tick the checklist before the "
        "meeting.",
        "When everyone is in the room, go to Run (Ctrl+3).",
    ),
    "plan": (
        "Choose an action in the list to see it whole in the form beside it; add one with Ctrl+N.",
        'Fill in what the list says is "Still to fill in" for each action.',
        "Choose Who from the list of people and agencies, so each action prints as the family's "
        "or a professional's.",
        "When every action is complete, go to Issue (Ctrl+5).",
    ),
    "issue": (
        "Choose the document and whose copy it is; the preview is exactly what will be saved.",
        "Save it as Word or PDF; a parent's copy shows only what that parent may see.",
    ),
    "review": (
        "See how each action is going and mark it; record core group meetings.",
        "Start the review conference from here when it is due.",
    ),
}


def page_keys(key: str, page: Any) -> list[tuple[str, str]]:
    """The page's keys: its module's SHORTCUTS, the ones above, then any other it listens for."""
    listed = list(getattr(sys.modules.get(type(page).__module__), "SHORTCUTS", []))
    listed += [k for k in PAGE_KEYS.get(key, ()) if k[0] not in {s for s, _ in listed}]
    known = {keys for keys, _ in listed}
    for shortcut in page.findChildren(QShortcut):
        text = shortcut.key().toString(QKeySequence.SequenceFormat.NativeText)
        if text and text not in known:
            listed.append((text, shortcut.whatsThis() or "A shortcut on this page"))
            known.add(text)
    return listed


def next_steps(key: str, page: Any) -> list[str]:
    """What to do next on this page, starting from where the chair is on it."""
    steps = list(NEXT_STEPS.get(key, ()))
    if key == "run":
        steps = _run_steps(page)
    if key != "home" and getattr(page, "conference_id", 0) is None:
        steps.insert(0, "Open a conference from Home (Ctrl+1) first.")
    return steps


def _run_steps(page: Any) -> list[str]:
    shown = page.shown_item() if hasattr(page, "shown_item") else None
    view = getattr(page, "view", None)
    if shown is None or view is None:
        return ["Open a conference from Home, then come back to Run (Ctrl+3)."]
    if view.summary.status not in (ConferenceStatus.PLANNED, ConferenceStatus.IN_PROGRESS):
        return [
            "This conference has concluded: its record is read here, and changed only until it "
            "is issued.",
            "Go to Plan (Ctrl+4) or Issue (Ctrl+5).",
        ]
    steps = [f"On screen: {shown.title}."]
    if shown.status == AgendaStatus.PENDING:
        steps.append("Start it with Ctrl+Return when the conference reaches it.")
    elif shown.status == AgendaStatus.IN_PROGRESS:
        steps.append("Record what is said under its headings (Ctrl+J goes to the first one).")
    if shown.kind == AgendaKind.DECISION:
        steps.append(
            'Record each agency\'s recommendation (tick "The same for every child" to give it '
            "once for all), then the decision for each child."
        )
    if shown.kind == AgendaKind.CLOSE:
        steps.append(
            'When everyone has been heard, press "Conclude the conference"; it asks first.'
        )
    else:
        steps.append("Move to the next item with Alt+Right; skip one with Ctrl+Shift+K.")
    return steps
