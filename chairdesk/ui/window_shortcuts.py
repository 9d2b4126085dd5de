"""The main window's keyboard shortcuts, made and listed for the F1 help in one place."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from chairdesk.services.permissions import Permission, may


def add_shortcut(
    window: Any,
    text: str,
    keys: QKeySequence | QKeySequence.StandardKey | str,
    slot: Callable[[], Any],
) -> QAction:
    """An action on `window` for `keys`, listed in `window.shortcuts` for the help panel."""
    action = QAction(text, window)
    sequence = QKeySequence(keys)
    action.setShortcut(sequence)
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.triggered.connect(slot)
    window.addAction(action)
    window.shortcuts.append(
        (sequence.toString(QKeySequence.SequenceFormat.NativeText), text.replace("&", ""))
    )
    return action


def _shows(window: Any, key: str) -> Callable[[], None]:
    """The slot that opens the page called `key` (one per page, so each keeps its own key)."""

    def show(_checked: bool = False) -> None:
        window.show_page(key)

    return show


def add_window_shortcuts(window: Any, pages: tuple[str, ...], titles: dict[str, str]) -> None:
    """Help, the pages (Ctrl+1 to Ctrl+6), search, text size, the parents' screen, the lock."""
    tr = window.tr
    scaler = window.text_scaler
    add_shortcut(window, tr("Show this help"), QKeySequence(Qt.Key.Key_F1), window.show_help)
    for number, key in enumerate(pages, start=1):
        add_shortcut(
            window, tr("Go to {0}").format(tr(titles[key])), f"Ctrl+{number}", _shows(window, key)
        )
    add_shortcut(window, tr("Search conferences"), "Ctrl+F", window.focus_search)
    # The home page's own shortcut, listed with the rest in the F1 help.
    window.shortcuts.append(("Ctrl+N", tr("New conference (on Home)")))
    add_shortcut(window, tr("Larger text"), QKeySequence.StandardKey.ZoomIn, scaler.larger)
    add_shortcut(window, tr("Larger text"), "Ctrl+=", scaler.larger)
    add_shortcut(window, tr("Smaller text"), QKeySequence.StandardKey.ZoomOut, scaler.smaller)
    add_shortcut(window, tr("Normal text size"), "Ctrl+0", scaler.reset)
    add_shortcut(
        window, tr("Show or hide the parents' screen"), "Ctrl+Shift+P", window.toggle_parent_screen
    )
    add_shortcut(
        window,
        tr("Blank the parents' screen, or show it again"),
        QKeySequence(Qt.Key.Key_F8),
        window.toggle_parent_screen_paused,
    )
    add_shortcut(window, tr("Lock ChairDesk"), "Ctrl+L", window.lock)
    add_shortcut(window, tr("Move between the pages list and the page"), "F6", window.swap_focus)
    add_shortcut(
        window, tr("Parents' feedback across conferences"), "Ctrl+Shift+F", window.show_feedback
    )
    if may(window.services.context.role, Permission.MANAGE_ACCOUNTS):
        add_shortcut(window, tr("Accounts"), "Ctrl+Shift+A", window.show_accounts)
