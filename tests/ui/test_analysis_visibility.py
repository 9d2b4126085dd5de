"""Danger statements and scores on the Run page show who sees them; one click or key changes it."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from chairdesk.domain import AgendaKind, Attendance, UserRole, Visibility
from chairdesk.ui.run_page import RunPage
from chairdesk.ui.services import UiServices
from tests.ui.run_support import OFFSCREEN_LIMITS, show_active

DANGER = "MARKER-DANGER-left-alone-at-night"
GOAL = "MARKER-GOAL-an-adult-is-always-home"
SECOND = "MARKER-SECOND-missed-appointments"
REASON = "MARKER-REASON-police-enquiry-open"
SHARE_REFUSAL = "only a chair can make something visible to parents"


def _item(services: Any, conference_id: int, kind: AgendaKind) -> Any:
    return next(i for i in services.agenda.items(conference_id) if i.kind == kind)


def _in_progress(services: Any, family: Any, kind: AgendaKind) -> Any:
    """Both parents in the room and this item under way, as the parents' screen needs."""
    for participant in (family.mother_participant_id, family.father_participant_id):
        services.prepare.set_attendance(participant, Attendance.PRESENT)
    item = _item(services, family.conference_id, kind)
    services.agenda.start_item(item.id)
    return item


def _window_run_page(window: Any, family: Any, item: Any) -> RunPage:
    window.open_conference(family.conference_id)
    window.parent_screen_may_cover = True  # one screen here: the chair said yes
    window.toggle_parent_screen()  # on the projector, as in the room
    page = window.page("run")
    window.show_page("run")
    page.show_item(item.id)
    return page


def _minute_taker(services: Any) -> UiServices:
    return UiServices.create(
        replace(services.context, user="Sam Minutes", role=UserRole.MINUTE_TAKER)
    )


def _run_page(qtbot: Any, services: Any, conference_id: int, kind: AgendaKind) -> RunPage:
    page = RunPage(services)
    page.load_conference(conference_id)
    show_active(qtbot, page)
    page.show_item(_item(services, conference_id, kind).id)
    return page


def _withhold_action(badge: Any, name: str) -> Any:
    return next(a for a in badge.menu().actions() if a.text() == f"Withhold from {name}")


# Danger statements ---------------------------------------------------------------------------


def test_analysis_visibility_a_chair_keeps_a_danger_statement_from_parents_with_one_click(
    qtbot: Any, window: Any, services: Any, family: Any
) -> None:
    item = _in_progress(services, family, AgendaKind.ANALYSIS)
    statement = services.analysis.add_danger_statement(family.conference_id, DANGER, GOAL)
    page = _window_run_page(window, family, item)
    assert DANGER in window.parent_screen.text() and GOAL in window.parent_screen.text()
    badge = page.content.danger_panel.badges[statement.id]
    assert badge.text() == "Parents see this"
    assert badge.accessibleName() == "Who sees danger statement 1: Parents see this"

    qtbot.mouseClick(badge, Qt.MouseButton.LeftButton)

    stored = services.analysis.danger_statements(family.conference_id)[0]
    assert stored.visibility == Visibility.PROFESSIONALS
    assert badge.text() == "Professionals only"
    assert badge.accessibleName() == "Who sees danger statement 1: Professionals only"
    assert page.save_state.text() == "Saved"
    assert DANGER not in window.parent_screen.text()
    assert GOAL not in window.parent_screen.text()
    for audience in services.sharing.audiences(family.conference_id)[1:]:
        assert services.sharing.view(family.conference_id, audience).danger_statements == ()

    qtbot.mouseClick(badge, Qt.MouseButton.LeftButton)  # and back again
    assert services.analysis.danger_statements(family.conference_id)[0].visibility == (
        Visibility.SHARED
    )
    assert DANGER in window.parent_screen.text()


def test_analysis_visibility_a_chair_withholds_a_danger_statement_from_one_parent(
    qtbot: Any, window: Any, services: Any, family: Any
) -> None:
    item = _in_progress(services, family, AgendaKind.ANALYSIS)
    statement = services.analysis.add_danger_statement(family.conference_id, DANGER, GOAL)
    page = _window_run_page(window, family, item)
    badge = page.content.danger_panel.badges[statement.id]
    names = [a.text() for a in badge.menu().actions()]
    assert names == [
        "Parents see this",
        "Professionals only",
        "Withhold from Dana Testwood",
        "Withhold from Lee Brookfield",
    ]

    _withhold_action(badge, "Lee Brookfield").trigger()

    stored = services.analysis.danger_statements(family.conference_id)[0]
    assert (stored.visibility, stored.withheld_from) == (Visibility.WITHHELD, (family.father_id,))
    assert badge.text() == "Withheld from Lee Brookfield"
    views = {
        a.recipient_person_id: services.sharing.view(family.conference_id, a)
        for a in services.sharing.audiences(family.conference_id)
    }
    assert [d.danger for d in views[family.mother_id].danger_statements] == [DANGER]
    assert views[family.father_id].danger_statements == ()
    # Lee is in the room, so the shared screen leaves it out.
    assert DANGER not in window.parent_screen.text()
    services.prepare.set_attendance(family.father_participant_id, Attendance.ABSENT)
    page.current_item_changed.emit(family.conference_id)
    assert DANGER in window.parent_screen.text()


@OFFSCREEN_LIMITS
def test_analysis_visibility_a_minute_taker_sees_sharing_a_danger_statement_off_with_the_reason(
    qtbot: Any, services: Any, family: Any
) -> None:
    kept = services.analysis.add_danger_statement(
        family.conference_id, DANGER, GOAL, Visibility.PROFESSIONALS
    )
    shared = services.analysis.add_danger_statement(family.conference_id, SECOND, "")
    minutes = _minute_taker(services)
    page = _run_page(qtbot, minutes, family.conference_id, AgendaKind.ANALYSIS)
    panel = page.content.danger_panel
    badge = panel.badges[kept.id]
    share_choice = badge.menu().actions()[0]
    assert not share_choice.isEnabled()
    assert SHARE_REFUSAL in share_choice.text()
    assert SHARE_REFUSAL in badge.toolTip()

    qtbot.mouseClick(badge, Qt.MouseButton.LeftButton)

    assert page.problem.isVisible()
    assert page.problem.text().startswith("Only a chair can make something visible to parents")
    assert "Traceback" not in page.problem.text() and "\n" not in page.problem.text()
    assert page.save_state.text().startswith(f"Not saved: {SHARE_REFUSAL}")
    statements = {d.id: d for d in services.analysis.danger_statements(family.conference_id)}
    assert statements[kept.id].visibility == Visibility.PROFESSIONALS
    assert badge.text() == "Professionals only"

    # Keeping something from parents is still theirs to do, by keyboard too.
    field = panel.fields[2]  # the second statement's danger text
    field.setFocus()
    qtbot.keyClick(
        field, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    statements = {d.id: d for d in services.analysis.danger_statements(family.conference_id)}
    assert statements[shared.id].visibility == Visibility.PROFESSIONALS
    assert panel.badges[shared.id].text() == "Professionals only"


# Scores ------------------------------------------------------------------------------------


def test_analysis_visibility_a_chair_keeps_a_score_from_parents_with_one_click(
    qtbot: Any, window: Any, services: Any, family: Any
) -> None:
    item = _in_progress(services, family, AgendaKind.SCALING)
    scaling = services.analysis.record_scaling(
        family.conference_id,
        "Dana Testwood",
        6,
        REASON,
        participant_id=family.mother_participant_id,
    )
    page = _window_run_page(window, family, item)
    assert REASON in window.parent_screen.text()
    badge = page.content.scaling_panel.badges[scaling.id]
    assert badge.accessibleName() == "Who sees Dana Testwood's score: Parents see this"
    # A score is shared or for professionals: there is no one to withhold it from.
    assert [a.text() for a in badge.menu().actions()] == ["Parents see this", "Professionals only"]

    qtbot.mouseClick(badge, Qt.MouseButton.LeftButton)

    assert services.analysis.scalings(family.conference_id)[0].visibility == (
        Visibility.PROFESSIONALS
    )
    assert badge.text() == "Professionals only"
    assert REASON not in window.parent_screen.text()
    for audience in services.sharing.audiences(family.conference_id)[1:]:
        assert services.sharing.view(family.conference_id, audience).scalings == ()

    # The keyboard: the score's row chosen in the table, Ctrl+Shift+V.
    table = page.content.scaling_panel.table
    table.setFocus()
    table.setCurrentCell(0, 0)
    qtbot.keyClick(
        table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert services.analysis.scalings(family.conference_id)[0].visibility == Visibility.SHARED
    assert REASON in window.parent_screen.text()


@OFFSCREEN_LIMITS
def test_analysis_visibility_a_minute_taker_sees_sharing_a_score_off_with_the_reason(
    qtbot: Any, services: Any, family: Any
) -> None:
    kept = services.analysis.record_scaling(family.conference_id, "Sam Social", 3, REASON)
    services.analysis.set_scaling_visibility(kept.id, Visibility.PROFESSIONALS)
    shared = services.analysis.record_scaling(family.conference_id, "Hana Health", 5, "Better")
    minutes = _minute_taker(services)
    page = _run_page(qtbot, minutes, family.conference_id, AgendaKind.SCALING)
    panel = page.content.scaling_panel
    badge = panel.badges[kept.id]
    share_choice = badge.menu().actions()[0]
    assert not share_choice.isEnabled() and SHARE_REFUSAL in share_choice.text()
    assert SHARE_REFUSAL in badge.toolTip()

    qtbot.mouseClick(badge, Qt.MouseButton.LeftButton)

    assert page.problem.text().startswith("Only a chair can make something visible to parents")
    assert page.save_state.text().startswith(f"Not saved: {SHARE_REFUSAL}")
    scores = {s.id: s for s in services.analysis.scalings(family.conference_id)}
    assert scores[kept.id].visibility == Visibility.PROFESSIONALS
    assert badge.text() == "Professionals only"

    qtbot.mouseClick(panel.badges[shared.id], Qt.MouseButton.LeftButton)
    scores = {s.id: s for s in services.analysis.scalings(family.conference_id)}
    assert scores[shared.id].visibility == Visibility.PROFESSIONALS


# Reaching the badges -------------------------------------------------------------------------


def _tab_from(qtbot: Any, start: Any, count: int) -> list[Any]:
    qtbot.waitUntil(start.isVisible)  # rows added to a shown panel appear on the next event
    start.setFocus()
    assert QApplication.focusWidget() is start
    seen = []
    for _ in range(count):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    return seen


@OFFSCREEN_LIMITS
def test_analysis_visibility_tab_reaches_each_danger_statement_badge_in_row_order(
    qtbot: Any, services: Any, family: Any
) -> None:
    services.analysis.add_danger_statement(family.conference_id, DANGER, GOAL)
    page = _run_page(qtbot, services, family.conference_id, AgendaKind.ANALYSIS)
    panel = page.content.danger_panel
    only = services.analysis.danger_statements(family.conference_id)[0]
    assert _tab_from(qtbot, panel.fields[0], 5) == [
        panel.fields[1],
        panel.badges[only.id],
        panel.new_danger,
        panel.new_goal,
        panel.add_button,
    ]

    # A statement added on screen joins the rows, and Tab still follows them as drawn.
    panel.new_danger.setFocus()
    qtbot.keyClicks(panel.new_danger, SECOND)
    qtbot.keyClick(panel.new_danger, Qt.Key.Key_Return)
    qtbot.keyClicks(panel.new_goal, "An adult takes them")
    qtbot.keyClick(panel.new_goal, Qt.Key.Key_Return)
    first, second = services.analysis.danger_statements(family.conference_id)
    assert second.danger == SECOND

    seen = _tab_from(qtbot, panel.fields[0], 6)
    expected = [
        panel.fields[1],
        panel.badges[first.id],
        panel.fields[2],
        panel.fields[3],
        panel.badges[second.id],
        panel.new_danger,
    ]
    assert seen == expected
    assert [panel.badges[s.id].accessibleName() for s in (first, second)] == [
        "Who sees danger statement 1: Parents see this",
        "Who sees danger statement 2: Parents see this",
    ]


@OFFSCREEN_LIMITS
def test_analysis_visibility_tab_reaches_each_score_badge_in_row_order(
    qtbot: Any, services: Any, family: Any
) -> None:
    view = services.sharing.view(family.conference_id)
    poppy = next(c for c in view.children if c.name == "Poppy Testwood")
    first = services.analysis.record_scaling(family.conference_id, "Sam Social", 3, "Worried")
    page = _run_page(qtbot, services, family.conference_id, AgendaKind.SCALING)
    panel = page.content.scaling_panel

    # A score recorded on screen joins the table, and Tab still follows the rows.
    panel.scorer.setFocus()
    qtbot.keyClicks(panel.scorer, "Lee Brookfield")
    panel.child.setCurrentIndex(panel.child.findData(poppy.id))
    qtbot.keyClicks(panel.reason, "Things are better at home")
    qtbot.keyClick(panel.reason, Qt.Key.Key_Return)
    second = services.analysis.scalings(family.conference_id)[1]
    assert second.scorer_name == "Lee Brookfield"

    seen = _tab_from(qtbot, panel.table, 2)
    assert seen == [panel.badges[first.id], panel.badges[second.id]]
    assert [b.accessibleName() for b in seen] == [
        "Who sees Sam Social's score: Parents see this",
        "Who sees Lee Brookfield's score for Poppy Testwood: Parents see this",
    ]
