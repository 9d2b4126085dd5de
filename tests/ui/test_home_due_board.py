"""Home's due board: the first page, "Show more", and what is due after a conference changes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from chairdesk.ui.home_due import DUE_PAGE
from tests.ui.conftest import TODAY, make_family

AGENCIES = ("Health Visiting", "Example Primary School", "Police")


def _whats(home: Any) -> list[str]:
    model = home.due_model
    return [model.index(row, 1).data() for row in range(model.rowCount())]


def _unshared_reports(services: Any, families: int) -> list[Any]:
    made = []
    for number in range(families):
        family = make_family(services, f"DB-{number:03d}", f"Duefield{number}")
        for agency in AGENCIES:
            services.prepare.add_report(family.conference_id, agency, received_on=TODAY)
        made.append(family)
    return made


def test_home_due_board_shows_a_page_then_more_on_request(
    qtbot: Any, window: Any, services: Any
) -> None:
    _unshared_reports(services, 20)  # 60 reports to share, with the fixture's family none
    home = window.home
    window.show_page("home")
    assert home.due_model.rowCount() == DUE_PAGE
    assert home.due_total == 60
    assert home.due_heading.accessibleName() == f"Due or overdue: the first {DUE_PAGE} of 60"
    assert home.due_more_button.isVisible()
    assert home.due_more_button.text() == "Show 10 more"
    days = [home.due_model.index(row, 0).data() for row in range(home.due_model.rowCount())]
    assert all("Share the" in what for what in _whats(home))

    qtbot.mouseClick(home.due_more_button, Qt.MouseButton.LeftButton)
    assert home.due_model.rowCount() == 60
    assert not home.due_more_button.isVisible()
    assert home.due_heading.accessibleName() == "Due or overdue"
    assert home.due_table.currentIndex().row() == DUE_PAGE  # the first of the new ones
    # ... scrolled into view.
    first_new = home.due_table.visualRect(home.due_model.index(DUE_PAGE, 0))
    assert home.due_table.viewport().rect().contains(first_new.topLeft())
    more = [home.due_model.index(row, 0).data() for row in range(60)]
    assert more[:DUE_PAGE] == days


def test_home_due_board_is_right_after_a_report_is_shared_and_back_home(
    window: Any, services: Any, family: Any
) -> None:
    report = services.prepare.add_report(family.conference_id, "Police", received_on=TODAY)
    window.show_page("home")
    share = "Share the Police report with the parents"
    assert share in _whats(window.home)

    window.open_conference(family.conference_id)
    services.prepare.update_report(report.id, shared_with_parents_on=TODAY)
    window.show_page("home")
    assert share not in _whats(window.home)
    assert window.home.due_note.isVisible()
