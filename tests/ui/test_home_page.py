"""Home: conferences from today, search, a new family's conference, and plans that could end."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt

from chairdesk.domain import ActionStatus
from chairdesk.services import demo as demo_data
from tests.ui.conftest import TODAY, make_family
from tests.ui.run_support import OFFSCREEN_LIMITS, answer_next_dialog

LEFT = Qt.MouseButton.LeftButton


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


def test_home_keeps_the_chosen_row_when_a_change_leaves_the_list_as_it_was(
    window: Any, services: Any, family: Any
) -> None:
    """Back at Home after editing a conference, the list reads the same, so the row the chair
    had chosen stays chosen; a new conference in the list starts again from the first row."""
    make_family(services, "CP-0002", "Ashcombe")
    window.home.refresh()
    table, model = window.home.conference_table, window.home.conference_model
    assert model.rowCount() == 2
    table.selectRow(1)
    chosen = model.conference_id(1)
    window.open_conference(family.conference_id)
    services.prepare.set_checklist(family.conference_id, notes="Checked with the family.")
    window.show_page("home")
    assert table.currentIndex().row() == 1 and model.conference_id(1) == chosen

    make_family(services, "CP-0003", "Birchley")
    window.show_page("home")
    assert model.rowCount() == 3 and table.currentIndex().row() == 0


def test_home_columns_fit_a_longer_name_and_larger_text(
    qtbot: Any, window: Any, services: Any
) -> None:
    """Home's columns keep their widths between visits, but still fit a longer family name when
    the list changes and grow when the chair makes the text larger."""
    table = window.home.conference_table
    header = table.horizontalHeader()
    qtbot.waitUntil(lambda: not table.property("measuring"))
    family_width = header.sectionSize(1)
    make_family(services, "CP-0002", "Featherstonehaugh-Montgomery-Oldcastle")
    window.show_page("home")
    qtbot.waitUntil(lambda: not table.property("measuring"))
    wider = header.sectionSize(1)
    assert wider > family_width
    metrics = table.fontMetrics()
    assert wider >= metrics.horizontalAdvance("Featherstonehaugh-Montgomery-Oldcastle")

    for _ in range(4):
        window.text_scaler.larger()
    qtbot.waitUntil(lambda: not table.property("measuring") and header.sectionSize(1) > wider)


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


def _fill_new_family(qtbot: Any, dialog: Any) -> None:
    qtbot.keyClicks(dialog.family_name, "Larkfield")
    dialog.case_reference.setFocus()
    qtbot.keyClicks(dialog.case_reference, "CP-0420")
    dialog.household.child_name.setFocus()
    qtbot.keyClicks(dialog.household.child_name, "Poppy Larkfield")
    qtbot.keyClick(dialog.household.child_name, Qt.Key.Key_Return)
    qtbot.mouseClick(dialog.create_button, LEFT)
    if dialog.isVisible():  # never leave a modal dialog open: the test would wait for ever
        dialog.reject()


@OFFSCREEN_LIMITS
def test_home_ctrl_n_creates_a_conference_and_opens_it_like_a_home_item(
    qtbot: Any, window: Any, services: Any
) -> None:
    window.activateWindow()
    window.home.search.setFocus()
    answer_next_dialog(lambda dialog: _fill_new_family(qtbot, dialog))
    qtbot.keyClick(window.home.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)

    created = next(
        c for c in services.conferences.list_conferences() if c.family_name == "Larkfield"
    )
    assert window.conference_id == created.id
    assert window.current_page() == "prepare"
    assert "CP-0420" in window.windowTitle()
    assert "Larkfield" in window.prepare.heading.text()


@OFFSCREEN_LIMITS
def test_home_new_conference_button_cancelled_changes_nothing(
    qtbot: Any, window: Any, services: Any
) -> None:
    assert window.home.new_button.accessibleName() == "New conference"
    answer_next_dialog(lambda dialog: qtbot.mouseClick(dialog.cancel_button, LEFT))
    qtbot.mouseClick(window.home.new_button, LEFT)
    assert len(services.conferences.list_conferences()) == 1
    assert window.conference_id is None and window.current_page() == "home"


@pytest.fixture
def demo_ready_to_end(services: Any) -> int:
    """The demo family's review with every carried action now achieved: its plan could end."""
    _initial, review = demo_data.load_demo(services.context)
    for action in services.actions.actions(review):
        if action.status.is_open:
            services.actions.set_status(
                action.id, ActionStatus.ACHIEVED, achieved_on=TODAY, confirmed_by="Sam Tolland"
            )
    return review


def _plans(window: Any) -> list[str]:
    model = window.home.plans_model
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def _review_due(window: Any) -> str:
    model = window.home.due_model
    rows = range(model.rowCount())
    return next(
        model.index(r, 2).data()
        for r in rows
        if model.index(r, 1).data() == "Hold the review conference"
        and model.index(r, 3).data() == "Fernlow"
    )


@OFFSCREEN_LIMITS
def test_home_flags_a_plan_ready_to_end_and_brings_its_review_forward(
    qtbot: Any, window: Any, services: Any, demo_ready_to_end: int
) -> None:
    home = window.home
    home.refresh()
    home.refresh_due()
    qtbot.waitUntil(lambda: home.plans_settled)  # worked out on a worker thread
    assert home.plans_table.isVisible() and home.plans_heading.isVisible()
    assert _plans(window) == ["Fernlow"]
    why = home.plans_model.index(0, 4).data()
    assert why.startswith("Every action of the plan is achieved or no longer needed")
    booked = services.sharing.view(demo_ready_to_end).review_on
    # Ten working days after Monday 2 March 2026.
    assert home.plans_model.index(0, 3).data() == "Mon 16 Mar 2026"
    assert home.bring_forward_button.text() == "Bring the review forward to Mon 16 Mar 2026…"

    # The chair thinks better of it first: nothing moves.
    answer_next_dialog(lambda box: _click(qtbot, box, "Keep the date"))
    qtbot.mouseClick(home.bring_forward_button, LEFT)
    assert services.sharing.view(demo_ready_to_end).review_on == booked

    answer_next_dialog(lambda box: _click(qtbot, box, "Bring it forward"))
    home.bring_forward_button.setFocus()
    qtbot.keyClick(home.bring_forward_button, Qt.Key.Key_Space)
    assert services.sharing.view(demo_ready_to_end).review_on == date(2026, 3, 16)
    assert home.plans_message.isVisible()
    assert "review is now on Mon 16 Mar 2026" in home.plans_message.text()
    assert _review_due(window) == "Mon 16 Mar 2026"
    qtbot.waitUntil(lambda: home.plans_settled)
    assert home.plans_model.index(0, 3).data() == "Already as soon as allowed"
    assert not home.bring_forward_button.isEnabled()


def test_home_hides_the_plans_section_when_no_plan_is_ready(qtbot: Any, window: Any) -> None:
    window.home.refresh_due()
    qtbot.waitUntil(lambda: window.home.plans_settled)
    assert window.home.plans_model.rowCount() == 0
    assert not window.home.plans_table.isVisible()
    assert not window.home.bring_forward_button.isVisible()


def _click(qtbot: Any, box: Any, text: str) -> None:
    button = next(b for b in box.buttons() if b.text() == text)
    qtbot.mouseClick(button, LEFT)


def test_home_ctrl_n_does_nothing_once_a_conference_page_is_shown(
    qtbot: Any, window: Any, family: Any
) -> None:
    fired: list[bool] = []
    window.home.new_shortcut.activated.connect(lambda: fired.append(True))
    window.open_conference(family.conference_id)
    qtbot.keyClick(window.prepare, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert fired == []
    assert window.current_page() == "prepare"
