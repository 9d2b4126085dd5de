"""Every control on every page has an accessible name; the window works from the keyboard."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QSlider,
    QTextEdit,
    QWidget,
)

from chairdesk.ui.help_panel import HelpPanel
from chairdesk.ui.main_window import PAGES
from tests.ui.conftest import TODAY

CONTROLS = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractItemView,
    QTextEdit,
    QPlainTextEdit,
    QAbstractSpinBox,
    QSlider,
)


def _unnamed(root: QWidget) -> list[str]:
    missing = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or isinstance(widget, QHeaderView):
            continue
        parent = widget.parentWidget()
        if isinstance(widget, QLineEdit) and isinstance(parent, QComboBox | QAbstractSpinBox):
            continue  # the combo box or spin box carries the name
        if widget.objectName().startswith("qt_") or isinstance(parent, QLineEdit):
            continue  # Qt's own parts: a table's corner button, a line edit's clear button
        if widget.window() is not root.window():
            continue  # a closed drop-down list: its combo box carries the name
        interface = QAccessible.queryAccessibleInterface(widget)
        name = interface.text(QAccessible.Text.Name) if interface is not None else ""
        if not widget.accessibleName() and not name:
            missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return missing


@pytest.mark.parametrize("page", PAGES)
def test_accessibility_every_control_on_each_page_is_named(
    window: Any, family: Any, page: str
) -> None:
    window.open_conference(family.conference_id)
    window.show_page(page)
    assert _unnamed(window.pages[page]) == []


def test_accessibility_window_chrome_and_parents_screen_are_named(window: Any) -> None:
    assert _unnamed(window.navigation.parentWidget()) == []
    assert window.navigation.accessibleName() == "Pages"
    assert window.save_state.accessibleName() == "Save state"
    assert _unnamed(window.parent_screen) == []
    assert _unnamed(window.lock_page) == []


def test_accessibility_help_lists_every_shortcut(qtbot: Any, window: Any) -> None:
    qtbot.keyClick(window, Qt.Key.Key_F1)
    panel = window.findChild(HelpPanel)
    assert panel is not None and panel.isVisible()
    listed = panel.shortcut_texts()
    for action in window.actions():
        assert action.shortcut().toString(action.shortcut().SequenceFormat.NativeText) in listed
    assert _unnamed(panel) == []


def test_accessibility_pages_by_keyboard_and_text_scaling(
    qtbot: Any, window: Any, family: Any
) -> None:
    window.open_conference(family.conference_id)
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() == "home"
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() == "prepare"
    before = window.text_scaler.point_size
    qtbot.keyClick(window, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert window.text_scaler.point_size == before + 1
    qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.text_scaler.point_size == before


def test_accessibility_tab_order_follows_the_home_screen(
    qtbot: Any, window: Any, services: Any, family: Any
) -> None:
    # A report nobody has shared with the parents yet puts something in the due list.
    services.prepare.add_report(family.conference_id, "Health Visiting", received_on=TODAY)
    home = window.home
    home.refresh_due()  # the first time, what is due follows the first paint
    assert home.due_model.rowCount() > 0
    home.search.setFocus()
    order = [home.search]
    widget = home.search
    for _ in range(2):
        widget = widget.nextInFocusChain()
        while widget.focusPolicy() == Qt.FocusPolicy.NoFocus or not widget.isVisible():
            widget = widget.nextInFocusChain()
        order.append(widget)
    assert order == [home.search, home.conference_table, home.due_table]


def test_main_window_closes_without_asking(qtbot: Any, window: Any, family: Any) -> None:
    window.open_conference(family.conference_id)
    window.parent_screen_may_cover = True  # one screen here: asked and answered in test_fit
    window.toggle_parent_screen()
    assert window.parent_screen.isVisible()
    assert window.close()
    assert not window.parent_screen.isVisible()
