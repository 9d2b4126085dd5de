"""Controls a chair can trust: the wheel, typed dates, Conclude, one recommendation for all."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from chairdesk.domain import AgendaKind, Outcome
from chairdesk.typed_dates import DateNotUnderstoodError, parse_date
from chairdesk.ui.widgets.date_field import DateField
from tests.ui import run_support
from tests.ui.run_support import OFFSCREEN_LIMITS, show_active

pytestmark = OFFSCREEN_LIMITS
ui_services = run_support.ui_services
conference_id = run_support.conference_id


def _wheel(widget: Any, notches: int = -1, at: QPoint | None = None) -> None:
    """A wheel event over the middle of `widget` (or over `at` in it), arriving as the mouse's
    does: at its window, which hands it to the widget under the pointer."""
    top = widget.window()
    point = at if at is not None else QPoint(widget.width() // 2, widget.height() // 2)
    middle = widget.mapTo(top, point)
    under = top.childAt(middle)
    assert under is widget or widget.isAncestorOf(under), "the pointer is over the widget"
    event = QWheelEvent(
        QPointF(middle),
        QPointF(top.mapToGlobal(middle)),
        QPoint(0, 0),
        QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(top.windowHandle(), event)


def _decision_page(qtbot: Any, services: Any, conference_id: int) -> Any:
    from chairdesk.ui.run_page import RunPage
    from chairdesk.ui.widgets.wheel_guard import install_wheel_guard

    install_wheel_guard(QApplication.instance())  # as the main window does
    page = RunPage(services)
    page.load_conference(conference_id)
    show_active(qtbot, page)
    decision = next(i for i in page.view.agenda if i.kind == AgendaKind.DECISION)
    page.show_item(decision.id)
    return page


def test_the_wheel_never_changes_a_recommended_outcome_the_chair_has_not_clicked(
    qtbot: Any, ui_services: Any, conference_id: int
) -> None:
    page = _decision_page(qtbot, ui_services, conference_id)
    box = page.content.decision_boxes[0]
    combo = box.recommended_outcome
    before = combo.currentIndex()
    qtbot.waitUntil(lambda: page.content.settled)
    bar = page.item_scroll.verticalScrollBar()

    def in_view() -> None:  # on screen, under the chair's pointer
        page.item_scroll.ensureWidgetVisible(combo)
        qtbot.waitUntil(lambda: combo.visibleRegion().boundingRect() == combo.rect())

    page.stepper.setFocus()
    assert not combo.hasFocus()
    for notches in (-1, -1, 1, -1):
        in_view()
        scrolled = bar.value()
        _wheel(combo, notches)
        assert combo.currentIndex() == before  # the wheel scrolled past it, changing nothing
        assert not combo.hasFocus()  # nor did it take the focus
        if 0 < scrolled < bar.maximum():
            assert bar.value() != scrolled  # the page under it scrolled instead
    # Clicked into, the drop-down is the chair's to wheel through.
    in_view()
    combo.setFocus(Qt.FocusReason.MouseFocusReason)
    _wheel(combo, -1)
    assert combo.currentIndex() == before + 1


def test_the_wheel_never_changes_a_score_box_the_chair_has_not_clicked(
    qtbot: Any, ui_services: Any, conference_id: int
) -> None:
    from PySide6.QtWidgets import QSpinBox, QVBoxLayout, QWidget

    from chairdesk.ui.widgets.wheel_guard import install_wheel_guard

    install_wheel_guard(QApplication.instance())
    holder = QWidget()
    layout = QVBoxLayout(holder)
    score = QSpinBox(holder)
    other = QSpinBox(holder)
    layout.addWidget(score)
    layout.addWidget(other)
    score.setValue(5)
    show_active(qtbot, holder)

    def arrows(box: QSpinBox) -> QPoint:  # over its up and down arrows: the box itself
        return QPoint(box.width() - 4, box.height() // 2)

    other.setFocus()
    _wheel(score, 1, arrows(score))
    _wheel(score.lineEdit(), 1)  # over the number: Qt passes it on to the box
    assert score.value() == 5 and not score.hasFocus()
    assert other.hasFocus()
    _wheel(other, 1, arrows(other))  # the box with focus takes the wheel
    assert other.value() == 1
    score.setFocus()
    _wheel(score, 1, arrows(score))
    assert score.value() == 6


@pytest.mark.parametrize(
    "typed",
    [
        "5/3/2027",
        "05/03/2027",
        "5 Mar 2027",
        "5 March 2027",
        "5th March 2027",
        "5-3-27",
        "5.3.2027",
    ],
)
def test_dates_are_read_the_british_way(typed: str) -> None:
    assert parse_date(typed) == date(2027, 3, 5)


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("31/2/2027", "There is no 31 February 2027"),
        ("5/13/2027", "has no month 13"),
        ("5 Marc 2027", '"marc" is not a month'),
        ("next Tuesday", "is not a date ChairDesk understands"),
        ("2027", "is not a date ChairDesk understands"),
    ],
)
def test_a_date_that_cannot_be_read_is_refused_in_words(typed: str, said: str) -> None:
    with pytest.raises(DateNotUnderstoodError, match=said):
        parse_date(typed)


def test_a_typed_date_is_kept_or_refused_in_words_and_the_calendar_opens_at_the_meeting(
    qtbot: Any,
) -> None:
    meeting = date(2027, 3, 10)
    field = DateField(opens_at=meeting, name="By when")
    show_active(qtbot, field)
    seen: list[object] = []
    field.date_changed.connect(seen.append)
    field.edit.setFocus()
    qtbot.keyClicks(field.edit, "05/03/2027")
    field.check()
    assert field.value() == date(2027, 3, 5)
    assert field.edit.text() == "5 March 2027"  # no doubt which is the day
    assert seen == [date(2027, 3, 5)]
    field.edit.clear()
    qtbot.keyClicks(field.edit, "3/15/2027")  # the American way round
    field.check()
    assert "has no month 15" in field.message.text()
    assert field.message.isVisible()
    assert field.edit.text() == "3/15/2027"  # kept for the chair to correct, never dropped
    with pytest.raises(DateNotUnderstoodError):
        field.value()
    # The calendar opens at the meeting's date when the box holds no date, not January 2000.
    field.edit.clear()
    field.open_calendar()
    assert field.calendar is not None
    assert field.calendar.selectedDate().toPython() == meeting
    field.calendar.clicked.emit(field.calendar.selectedDate().addDays(1))
    assert field.value() == date(2027, 3, 11)


def test_an_achieved_date_that_cannot_be_read_keeps_the_dialog_open(qtbot: Any) -> None:
    from chairdesk.domain import ActionStatus
    from chairdesk.ui.widgets.action_status_dialog import ActionStatusDialog

    today = date(2026, 3, 2)
    dialog = ActionStatusDialog(ActionStatus.ACHIEVED, today)
    show_active(qtbot, dialog)
    dialog.achieved_on.edit.setText("30/2/2026")
    dialog.accept()
    assert dialog.isVisible()
    assert "There is no 30 February 2026" in dialog.achieved_on.message.text()
    dialog.achieved_on.edit.setText("5 Mar 2026")
    dialog.accept()
    assert "cannot be after 2 March 2026" in dialog.achieved_on.message.text()
    dialog.achieved_on.edit.setText("1/3/2026")
    dialog.accept()
    assert not dialog.isVisible()
    assert dialog.details().achieved_on == date(2026, 3, 1)


def test_one_recommendation_is_recorded_for_every_child_at_once(
    qtbot: Any, ui_services: Any, conference_id: int
) -> None:
    page = _decision_page(qtbot, ui_services, conference_id)
    lily, sam = page.content.decision_boxes
    assert lily.every_child.isVisibleTo(lily)
    lily.agency.setCurrentIndex(
        lily.agency.findText("Health Visiting", Qt.MatchFlag.MatchStartsWith)
    )
    lily.recommended_outcome.setCurrentIndex(
        lily.recommended_outcome.findData(Outcome.CHILD_IN_NEED)
    )
    lily.recommendation_reason.setText("Support is working")
    qtbot.mouseClick(lily.every_child, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(lily.recommend_button, Qt.MouseButton.LeftButton)
    view = ui_services.sharing.view(conference_id)
    recorded = {
        d.child_id: [(r.agency, r.outcome, r.reason) for r in d.recommendations]
        for d in view.decisions
    }
    wanted = [("Health Visiting", Outcome.CHILD_IN_NEED, "Support is working")]
    assert recorded == {lily.child.id: wanted, sam.child.id: wanted}
    assert "Health Visiting" in sam.recommendations.text()  # shown in both boxes at once
    assert not lily.every_child.isChecked()  # the next one is for this child unless ticked


def test_a_long_danger_statement_wraps_in_its_box_which_keeps_its_height(qtbot: Any) -> None:
    from chairdesk.ui.widgets.long_text_box import LongTextBox

    box = LongTextBox(lines=2)
    show_active(qtbot, box)
    box.resize(300, box.height())
    height = box.height()
    seen: list[bool] = []
    box.returnPressed.connect(lambda: seen.append(True))
    words = "Lily and Sam could go without food if the money runs out before the end of the month"
    qtbot.keyClicks(box, words)
    assert box.document().firstBlock().layout().lineCount() > 1  # wrapped, one paragraph
    assert not box.horizontalScrollBar().isVisible()
    assert box.height() == height  # never grows under the pointer
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert seen == [True] and box.text() == words  # Enter moves on, as before
    qtbot.keyClick(box, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert box.text() == words + "\n"  # Shift+Enter: a new line


def test_larger_text_reaches_every_page_even_widgets_with_their_own_colours(
    qtbot: Any, window: Any, family: Any
) -> None:
    window.open_conference(family.conference_id)
    window.show_page("run")
    before = window.navigation.font().pointSize()
    heading = window.run.heading  # has a colour of its own (a style sheet)
    window.text_scaler.set_point_size(before + 6)
    try:
        assert window.navigation.font().pointSize() == before + 6
        assert heading.font().pointSize() == before + 6
    finally:
        window.text_scaler.reset()
