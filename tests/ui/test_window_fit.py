"""The window opens fitted to the screen; with one screen the parents' screen asks first."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMessageBox

from tests.ui.run_support import answer_next_dialog


def test_the_window_opens_within_the_screen_it_is_on(window: Any) -> None:
    available = window.screen().availableGeometry()
    assert window.width() <= available.width()
    assert window.height() <= available.height()  # not 1280×800 on a smaller screen


def test_with_one_screen_the_parents_screen_asks_before_covering_the_chairs(
    qtbot: Any, window: Any, family: Any
) -> None:
    window.open_conference(family.conference_id)
    assert len(window.screen().virtualSiblings()) == 1
    asked: list[str] = []

    def answer(button: QMessageBox.StandardButton) -> Any:
        def press(box: Any) -> None:
            asked.append(box.windowTitle())
            box.button(button).click()

        return press

    answer_next_dialog(answer(QMessageBox.StandardButton.No))
    window.toggle_parent_screen()
    assert asked == ["Show the parents' screen here?"]
    assert not window.parent_screen.isVisible()  # the chair's window stays in view

    answer_next_dialog(answer(QMessageBox.StandardButton.Yes))
    window.toggle_parent_screen()
    assert window.parent_screen.isVisible()
    window.toggle_parent_screen()  # hidden again with the same key
    window.toggle_parent_screen()  # and shown without asking twice in one session
    assert window.parent_screen.isVisible()
    assert len(asked) == 2
