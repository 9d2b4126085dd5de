"""F1 on each page lists that page's own keys first, and what to do next from there."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from chairdesk.ui.help_panel import HelpPanel
from chairdesk.ui.run_page import SHORTCUTS as RUN_KEYS
from tests.ui.run_support import OFFSCREEN_LIMITS

pytestmark = OFFSCREEN_LIMITS

# (page, Ctrl+number, a key only that page has, words of its next steps)
PAGES = [
    ("home", Qt.Key.Key_1, "Ctrl+N", "press Enter to open it"),
    ("prepare", Qt.Key.Key_2, "F2", "go to Run (Ctrl+3)"),
    ("run", Qt.Key.Key_3, "Alt+Right", "On screen: "),
    ("plan", Qt.Key.Key_4, "Ctrl+Shift+Delete", "Still to fill in"),
    ("issue", Qt.Key.Key_5, "Alt+W", "the preview is exactly what will be saved"),
    ("review", Qt.Key.Key_6, "Space", "record core group meetings"),
]


def _help(qtbot: Any, window: Any) -> HelpPanel:
    qtbot.keyClick(window, Qt.Key.Key_F1)
    panel = window.help_panel  # the one just opened (a closed one is deleted later)
    assert isinstance(panel, HelpPanel) and panel.isVisible()
    return panel


@pytest.mark.parametrize(("page", "number", "own_key", "next_words"), PAGES)
def test_f1_on_each_page_lists_its_keys_and_what_to_do_next(
    qtbot: Any, window: Any, family: Any, page: str, number: Qt.Key, own_key: str, next_words: str
) -> None:
    window.open_conference(family.conference_id)
    qtbot.keyClick(window, number, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() == page
    panel = _help(qtbot, window)
    assert page.title() in panel.windowTitle()
    assert own_key in panel.page_shortcut_texts()
    assert next_words in panel.next_steps_text()
    # The keys that work everywhere are still there, after the page's own.
    assert "Ctrl+L" in panel.shortcut_texts()
    assert "Ctrl+L" not in panel.page_shortcut_texts()
    panel.close()


def test_f1_on_run_follows_the_item_on_screen(qtbot: Any, window: Any, family: Any) -> None:
    from chairdesk.domain import AgendaKind

    window.open_conference(family.conference_id)
    window.show_page("run")
    run_keys = {keys for keys, _ in RUN_KEYS}
    decision = next(i for i in window.run.view.agenda if i.kind == AgendaKind.DECISION)
    window.run.show_item(decision.id)
    panel = _help(qtbot, window)
    assert run_keys <= set(panel.page_shortcut_texts())
    assert f"On screen: {decision.title}" in panel.next_steps_text()
    assert "The same for every child" in panel.next_steps_text()
    panel.close()
    close = next(i for i in window.run.view.agenda if i.kind == AgendaKind.CLOSE)
    window.run.show_item(close.id)
    assert "Conclude the conference" in _help(qtbot, window).next_steps_text()
