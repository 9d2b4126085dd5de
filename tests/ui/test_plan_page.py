"""The Plan page: the actions table model, missing parts, the limit, and reasons at a review."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate, Qt

from chairdesk.domain import ActionStatus
from chairdesk.ui.plan_page import PlanPage
from chairdesk.ui.widgets.actions_model import COLUMNS, ActionsTableModel
from tests.ui import run_support
from tests.ui.run_support import OFFSCREEN_LIMITS, answer_next_dialog, show_active

ui_services = run_support.ui_services
conference_id = run_support.conference_id


def _column(name: str) -> int:
    return [field for field, _ in COLUMNS].index(name)


def test_plan_actions_model_passes_the_model_tester(qtmodeltester, ui_services, conference_id):
    for what in ("Take Lily to school on time", "Book Sam's health review", ""):
        ui_services.actions.add_action(conference_id, what=what, who="Mary Ashdown")
    model = ActionsTableModel(ui_services.actions)
    model.set_actions(ui_services.actions.actions(conference_id))
    qtmodeltester.check(model, force_py=True)
    assert model.setData(model.index(2, _column("what")), "Go to the debt advice appointment")
    assert model.setData(model.index(2, _column("by_when")), QDate(2025, 5, 1))
    qtmodeltester.check(model, force_py=True)
    stored = ui_services.actions.actions(conference_id)[2]
    assert (stored.what, stored.by_when) == ("Go to the debt advice appointment", date(2025, 5, 1))


def test_plan_actions_model_highlights_missing_parts(ui_services, conference_id):
    ui_services.actions.add_action(conference_id, what="Book Sam's health review")
    model = ActionsTableModel(ui_services.actions)
    model.set_actions(ui_services.actions.actions(conference_id))
    who = model.index(0, _column("who"))
    assert model.data(who, Qt.ItemDataRole.BackgroundRole) is not None
    assert "who" in model.data(who, Qt.ItemDataRole.ToolTipRole)
    assert model.data(model.index(0, _column("what")), Qt.ItemDataRole.BackgroundRole) is None
    assert model.setData(who, "Tom Ashdown")
    assert model.data(who, Qt.ItemDataRole.BackgroundRole) is None


@OFFSCREEN_LIMITS
def test_plan_page_warns_when_the_family_has_too_many_actions(qtbot, ui_services, conference_id):
    limit = ui_services.actions.readiness(conference_id).limit
    for number in range(limit):
        ui_services.actions.add_action(
            conference_id, what=f"Step {number}", who="Mary Ashdown", by_when=date(2025, 5, 1)
        )
    page = PlanPage(ui_services)
    page.load_conference(conference_id)
    show_active(qtbot, page)
    assert "Too many" not in page.readiness.text()
    qtbot.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(page.table, Qt.Key.Key_Escape)
    assert page.model.rowCount() == limit + 1
    assert "Too many actions for the family" in page.readiness.text()


@OFFSCREEN_LIMITS
def test_plan_page_asks_why_an_action_is_added_at_a_review(qtbot, ui_services, conference_id):
    review = ui_services.reviews.start_review(conference_id, datetime(2025, 6, 9, 10, 0))
    page = PlanPage(ui_services)
    page.load_conference(review.id)
    show_active(qtbot, page)
    before = len(ui_services.actions.actions(review.id))

    answer_next_dialog(lambda dialog: qtbot.keyClick(dialog, Qt.Key.Key_Escape))
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert len(ui_services.actions.actions(review.id)) == before

    def give_reason(dialog):
        qtbot.keyClicks(dialog.reason.lineEdit(), "Lily's school reported new bruising")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    answer_next_dialog(give_reason)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    added = ui_services.actions.actions(review.id)[-1]
    assert added.reason_added == "Lily's school reported new bruising"
    assert len(ui_services.actions.actions(review.id)) == before + 1


@OFFSCREEN_LIMITS
def test_plan_page_marks_an_action_achieved_with_who_confirmed_it(
    qtbot, ui_services, conference_id
):
    ui_services.actions.add_action(
        conference_id,
        what="Book Sam's health review",
        who="Tom Ashdown",
        by_when=date(2025, 4, 1),
    )
    page = PlanPage(ui_services)
    page.load_conference(conference_id)
    show_active(qtbot, page)

    def confirm(dialog):
        dialog.achieved_on.set_date(date(2025, 3, 20))
        qtbot.keyClicks(dialog.confirmed_by, "Grace Obi")
        qtbot.keyClick(dialog.confirmed_by, Qt.Key.Key_Return)

    answer_next_dialog(confirm)
    index = page.model.index(0, _column("status"))
    assert page.model.setData(index, ActionStatus.ACHIEVED.value)
    stored = ui_services.actions.actions(conference_id)[0]
    assert (stored.status, stored.achieved_on, stored.confirmed_by) == (
        ActionStatus.ACHIEVED,
        date(2025, 3, 20),
        "Grace Obi",
    )
    assert page.model.data(index) == "Achieved"


def test_plan_page_shows_the_parents_copy_reading_ease(qtbot, tmp_path):
    """Beside the previews, the plain-language panel assesses what a parent will read."""
    from chairdesk.services.base import ServiceContext
    from chairdesk.services.demo import load_demo
    from chairdesk.storage import open_database
    from chairdesk.ui.plan_page import PlanPage
    from chairdesk.ui.services import UiServices
    from tests.conftest import PASSPHRASE

    database = open_database(str(tmp_path / "plain.db"), PASSPHRASE, create=True)
    try:
        context = ServiceContext(database)
        _initial, review = load_demo(context)
        page = PlanPage(UiServices.create(context))
        qtbot.addWidget(page)
        page.load_conference(review)
        page.refresh_previews()
        # The previews are built, and the check runs, off the GUI thread.
        qtbot.waitUntil(lambda: page.settled and page.plain_language.settled, timeout=20000)
        shown = page.plain_language.grab()  # rendered without error
        assert not shown.isNull()
        text = " ".join(
            label.text() for label in page.plain_language.findChildren(type(page.heading))
        )
        assert "target" in text
    finally:
        database.close()
