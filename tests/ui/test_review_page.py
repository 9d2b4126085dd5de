"""The Review page over the fictional demo family: starting a review, marking the carried
actions with the family, the level of risk over time, core groups and the de-planning prompt."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTime

from chairdesk.domain import ActionStatus, ConferenceKind
from chairdesk.services.demo import load_demo
from chairdesk.ui.review_page import ReviewPage
from chairdesk.ui.widgets.deplanning_banner import ALL_DONE
from tests.ui.conftest import TODAY
from tests.ui.run_support import OFFSCREEN_LIMITS, answer_next_dialog, show_active
from tests.ui.test_accessibility import _unnamed

pytestmark = OFFSCREEN_LIMITS
REVIEW_ON = datetime(2026, 8, 11, 10, 0)


@pytest.fixture
def demo(services: Any) -> tuple[int, int]:
    """(initial conference, concluded review) of the demo family, the review two weeks ago."""
    return load_demo(services.context)


def _page(qtbot: Any, services: Any, conference_id: int) -> ReviewPage:
    page = ReviewPage(services)
    show_active(qtbot, page)
    page.load_conference(conference_id)
    return page


def _start(qtbot: Any, page: ReviewPage, when: datetime = REVIEW_ON) -> int:
    """Press "Start the review", give the date and time in the dialog; the new review's id."""
    seen: list[list[str]] = []

    def give_date(dialog: Any) -> None:
        seen.append(_unnamed(dialog))
        # Typed the British way, day first.
        dialog.day.edit.setText(f"{when.day}/{when.month}/{when.year}")
        dialog.time.setTime(QTime(when.hour, when.minute))
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    answer_next_dialog(give_date)
    with qtbot.waitSignal(page.conference_changed) as changed:
        qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    assert seen == [[]]  # the dialog's controls are all named
    return int(changed.args[0])


def _mark(qtbot: Any, page: ReviewPage, action_id: int, status: ActionStatus, fill: Any) -> None:
    answer_next_dialog(fill)
    qtbot.mouseClick(page.cards[action_id].buttons[status], Qt.MouseButton.LeftButton)


def _by_position(services: Any, conference_id: int) -> dict[int, Any]:
    return {a.position: a for a in services.actions.actions(conference_id)}


@pytest.fixture
def new_review(qtbot: Any, services: Any, demo: tuple[int, int]) -> int:
    return _start(qtbot, _page(qtbot, services, demo[1]), REVIEW_ON)


def test_review_page_starts_a_review_from_a_concluded_conference(
    qtbot: Any, services: Any, demo: tuple[int, int]
) -> None:
    page = _page(qtbot, services, demo[1])
    assert page.start_button.isVisible()
    review_id = _start(qtbot, page)
    review = services.conferences.summary(review_id)
    assert (review.kind, review.previous_id, review.scheduled_at) == (
        ConferenceKind.REVIEW,
        demo[1],
        REVIEW_ON,
    )
    assert not page.start_button.isVisible()  # one review from one conference
    assert page.open_button.isVisible()
    with qtbot.waitSignal(page.conference_requested) as asked:
        qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert asked.args == [review_id]


def test_review_page_is_not_offered_before_the_conference_concludes(
    qtbot: Any, services: Any, new_review: int
) -> None:
    page = _page(qtbot, services, new_review)
    assert not page.start_button.isVisible()
    assert page.actions_box.title() == "Actions carried from the last plan"


def test_review_page_marks_carried_actions_with_the_family(
    qtbot: Any, services: Any, new_review: int
) -> None:
    page = _page(qtbot, services, new_review)
    actions = _by_position(services, new_review)
    assert set(page.cards) == {a.id for a in actions.values()}
    first, seventh = actions[1], actions[7]
    assert first.status == ActionStatus.IN_PROGRESS
    achieved_on = TODAY - timedelta(days=3)

    def achieved(dialog: Any) -> None:
        assert not _unnamed(dialog)
        dialog.achieved_on.set_date(achieved_on)
        qtbot.keyClicks(dialog.confirmed_by, "Sam Tolland, social worker")
        qtbot.keyClick(dialog.confirmed_by, Qt.Key.Key_Return)

    _mark(qtbot, page, first.id, ActionStatus.ACHIEVED, achieved)

    def not_achieved(dialog: Any) -> None:
        qtbot.keyClicks(dialog.reason, "Pauline was in hospital for three weeks")
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)

    _mark(qtbot, page, seventh.id, ActionStatus.NOT_ACHIEVED, not_achieved)

    stored = _by_position(services, new_review)
    assert (stored[1].status, stored[1].achieved_on, stored[1].confirmed_by) == (
        ActionStatus.ACHIEVED,
        achieved_on,
        "Sam Tolland, social worker",
    )
    assert (stored[7].status, stored[7].status_reason) == (
        ActionStatus.NOT_ACHIEVED,
        "Pauline was in hospital for three weeks",
    )
    # Achieved actions stay on the list, ticked; the words say who confirmed it and when.
    card = page.cards[first.id]
    assert card.isVisible() and card.tick.text() == "✓"
    assert "confirmed by Sam Tolland, social worker" in card.status.text()
    assert "Pauline was in hospital" in page.cards[seventh.id].status.text()
    assert page.cards[seventh.id].tick.text() == ""


def test_review_page_keeps_a_status_change_cancelled_in_the_dialog(
    qtbot: Any, services: Any, new_review: int
) -> None:
    page = _page(qtbot, services, new_review)
    first = _by_position(services, new_review)[1]
    _mark(
        qtbot,
        page,
        first.id,
        ActionStatus.NO_LONGER_NEEDED,
        lambda dialog: qtbot.keyClick(dialog, Qt.Key.Key_Escape),
    )
    assert _by_position(services, new_review)[1].status == ActionStatus.IN_PROGRESS


def test_review_page_risk_chart_shows_the_views_risk_history(
    qtbot: Any, services: Any, demo: tuple[int, int]
) -> None:
    page = _page(qtbot, services, demo[1])
    history = services.sharing.view(demo[1]).risk_history
    assert page.risk_chart.points() == history
    assert len(history) == 2
    words = page.risk_chart.accessibleDescription()
    for point in history:
        assert f"{point.held_on.day} {point.held_on:%B %Y}" in words
        assert f"from {point.low} to {point.high}" in words
    assert "4.5 out of 10" in words and "7 out of 10" in words
    assert page.risk_words.text() == words


def test_review_page_records_a_core_group_between_conferences(
    qtbot: Any, services: Any, new_review: int, demo: tuple[int, int]
) -> None:
    page = _page(qtbot, services, new_review)
    fourth = _by_position(services, new_review)[4]

    def fill(dialog: Any) -> None:
        assert not _unnamed(dialog)
        assert not dialog.ok_button.isEnabled()  # who came is needed
        qtbot.keyClicks(dialog.attendees, "Jodie Fernlow, Sam Tolland, Priya Lal")
        qtbot.keyClicks(dialog.notes, "Everyone came; the room was booked in the family centre.")
        qtbot.keyClicks(dialog.updates[fourth.id], "Sessions four and five done.")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    answer_next_dialog(fill)
    qtbot.mouseClick(page.core_button, Qt.MouseButton.LeftButton)

    meetings = services.reviews.core_groups(new_review)
    latest = meetings[-1]
    assert (latest.held_on, latest.conference_id) == (TODAY, demo[1])  # on the plan in force
    assert "the room was booked in the family centre" in page.core_list.toPlainText()
    assert "Action 4: Sessions four and five done." in page.core_list.toPlainText()
    notes = _by_position(services, new_review)[4].progress
    assert notes[-1].text == "Sessions four and five done."


def test_review_page_prompts_to_end_the_plan_only_when_every_action_is_done(
    qtbot: Any, services: Any, new_review: int
) -> None:
    actions = list(_by_position(services, new_review).values())
    still_open = [a for a in actions if a.status.is_open]
    assert len(still_open) >= 2
    page = _page(qtbot, services, new_review)
    assert not page.banner.isVisible()
    assert "still to be achieved" in page.not_yet.text()

    for action in still_open[:-1]:
        services.actions.set_status(
            action.id, ActionStatus.NO_LONGER_NEEDED, reason="The family moved on from this"
        )
    page.load_conference(new_review)
    assert not page.banner.isVisible()  # one action is still open

    last = still_open[-1]

    def achieved(dialog: Any) -> None:
        qtbot.keyClicks(dialog.confirmed_by, "Priya Lal")
        qtbot.keyClick(dialog.confirmed_by, Qt.Key.Key_Return)

    _mark(qtbot, page, last.id, ActionStatus.ACHIEVED, achieved)
    assert page.banner.isVisible()
    assert page.banner_text.text() == ALL_DONE
    suggested = services.reviews.deplanning(new_review).suggested_review_on
    assert suggested is not None and suggested < REVIEW_ON.date()
    button = page.bring_forward_button
    assert button.text() == f"Bring the review forward to {suggested.day} {suggested:%B %Y}"
    assert button.accessibleName() == button.text()

    with qtbot.waitSignal(page.conference_changed):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    moved = services.conferences.summary(new_review).scheduled_at
    assert moved == datetime.combine(suggested, REVIEW_ON.time())


def test_review_page_brings_the_next_review_date_forward_on_a_concluded_review(
    qtbot: Any, services: Any, demo: tuple[int, int]
) -> None:
    for action in services.actions.actions(demo[1]):
        if action.status.is_open:
            services.actions.set_status(
                action.id, ActionStatus.ACHIEVED, achieved_on=TODAY, confirmed_by="Sam Tolland"
            )
    page = _page(qtbot, services, demo[1])
    assert page.banner.isVisible()
    suggested = page.deplanning_view.suggested_review_on
    qtbot.mouseClick(page.bring_forward_button, Qt.MouseButton.LeftButton)
    assert services.sharing.view(demo[1]).review_on == suggested
    assert isinstance(suggested, date)


def test_review_page_every_control_is_named(
    qtbot: Any, services: Any, new_review: int, demo: tuple[int, int]
) -> None:
    for conference_id in (new_review, demo[0], demo[1]):
        page = _page(qtbot, services, conference_id)
        assert _unnamed(page) == []
