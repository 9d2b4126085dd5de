"""The Plan page edits one action at a time in its form; the list shows what each still lacks."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from chairdesk.domain import ActionOwner
from chairdesk.ui.plan_page import PlanPage
from chairdesk.ui.widgets.actions_model import FIELDS, FORM_ONLY
from tests.ui import run_support
from tests.ui.run_support import OFFSCREEN_LIMITS, show_active

ui_services = run_support.ui_services
conference_id = run_support.conference_id
pytestmark = OFFSCREEN_LIMITS


def _gaps(page: PlanPage, row: int) -> str:
    return str(page.model.index(row, FIELDS.index("gaps")).data())


def test_an_action_is_written_in_its_form_with_who_chosen_from_the_conference(
    qtbot: Any, ui_services: Any, conference_id: int
) -> None:
    page = PlanPage(ui_services)
    page.load_conference(conference_id)
    show_active(qtbot, page)
    # The list is short: the long parts live in the form, not in nine cramped columns.
    shown = [f for n, f in enumerate(FIELDS) if not page.table.isColumnHidden(n)]
    assert shown == [f for f in FIELDS if f not in FORM_ONLY]
    form = page.form
    labels = [form.who.itemText(n) for n in range(form.who.count())]
    assert labels[:2] == ["Mary Ashdown", "Tom Ashdown"]
    assert "Priya Shah (Children's Social Care)" in labels

    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert QApplication.focusWidget() is form.what
    assert _gaps(page, 0).startswith("Needs what, who, by when")
    qtbot.keyClicks(form.what, "Visit the family every two weeks")
    qtbot.keyClick(form.what, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.who
    qtbot.keyClicks(form.who, "Priya Shah (Children's Social Care)")
    qtbot.keyClick(form.who, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.by_when.edit
    qtbot.keyClicks(form.by_when.edit, "31/9/2027")  # September has 30 days
    qtbot.keyClick(form.by_when.edit, Qt.Key.Key_Tab)
    assert "There is no 31 September 2027" in form.by_when.message.text()
    assert form.by_when.edit.text() == "31/9/2027"  # kept to correct, not dropped
    assert ui_services.actions.actions(conference_id)[0].by_when is None
    form.by_when.edit.setFocus()
    form.by_when.edit.selectAll()
    qtbot.keyClicks(form.by_when.edit, "30 Sept 2027")
    qtbot.keyClick(form.by_when.edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.parts["why"]
    qtbot.keyClicks(form.parts["why"], "Lily has missed school")
    form.flush()

    stored = ui_services.actions.actions(conference_id)[0]
    assert (stored.what, stored.who, stored.by_when, stored.why) == (
        "Visit the family every two weeks",
        "Priya Shah (Children's Social Care)",
        date(2027, 9, 30),
        "Lily has missed school",
    )
    assert stored.owner == ActionOwner.PROFESSIONAL  # prints as a professional's action
    assert _gaps(page, 0) == "Could say how we will know, support, if not done"
    assert "Could say" in form.gaps.text()
    assert "0 family actions" in page.readiness.text()


def test_choosing_another_action_shows_its_parts_and_keeps_what_was_typed(
    qtbot: Any, ui_services: Any, conference_id: int
) -> None:
    first = ui_services.actions.add_action(
        conference_id, what="Take Lily to school", who="Mary Ashdown"
    )
    ui_services.actions.add_action(conference_id, what="Book Sam's review", who="Tom Ashdown")
    page = PlanPage(ui_services)
    page.load_conference(conference_id)
    show_active(qtbot, page)
    assert page.form.what.toPlainText() == "Take Lily to school"  # the first is shown
    page.form.parts["support"].setFocus()
    qtbot.keyClicks(page.form.parts["support"], "A breakfast club place")
    page.table.setCurrentIndex(page.model.index(1, 0))  # before the typing settled
    assert page.form.what.toPlainText() == "Book Sam's review"
    assert page.form.title() == "Action 2"
    stored = next(a for a in ui_services.actions.actions(conference_id) if a.id == first.id)
    assert stored.support == "A breakfast club place"


def test_every_control_of_the_plan_page_and_its_form_is_named(
    qtbot: Any, ui_services: Any, conference_id: int
) -> None:
    from tests.ui.test_accessibility import _unnamed

    ui_services.actions.add_action(conference_id, what="Take Lily to school", who="Mary Ashdown")
    page = PlanPage(ui_services)
    page.load_conference(conference_id)
    show_active(qtbot, page)
    assert _unnamed(page) == []
