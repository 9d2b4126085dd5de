"""Locking: no case data on screen while locked, and unlocking returns to the unsaved text."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from sqlalchemy import select

from chairdesk.models import AuditEvent

FAMILY_NAME = "Testwood"  # tests/ui/conftest.py make_family


def _visible_text(window: Any) -> str:
    shown: list[str] = [window.windowTitle()]
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, (QLabel, QLineEdit, QAbstractButton)):
            shown.append(widget.text())
        elif isinstance(widget, (QPlainTextEdit, QTextEdit)):
            shown.append(widget.toPlainText())
    return "\n".join(shown)


def _an_editable_field(page: QWidget) -> QLineEdit | QPlainTextEdit:
    for kind in (QPlainTextEdit, QLineEdit):
        for field in page.findChildren(kind):
            if field.isVisible() and field.isEnabled() and not field.isReadOnly():
                return field
    raise AssertionError("no editable field on the page")


def test_locking_hides_the_case_and_unlocking_returns_to_the_unsaved_text(
    qtbot: Any, window: Any, family: Any
) -> None:
    window.open_conference(family.conference_id)
    page_before = window.current_page()
    assert FAMILY_NAME in _visible_text(window)
    assert "CP-0001" in window.windowTitle()
    field = _an_editable_field(window.stack.currentWidget())
    field.setFocus()
    qtbot.keyClicks(field, "Half-typed thought")

    window.lock()
    shown = _visible_text(window)
    assert window.windowTitle() == "ChairDesk"
    assert FAMILY_NAME not in shown and "CP-0001" not in shown
    assert "locked" in window.parent_screen.text()

    window.lock_page.passphrase.setText("anything")  # no accounts: the start dialog's check
    window.lock_page.unlock_button.click()
    assert not window.locked
    assert window.current_page() == page_before
    text = field.toPlainText() if isinstance(field, QPlainTextEdit) else field.text()
    assert text.endswith("Half-typed thought")
    assert QApplication.focusWidget() is field


def test_locking_after_the_idle_time_and_not_while_someone_is_typing(
    qtbot: Any, window: Any
) -> None:
    window.set_idle_seconds(1)
    window.activateWindow()
    window.home.search.setFocus()
    for _ in range(8):  # two seconds of typing, a key every quarter of a second
        # As the keyboard's keys come: to the window, which hands them to the search box.
        QTest.keyClick(window.windowHandle(), Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier)
        qtbot.wait(250)
    assert window.home.search.text() == "a" * 8
    assert not window.locked
    qtbot.waitUntil(lambda: window.locked, timeout=5000)
    assert window.windowTitle() == "ChairDesk"
    assert window.session_watch.idle_seconds() == 1  # sleep is judged by the same idle time


def test_typing_in_a_dialog_opened_later_keeps_the_lock_away(qtbot: Any, window: Any) -> None:
    from PySide6.QtWidgets import QDialog, QVBoxLayout

    window.set_idle_seconds(1)
    dialog = QDialog(window)
    field = QLineEdit(dialog)
    QVBoxLayout(dialog).addWidget(field)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWindow() is dialog.windowHandle())
    field.setFocus()
    for _ in range(8):  # two seconds of typing in the dialog, a key every quarter of a second
        QTest.keyClick(dialog.windowHandle(), Qt.Key.Key_B, Qt.KeyboardModifier.NoModifier)
        qtbot.wait(250)
    assert field.text() == "b" * 8
    assert not window.locked
    qtbot.waitUntil(lambda: window.locked, timeout=5000)


def test_locking_follows_the_systems_session_lock(window: Any, family: Any) -> None:
    window.open_conference(family.conference_id)
    window.session_watch.lock_requested.emit("session")
    assert window.locked and window.windowTitle() == "ChairDesk"
    window.session_watch.lock_requested.emit("sleep")  # a second notice changes nothing
    assert window.locked


def test_locking_clears_text_copied_from_chairdesk(qtbot: Any, window: Any, family: Any) -> None:
    window.open_conference(family.conference_id)
    window.activateWindow()
    field = _an_editable_field(window.stack.currentWidget())
    field.setFocus()
    qtbot.keyClicks(field, "Copied case detail")
    field.selectAll()
    field.copy()
    assert "Copied case detail" in QApplication.clipboard().text()
    window.lock()
    assert QApplication.clipboard().text() == ""


def test_locking_opening_a_conference_is_an_audit_event(
    window: Any, services: Any, family: Any
) -> None:
    window.open_conference(family.conference_id)
    with services.context.database.transaction() as session:
        views = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "conference.view")
        ).all()
        assert [(e.conference_id, e.user) for e in views] == [
            (family.conference_id, services.context.user)
        ]
