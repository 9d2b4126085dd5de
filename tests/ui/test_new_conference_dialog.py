"""The new conference form: a new family's first conference typed in by keyboard and mouse."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import Qt

from chairdesk.domain import ConferenceKind, MeetingModel, ParticipantRole, PersonRole
from chairdesk.ui.household_rows import parse_day
from chairdesk.ui.new_conference_dialog import NewConferenceDialog
from tests.ui.run_support import OFFSCREEN_LIMITS, show_active
from tests.ui.test_accessibility import _unnamed

pytestmark = OFFSCREEN_LIMITS
CTRL = Qt.KeyboardModifier.ControlModifier
LEFT = Qt.MouseButton.LeftButton


def _dialog(qtbot: Any, services: Any) -> NewConferenceDialog:
    dialog = NewConferenceDialog(services)
    show_active(qtbot, dialog)
    return dialog


def _type(qtbot: Any, field: Any, text: str, then: Qt.Key = Qt.Key.Key_Tab) -> None:
    field.setFocus()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, then)


def test_new_conference_dialog_creates_the_family_and_conference_typed_in(
    qtbot: Any, services: Any
) -> None:
    dialog = _dialog(qtbot, services)
    assert dialog.family_name.hasFocus()
    qtbot.keyClicks(dialog.family_name, "Larkfield")
    qtbot.keyClick(dialog.family_name, Qt.Key.Key_Tab)
    assert dialog.case_reference.hasFocus()  # Tab follows the screen
    qtbot.keyClicks(dialog.case_reference, "CP-0420")

    # A child with a date of birth: name, Tab, date, Enter adds them.
    _type(qtbot, dialog.household.child_name, "Poppy Larkfield")
    assert dialog.household.child_date.hasFocus()
    _type(qtbot, dialog.household.child_date, "4/5/2019", Qt.Key.Key_Return)
    # An unborn child with the date due, added with the mouse.
    _type(qtbot, dialog.household.child_name, "Baby Larkfield")
    qtbot.keyClicks(dialog.household.child_date, "20/06/2026")
    qtbot.keyClick(dialog.household.child_date, Qt.Key.Key_Tab)
    assert dialog.household.child_unborn.hasFocus()
    qtbot.keyClick(dialog.household.child_unborn, Qt.Key.Key_Space)
    qtbot.mouseClick(dialog.household.add_child_button, LEFT)
    assert [
        dialog.household.child_list.item(n).text()
        for n in range(dialog.household.child_list.count())
    ] == [
        "Poppy Larkfield: born 4 May 2019",
        "Baby Larkfield: unborn, due 20 Jun 2026",
    ]
    # A mother with parental responsibility, and a carer without it.
    _type(qtbot, dialog.household.adult_name, "Dana Larkfield", Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.household.adult_name, "Rowan Hale")
    dialog.household.adult_role.setFocus()
    qtbot.keyClick(dialog.household.adult_role, Qt.Key.Key_Down)  # Carer
    dialog.household.adult_responsibility.setFocus()
    qtbot.keyClick(dialog.household.adult_responsibility, Qt.Key.Key_Space)
    qtbot.mouseClick(dialog.household.add_adult_button, LEFT)

    # The meeting: a week on from Monday 2 March, moved a day later with the arrow key.
    dialog.when.setFocus()
    qtbot.keyClick(dialog.when, Qt.Key.Key_Up)
    _type(qtbot, dialog.venue, "Room 4, Civic Centre")
    dialog.model.setCurrentIndex(dialog.model.findData(MeetingModel.SIGNS_OF_SAFETY.value))
    _type(qtbot, dialog.social_worker, "Priya Shah")
    _type(qtbot, dialog.team, "Northfield Assessment Team")
    qtbot.keyClick(dialog, Qt.Key.Key_Return, CTRL)

    assert dialog.result() == NewConferenceDialog.DialogCode.Accepted
    created = dialog.created
    assert created is not None
    view = services.sharing.view(created.id)
    assert (view.family.family_name, view.family.case_reference) == ("Larkfield", "CP-0420")
    assert view.summary.kind == ConferenceKind.INITIAL
    assert view.summary.model == MeetingModel.SIGNS_OF_SAFETY
    assert view.summary.scheduled_at == datetime(2026, 3, 10, 10, 0)
    assert view.summary.venue == "Room 4, Civic Centre"
    people = {p.name: p for p in view.people}
    assert people["Poppy Larkfield"].role == PersonRole.CHILD
    assert people["Poppy Larkfield"].date_of_birth == date(2019, 5, 4)
    assert people["Baby Larkfield"].role == PersonRole.UNBORN
    assert people["Baby Larkfield"].due_date == date(2026, 6, 20)
    assert people["Dana Larkfield"].parental_responsibility
    assert people["Rowan Hale"].role == PersonRole.CARER
    assert not people["Rowan Hale"].parental_responsibility
    invited = {(p.name, p.role, p.agency) for p in view.participants}
    assert invited == {
        ("Dana Larkfield", ParticipantRole.PARENT, ""),
        ("Rowan Hale", ParticipantRole.CARER, ""),
        ("Priya Shah", ParticipantRole.PROFESSIONAL, "Children's Social Care"),
    }
    assert all(p.person_id for p in view.participants if p.role != ParticipantRole.PROFESSIONAL)
    assert view.lead_social_worker == "Priya Shah"
    assert [(w.name, w.team) for w in view.social_workers] == [
        ("Priya Shah", "Northfield Assessment Team")
    ]


def test_new_conference_dialog_refuses_a_missing_family_name_or_child_in_plain_words(
    qtbot: Any, services: Any
) -> None:
    dialog = _dialog(qtbot, services)
    qtbot.mouseClick(dialog.create_button, LEFT)
    assert dialog.problem.isVisible()
    assert dialog.problem.text() == "Give the family name."
    assert dialog.family_name.hasFocus()

    qtbot.keyClicks(dialog.family_name, "Larkfield")
    _type(qtbot, dialog.case_reference, "CP-0420")
    qtbot.mouseClick(dialog.create_button, LEFT)
    assert dialog.problem.text() == "Add at least one child or unborn child."
    assert dialog.household.child_name.hasFocus()

    _type(qtbot, dialog.household.child_name, "Poppy Larkfield")
    _type(qtbot, dialog.household.child_date, "31/02/2019", Qt.Key.Key_Return)
    assert dialog.problem.text() == (
        "\u201c31/02/2019\u201d is not a date: write it as day/month/year, for example 04/03/2017."
    )
    assert dialog.household.child_list.count() == 0
    dialog.household.child_date.clear()
    _type(qtbot, dialog.household.child_date, "01/01/2030", Qt.Key.Key_Return)
    assert "date of birth is in the future" in dialog.problem.text()
    assert services.conferences.list_conferences() == ()
    assert dialog.isVisible()


def test_new_conference_dialog_shows_the_services_refusal_in_one_line(
    qtbot: Any, services: Any, family: Any
) -> None:
    dialog = _dialog(qtbot, services)
    qtbot.keyClicks(dialog.family_name, "Larkfield")
    _type(qtbot, dialog.case_reference, "CP-0001")  # the Testwood family's reference
    # A name typed but not added is added when the chair creates the conference.
    _type(qtbot, dialog.household.child_name, "Poppy Larkfield")
    qtbot.keyClick(dialog, Qt.Key.Key_Return, CTRL)
    assert dialog.problem.text() == (
        "The conference was not created: case reference CP-0001 is already in use."
    )
    assert "\n" not in dialog.problem.text() and "Traceback" not in dialog.problem.text()
    assert dialog.case_reference.hasFocus()
    assert dialog.created is None
    assert len(services.conferences.list_conferences()) == 1


def test_new_conference_dialog_names_every_control(qtbot: Any, services: Any) -> None:
    dialog = _dialog(qtbot, services)
    assert _unnamed(dialog) == []
    qtbot.mouseClick(dialog.household.child_unborn, LEFT)
    assert dialog.household.child_date.accessibleName() == "Unborn child's due date"
    assert dialog.create_button.accessibleName() == "Create"


def test_new_conference_dialog_reads_dates_as_written_in_england() -> None:
    assert parse_day("4/3/2017") == date(2017, 3, 4)
    assert parse_day("04.03.2017") == date(2017, 3, 4)
    assert parse_day("2017-03-04") == date(2017, 3, 4)
    assert parse_day("  ") is None


def test_new_conference_dialog_removes_a_child_added_by_mistake(qtbot: Any, services: Any) -> None:
    dialog = _dialog(qtbot, services)
    assert not dialog.household.remove_child_button.isEnabled()
    for name in ("Poppy Larkfield", "Poppy Larkfeild"):
        _type(qtbot, dialog.household.child_name, name, Qt.Key.Key_Return)
    dialog.household.child_list.setCurrentRow(1)
    qtbot.mouseClick(dialog.household.remove_child_button, LEFT)
    assert [
        dialog.household.child_list.item(n).text()
        for n in range(dialog.household.child_list.count())
    ] == ["Poppy Larkfield"]
    assert [child.name for child in dialog.household.child_rows] == ["Poppy Larkfield"]
