"""Text copied from ChairDesk leaves the clipboard after its time; anyone else's copy stays."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from chairdesk.ui.clipboard_guard import ClipboardGuard

SECRET = "Poppy Testwood disclosed bruising to her teacher on Monday"


class Ours:
    """Says whether the next clipboard change is ChairDesk's; a test flips it for 'someone else'."""

    def __init__(self) -> None:
        self.value = True

    def __call__(self) -> bool:
        return self.value


@pytest.fixture
def clipboard() -> Iterator[Any]:
    board = QApplication.clipboard()
    board.clear()
    yield board
    board.clear()


@pytest.fixture
def notes(qtbot: Any) -> Iterator[QLineEdit]:
    """A shown window with one line of case notes in it, as a chair would copy from."""
    window = QWidget()
    layout = QVBoxLayout(window)
    line = QLineEdit(SECRET)
    layout.addWidget(line)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield line  # the window stays referenced, and so alive, until the test ends


def _copy(line: QLineEdit) -> None:
    line.selectAll()
    line.copy()


def test_clipboard_guard_clears_copied_text_after_its_time(
    qtbot: Any, clipboard: Any, notes: QLineEdit
) -> None:
    guard = ClipboardGuard(clipboard, 1, is_ours=Ours())
    _copy(notes)
    assert clipboard.text() == SECRET

    qtbot.waitUntil(lambda: clipboard.text() == "", timeout=5000)

    assert clipboard.text() == ""
    assert not guard.holds_our_text()


def test_clipboard_guard_default_counts_a_copy_from_the_active_window_as_ours(
    qtbot: Any, clipboard: Any, notes: QLineEdit
) -> None:
    qtbot.waitUntil(lambda: notes.window().isActiveWindow(), timeout=5000)
    guard = ClipboardGuard(clipboard, 1)
    _copy(notes)

    assert guard.holds_our_text()
    qtbot.waitUntil(lambda: clipboard.text() == "", timeout=5000)


def test_clipboard_guard_leaves_what_someone_else_copied_afterwards(
    qtbot: Any, clipboard: Any, notes: QLineEdit
) -> None:
    ours = Ours()
    guard = ClipboardGuard(clipboard, 1, is_ours=ours)
    _copy(notes)
    assert guard.holds_our_text()

    ours.value = False
    clipboard.setText("Bus timetable for Thursday")
    # Nothing is left waiting to clear it: the countdown for our copy stopped with their copy.
    assert not guard._timer.isActive()

    assert clipboard.text() == "Bus timetable for Thursday"
    assert not guard.clear_now()
    assert clipboard.text() == "Bus timetable for Thursday"


def test_clipboard_guard_leaves_a_later_copy_of_other_text_even_when_counted_as_ours(
    qtbot: Any, clipboard: Any, notes: QLineEdit
) -> None:
    guard = ClipboardGuard(clipboard, 1, is_ours=Ours())
    _copy(notes)
    other = "Lee Brookfield attended by phone"
    notes.setText(other)
    _copy(notes)

    qtbot.waitUntil(lambda: clipboard.text() == "", timeout=5000)
    assert not guard.holds_our_text()


def test_clipboard_guard_clear_now_empties_the_clipboard_at_once(
    clipboard: Any, notes: QLineEdit
) -> None:
    guard = ClipboardGuard(clipboard, 300, is_ours=Ours())
    _copy(notes)
    assert clipboard.text() == SECRET

    assert guard.clear_now()

    assert clipboard.text() == ""
    assert not guard.clear_now()


def test_clipboard_guard_with_no_time_keeps_text_until_cleared(
    qtbot: Any, clipboard: Any, notes: QLineEdit
) -> None:
    guard = ClipboardGuard(clipboard, 1, is_ours=Ours())
    guard.set_seconds(0)
    _copy(notes)
    # With no time set the timer never runs: nothing is waiting to clear the clipboard.
    assert not guard._timer.isActive()
    qtbot.wait(200)

    assert clipboard.text() == SECRET
    assert guard.clear_now()
    assert clipboard.text() == ""


def test_clipboard_guard_set_seconds_applies_to_text_already_copied(
    qtbot: Any, clipboard: Any, notes: QLineEdit
) -> None:
    guard = ClipboardGuard(clipboard, 300, is_ours=Ours())
    _copy(notes)
    guard.set_seconds(1)

    qtbot.waitUntil(lambda: clipboard.text() == "", timeout=5000)
    assert guard.seconds() == 1


def test_clipboard_guard_never_logs_the_copied_text(
    qtbot: Any, clipboard: Any, notes: QLineEdit, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    guard = ClipboardGuard(clipboard, 1, is_ours=Ours())
    _copy(notes)
    qtbot.waitUntil(lambda: clipboard.text() == "", timeout=5000)
    guard.clear_now()

    assert "Testwood" not in caplog.text
    assert "bruising" not in caplog.text
