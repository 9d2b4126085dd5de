"""A whole initial conference by keyboard and mouse: a new family created from the home screen,
agencies invited on Prepare, then the meeting on the Run page and the actions on the Plan page."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from chairdesk.domain import (
    ActionStatus,
    AgendaKind,
    Category,
    Heading,
    MeetingModel,
    Outcome,
    ParticipantRole,
    PersonRole,
    Visibility,
)
from chairdesk.ui.main_window import MainWindow
from chairdesk.ui.plan_page import PlanPage
from chairdesk.ui.run_page import RunPage
from tests.ui import run_support
from tests.ui.run_support import (
    OFFSCREEN_LIMITS,
    answer_next_dialog,
    show_active,
    type_into_section,
)

ui_services = run_support.ui_services

ALT = Qt.KeyboardModifier.AltModifier
LEFT = Qt.MouseButton.LeftButton
CHILDREN = (("Lily Ashdown", "04/03/2017"), ("Sam Ashdown", "12/09/2021"))
PARENTS = ("Mary Ashdown", "Tom Ashdown")
OTHER_AGENCIES = (
    ("Grace Obi", "Health Visiting"),
    ("Daniel Reed", "Brookfield Primary School"),
)


def _next_item(qtbot, page: RunPage) -> None:
    qtbot.keyClick(page.stepper.list, Qt.Key.Key_Right, ALT)


def _shown_kind(page: RunPage) -> AgendaKind:
    return page.shown_item().kind


def _type(qtbot, field, text, then=Qt.Key.Key_Tab) -> None:
    field.setFocus()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, then)


def _fill_in_the_new_family(qtbot, dialog) -> None:
    """The new conference form, as a chair types it: Tab between fields, Enter adds a person."""
    qtbot.keyClicks(dialog.family_name, "Ashdown")
    qtbot.keyClick(dialog.family_name, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.case_reference, "CP-0001")
    for name, born in CHILDREN:
        _type(qtbot, dialog.household.child_name, name)
        _type(qtbot, dialog.household.child_date, born, Qt.Key.Key_Return)
    for name in PARENTS:
        _type(qtbot, dialog.household.adult_name, name, Qt.Key.Key_Return)
    _type(qtbot, dialog.venue, "Room 2, Civic Centre")
    dialog.model.setFocus()
    for _ in range(2):  # Traditional, Strengthening Families, then Signs of Safety
        qtbot.keyClick(dialog.model, Qt.Key.Key_Down)
    _type(qtbot, dialog.social_worker, "Priya Shah")
    qtbot.mouseClick(dialog.create_button, LEFT)
    if dialog.isVisible():  # never leave a modal form open: the walk would wait for ever
        problem = dialog.problem.text()
        dialog.reject()
        raise AssertionError(f"the new conference form refused: {problem}")


def _create_from_the_home_screen(qtbot, services) -> int:
    """New conference… on Home, then the two other agencies invited on the Prepare page."""
    window = MainWindow(services)
    qtbot.addWidget(window)
    qtbot.addWidget(window.parent_screen)
    show_active(qtbot, window)
    assert window.current_page() == "home"
    answer_next_dialog(lambda dialog: _fill_in_the_new_family(qtbot, dialog))
    qtbot.mouseClick(window.home.new_button, LEFT)
    # The new conference opens as a home item opens one: on Prepare.
    assert window.current_page() == "prepare"
    conference_id = window.conference_id
    invitees = window.prepare.invitees
    for name, agency in OTHER_AGENCIES:
        _type(qtbot, invitees.new_name, name)
        _type(qtbot, invitees.new_agency, agency, Qt.Key.Key_Return)
    window.close()

    view = services.sharing.view(conference_id)
    assert (view.family.family_name, view.family.case_reference) == ("Ashdown", "CP-0001")
    assert view.summary.model == MeetingModel.SIGNS_OF_SAFETY
    assert [(c.name, c.date_of_birth) for c in view.children] == [
        ("Lily Ashdown", date(2017, 3, 4)),
        ("Sam Ashdown", date(2021, 9, 12)),
    ]
    parents = [p for p in view.people if p.role == PersonRole.PARENT]
    assert [(p.name, p.parental_responsibility) for p in parents] == [
        (name, True) for name in PARENTS
    ]
    assert [(p.name, p.role, p.agency) for p in view.participants] == [
        ("Mary Ashdown", ParticipantRole.PARENT, ""),
        ("Tom Ashdown", ParticipantRole.PARENT, ""),
        ("Priya Shah", ParticipantRole.PROFESSIONAL, "Children's Social Care"),
        *((name, ParticipantRole.PROFESSIONAL, agency) for name, agency in OTHER_AGENCIES),
    ]
    return int(conference_id)


@OFFSCREEN_LIMITS
def test_run_walk_records_a_whole_initial_conference(qtbot, ui_services):
    services = ui_services
    conference_id = _create_from_the_home_screen(qtbot, services)
    page = RunPage(services)
    page.load_conference(conference_id)
    show_active(qtbot, page)

    # Opening, then the parents speak first.
    qtbot.mouseClick(page.stepper.next_button, Qt.MouseButton.LeftButton)
    assert services.agenda.current_item(conference_id).kind == AgendaKind.OPENING
    _next_item(qtbot, page)
    assert services.agenda.current_item(conference_id).kind == AgendaKind.PARENTS_VIEWS
    type_into_section(
        qtbot,
        page,
        "Mary Ashdown's views",
        "We want help with the bills and getting Lily to school.",
    )
    type_into_section(qtbot, page, "Tom Ashdown's views", "I am looking for work again.")

    # Three agencies, each under the Signs of Safety headings.
    words = {
        "Children's Social Care": "Lily has missed 23 days of school.",
        "Health Visiting": "Sam's health checks were missed twice.",
        "Brookfield Primary School": "Lily arrives hungry most mornings.",
    }
    for agency, worry in words.items():
        _next_item(qtbot, page)
        assert page.title.text() == agency
        type_into_section(qtbot, page, "What are we worried about?", worry)
        type_into_section(qtbot, page, "What's working well?", f"{agency}: parents engage.")

    # The child's views, with how they were obtained.
    _next_item(qtbot, page)
    assert _shown_kind(page) == AgendaKind.CHILD_VIEWS
    type_into_section(
        qtbot,
        page,
        "Lily Ashdown's views, in their own words",
        "I like school when I have had breakfast.",
    )
    type_into_section(
        qtbot,
        page,
        "How Lily Ashdown's views were obtained",
        "Seen alone at school by the social worker.",
    )

    # Analysis: a danger statement paired with its safety goal.
    _next_item(qtbot, page)
    panel = page.content.danger_panel
    qtbot.keyClicks(panel.new_danger, "Lily and Sam could go without food if money runs out.")
    qtbot.keyClick(panel.new_danger, Qt.Key.Key_Return)
    qtbot.keyClicks(panel.new_goal, "Lily and Sam have food and heating every day.")
    qtbot.keyClick(panel.new_goal, Qt.Key.Key_Return)

    # Scaling: each person scores independently, with a reason.
    _next_item(qtbot, page)
    scaling = page.content.scaling_panel
    for name, score, why in (
        ("Priya Shah", 4, "School is still a worry"),
        ("Grace Obi", 6, "Sam is thriving"),
        ("Daniel Reed", 3, "No change yet"),
    ):
        qtbot.keyClicks(scaling.scorer, name)
        scaling.score.selectAll()
        qtbot.keyClicks(scaling.score, str(score))
        qtbot.keyClicks(scaling.reason, why)
        qtbot.keyClick(scaling.reason, Qt.Key.Key_Return)
    assert "lowest 3, highest 6" in scaling.spread_label.text()

    # The decision per child, each agency recommending; the police-free school dissents.
    _next_item(qtbot, page)
    for box in page.content.decision_boxes:
        for _ in range(3):
            box.recommended_outcome.setCurrentIndex(box.recommended_outcome.findData(Outcome.PLAN))
            box.recommended_category.setCurrentIndex(
                box.recommended_category.findData(Category.NEGLECT)
            )
            qtbot.keyClicks(box.recommendation_reason, "Neglect of basic care")
            qtbot.keyClick(box.recommendation_reason, Qt.Key.Key_Return)
        box.harm.setFocus()
        qtbot.keyClick(box.harm, Qt.Key.Key_Space)
        box.category.setCurrentIndex(box.category.findData(Category.NEGLECT))
        qtbot.keyClicks(box.reasons, "Basic care has not been consistent.")
        qtbot.mouseClick(box.decide_button, Qt.MouseButton.LeftButton)
    lily = page.content.decision_boxes[0]

    def dissent(dialog):
        qtbot.keyClicks(dialog.who.lineEdit(), "Daniel Reed")
        dialog.agency.setText("Brookfield Primary School")
        qtbot.keyClicks(dialog.reason, "Child in need would be enough")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    answer_next_dialog(dissent)
    assert lily.dissent_button.isEnabled(), page.problem.text()
    qtbot.mouseClick(lily.dissent_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Daniel Reed" in lily.dissents.text())

    # Five actions on the Plan page, typed cell by cell.
    plan = PlanPage(services)
    plan.load_conference(conference_id)
    show_active(qtbot, plan)
    held = services.conferences.summary(conference_id).scheduled_at.date()
    wanted = [
        ("Take Lily to school on time every day", "Mary Ashdown", held + timedelta(weeks=7)),
        ("Book Sam's health review", "Tom Ashdown", held + timedelta(weeks=3)),
        ("Visit the family every two weeks", "Priya Shah", held + timedelta(weeks=13)),
        ("Offer a breakfast club place", "Daniel Reed", held + timedelta(weeks=2)),
        ("Go to the debt advice appointment", "Tom Ashdown", held + timedelta(weeks=5)),
    ]
    for what, who, when in wanted:
        qtbot.mouseClick(plan.add_button, Qt.MouseButton.LeftButton)
        qtbot.keyClicks(QApplication.focusWidget(), what)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        qtbot.keyClicks(QApplication.focusWidget(), who)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        # Typed the British way, day first with no leading zeros (5/3/2027).
        qtbot.keyClicks(QApplication.focusWidget(), f"{when.day}/{when.month}/{when.year}")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is plan.form.parts["why"]  # one action's form
        qtbot.keyClicks(QApplication.focusWidget(), "Lily has missed school")
        plan.form.flush()
    # Priya Shah and Daniel Reed are professionals at the conference: their actions are theirs.
    assert "3 family actions" in plan.readiness.text()
    qtbot.waitUntil(lambda: "Take Lily to school" in plan.part_two.toPlainText())
    page.flush_pending_saves()
    plan.flush_pending_saves()

    # Read it all back through the services.
    view = services.sharing.view(conference_id)
    assert view.parents_not_first_reason == ""
    parents = [e for e in view.entries if e.heading == Heading.VIEW and e.child_id is None]
    assert {e.speaker_name for e in parents} == {"Mary Ashdown", "Tom Ashdown"}
    first_agency = min(i.started_at for i in view.agenda_of_kind(AgendaKind.AGENCY))
    assert view.agenda_of_kind(AgendaKind.PARENTS_VIEWS)[0].started_at <= first_agency
    worries = {e.speaker_name: e.text for e in view.entries if e.heading == Heading.WORRY}
    assert worries == {
        "Priya Shah": words["Children's Social Care"],
        "Grace Obi": words["Health Visiting"],
        "Daniel Reed": words["Brookfield Primary School"],
    }
    assert all(e.visibility == Visibility.SHARED for e in view.entries)
    lily_id = view.children[0].id
    child = {e.heading: e.text for e in view.entries if e.child_id == lily_id}
    assert child[Heading.HOW_OBTAINED] == "Seen alone at school by the social worker."
    assert [(d.danger, d.safety_goal) for d in view.danger_statements] == [
        (
            "Lily and Sam could go without food if money runs out.",
            "Lily and Sam have food and heating every day.",
        )
    ]
    assert sorted((s.scorer_name, s.score) for s in view.scalings) == [
        ("Daniel Reed", 3),
        ("Grace Obi", 6),
        ("Priya Shah", 4),
    ]
    decisions = {d.child_name: d for d in view.decisions}
    assert set(decisions) == {"Lily Ashdown", "Sam Ashdown"}
    for decision in decisions.values():
        assert decision.outcome == Outcome.PLAN and decision.category == Category.NEGLECT
        assert decision.likely_significant_harm
        assert len(decision.recommendations) == 3
    assert [(d.name, d.reason) for d in decisions["Lily Ashdown"].dissents] == [
        ("Daniel Reed", "Child in need would be enough")
    ]
    actions = services.actions.actions(conference_id)
    assert [(a.what, a.who, a.by_when) for a in actions] == wanted
    assert all(a.why == "Lily has missed school" for a in actions)
    assert all(a.status == ActionStatus.NOT_STARTED for a in actions)
