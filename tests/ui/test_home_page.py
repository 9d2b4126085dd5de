"""Home: the conferences from today, search, and opening the right conference by keyboard."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from tests.ui.conftest import make_family


def test_home_lists_upcoming_conferences_without_case_data_in_the_title(window: Any) -> None:
    model = window.home.conference_model
    assert model.rowCount() == 1
    assert model.index(0, 1).data() == "Testwood"
    assert window.windowTitle() == "ChairDesk"


def test_home_search_by_parent_name_or_reference_opens_the_right_conference(
    qtbot: Any, window: Any, services: Any
) -> None:
    other = make_family(services, "CP-0002", "Ashcombe")
    window.home.refresh()
    qtbot.keyClicks(window.home.search, "CP-0002")
    qtbot.keyClick(window.home.search, Qt.Key.Key_Return)
    assert window.conference_id == other.conference_id
    assert window.current_page() == "prepare"
    assert "CP-0002" in window.windowTitle()
    assert "Ashcombe" in window.prepare.heading.text()


def test_home_enter_on_a_row_opens_that_conference(qtbot: Any, window: Any, family: Any) -> None:
    window.home.search.setText("Poppy")
    window.home.run_search()
    assert window.home.conference_model.rowCount() == 1
    table = window.home.conference_table
    table.setFocus()
    table.setCurrentIndex(window.home.conference_model.index(0, 0))
    qtbot.keyClick(table.viewport(), Qt.Key.Key_Return)
    assert window.conference_id == family.conference_id


def test_home_search_without_matches_says_so(window: Any) -> None:
    window.home.search.setText("Nobody-By-This-Name")
    window.home.run_search()
    assert window.home.conference_model.rowCount() == 0
    assert "No conference matches" in window.home.empty_note.text()


def test_home_going_back_home_hides_the_case_reference(window: Any, family: Any) -> None:
    window.open_conference(family.conference_id)
    assert "CP-0001" in window.windowTitle()
    window.show_page("home")
    assert window.windowTitle() == "ChairDesk"
