"""Prepare: edits save at once through PrepareService, quoracy explains itself, PR flagged;
household members added, invitees removed, part attendance and when parents had reports."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QLineEdit

from chairdesk.domain import Attendance, PersonRole, Visibility
from chairdesk.services.conferences import NewPerson
from chairdesk.ui.prepare_models import (
    HouseholdTableModel,
    InviteeTableModel,
    ReportTimingTableModel,
)
from chairdesk.ui.style import tone


def _column(model: Any, title: str) -> int:
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return titles.index(title)


def _row(model: Any, name: str) -> int:
    return next(r for r in range(model.rowCount()) if model.index(r, 0).data() == name)


def test_prepare_household_edit_is_saved_and_read_back(
    window: Any, services: Any, family: Any
) -> None:
    window.open_conference(family.conference_id)
    model = window.prepare.people.model
    row = _row(model, "Lee Brookfield")
    assert model.setData(model.index(row, _column(model, "Language")), "Polish")
    assert model.setData(
        model.index(row, _column(model, "Interpreter needed")),
        Qt.CheckState.Checked.value,
        Qt.ItemDataRole.CheckStateRole,
    )
    assert window.save_state.text() == "Saved"
    father = next(
        p for p in services.sharing.view(family.conference_id).people if p.id == family.father_id
    )
    assert (father.language, father.interpreter_needed) == ("Polish", True)


def test_prepare_checklist_ticks_are_saved(
    qtbot: Any, window: Any, services: Any, family: Any
) -> None:
    window.open_conference(family.conference_id)
    box = window.prepare.checks["told_speak_first"]
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert services.sharing.view(family.conference_id).checklist.told_speak_first is True


def test_prepare_quoracy_text_follows_attendance(window: Any, services: Any, family: Any) -> None:
    window.open_conference(family.conference_id)
    label = window.prepare.quoracy
    assert label.text().startswith("Not quorate")
    model = window.prepare.invitees.model
    column = _column(model, "Attendance")
    for name in ("Sam Social", "Hana Health"):
        assert model.setData(model.index(_row(model, name), column), Attendance.PRESENT.value)
    assert "only one other agency" in label.text()
    assert model.setData(model.index(_row(model, "Sid School"), column), Attendance.PRESENT.value)
    assert label.text().startswith("Quorate")
    assert "Example Primary School" in label.text()


def test_prepare_report_shareable_and_dates_persist(
    window: Any, services: Any, family: Any
) -> None:
    window.open_conference(family.conference_id)
    section = window.prepare.reports
    section.new_agency.setText("Police")
    section.new_title.setText("Police checks")
    section.add_button.click()
    model = section.model
    assert model.rowCount() == 1
    assert model.setData(
        model.index(0, _column(model, "Parents may see it")),
        Qt.CheckState.Unchecked.value,
        Qt.ItemDataRole.CheckStateRole,
    )
    report = services.sharing.view(family.conference_id).reports[0]
    assert (report.agency, report.title, report.visibility) == (
        "Police",
        "Police checks",
        Visibility.PROFESSIONALS,
    )


def test_prepare_flags_a_parent_with_responsibility_who_is_not_invited(
    window: Any, services: Any, family: Any
) -> None:
    services.prepare.add_person(
        family.family_id,
        NewPerson("Kit Marlowe", PersonRole.PARENT, parental_responsibility=True),
    )
    window.open_conference(family.conference_id)
    page = window.prepare
    assert page.uninvited.isVisibleTo(page) and "Kit Marlowe" in page.uninvited.text()
    page.invite_button.click()
    assert not page.uninvited.isVisibleTo(page)
    names = [p.name for p in services.sharing.view(family.conference_id).participants]
    assert "Kit Marlowe" in names


def test_prepare_refused_change_says_not_saved(window: Any, family: Any) -> None:
    window.open_conference(family.conference_id)
    model = window.prepare.people.model
    assert not model.setData(model.index(0, _column(model, "Name")), "")
    assert window.save_state.text().startswith("Not saved:")


def test_prepare_adds_a_household_member_by_keyboard_and_flags_them_until_invited(
    qtbot: Any, window: Any, services: Any, family: Any
) -> None:
    window.open_conference(family.conference_id)
    people = window.prepare.people
    people.new_role.setCurrentIndex(people.new_role.findData(PersonRole.CARER.value))
    people.new_responsibility.setFocus()
    qtbot.keyClick(people.new_responsibility, Qt.Key.Key_Space)
    people.new_name.setFocus()
    qtbot.keyClicks(people.new_name, "Kit Marlowe")
    qtbot.keyClick(people.new_name, Qt.Key.Key_Return)
    assert window.save_state.text() == "Saved"
    added = next(
        p for p in services.sharing.view(family.conference_id).people if p.name == "Kit Marlowe"
    )
    assert (added.role, added.parental_responsibility) == (PersonRole.CARER, True)
    assert _row(people.model, "Kit Marlowe") >= 0
    assert people.new_name.text() == "" and people.new_name.hasFocus()
    page = window.prepare
    assert page.uninvited.isVisibleTo(page) and "Kit Marlowe" in page.uninvited.text()


def test_prepare_a_child_added_to_the_household_holds_no_parental_responsibility(
    window: Any, services: Any, family: Any
) -> None:
    window.open_conference(family.conference_id)
    people = window.prepare.people
    people.new_responsibility.setChecked(True)
    people.new_role.setCurrentIndex(people.new_role.findData(PersonRole.UNBORN.value))
    assert not people.new_responsibility.isChecked()
    assert not people.new_responsibility.isEnabled()
    people.new_name.setText("Baby Testwood")
    people.add_button.click()
    baby = next(
        p for p in services.sharing.view(family.conference_id).people if p.name == "Baby Testwood"
    )
    assert (baby.role, baby.parental_responsibility) == (PersonRole.UNBORN, False)


def test_prepare_removes_the_selected_invitee_and_refuses_someone_who_attended(
    qtbot: Any, window: Any, services: Any, family: Any
) -> None:
    window.open_conference(family.conference_id)
    section = window.prepare.invitees
    assert not section.remove_button.isEnabled()
    section.table.setFocus()
    section.table.setCurrentIndex(section.model.index(_row(section.model, "Sid School"), 0))
    assert section.remove_button.isEnabled()
    section.remove_button.setFocus()
    qtbot.keyClick(section.remove_button, Qt.Key.Key_Space)
    assert window.save_state.text() == "Saved"
    view = services.sharing.view(family.conference_id)
    assert "Sid School" not in [p.name for p in view.participants]
    assert "Example Primary School" not in [a.agency for a in view.agenda]
    assert "Sid School" not in [
        section.model.index(r, 0).data() for r in range(section.model.rowCount())
    ]

    services.prepare.set_attendance(family.mother_participant_id, Attendance.PRESENT)
    window.prepare.reload()
    section.table.setCurrentIndex(section.model.index(_row(section.model, "Dana Testwood"), 0))
    section.remove_button.click()
    assert window.save_state.text().startswith("Not saved: Dana Testwood attended")
    names = [p.name for p in services.sharing.view(family.conference_id).participants]
    assert "Dana Testwood" in names


def test_prepare_part_attendance_asks_which_items_then_saves_both(
    qtbot: Any, window: Any, services: Any, family: Any
) -> None:
    window.open_conference(family.conference_id)
    section = window.prepare.invitees
    table, model = section.table, section.model
    row = _row(model, "Lee Brookfield")
    attendance = model.index(row, _column(model, "Attendance"))
    table.setFocus()
    table.setCurrentIndex(attendance)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    chooser = table.viewport().findChild(QComboBox)
    assert chooser is not None and chooser.accessibleName() == "Attendance"
    chooser.setCurrentIndex(chooser.findText("Part of the meeting"))
    qtbot.keyClick(chooser, Qt.Key.Key_Return)  # the delegate commits on the next event loop
    # Nothing is saved until the chair says which items; the "present for" cell opens for that.
    qtbot.waitUntil(lambda: window.save_state.text().startswith("Not saved: say which items"))
    qtbot.waitUntil(lambda: table.currentIndex().column() == _column(model, "Present for"))
    qtbot.waitUntil(lambda: table.viewport().findChild(QLineEdit) is not None)
    editor = table.viewport().findChild(QLineEdit)
    qtbot.keyClicks(editor, "Items 1 to 4")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.save_state.text() == "Saved")
    father = next(
        p
        for p in services.sharing.view(family.conference_id).participants
        if p.id == family.father_participant_id
    )
    assert (father.attendance, father.present_for) == (Attendance.PART, "Items 1 to 4")
    assert model.index(row, _column(model, "Present for")).data() == "Items 1 to 4"


def test_prepare_reports_show_working_days_the_parents_had_them_and_flag_late_ones(
    window: Any, services: Any, family: Any
) -> None:
    # Today is Monday 2 March 2026; the conference moves to Wednesday 4 March, so a report
    # shared today gives the parents 2 working days, not the 3 an initial conference needs.
    services.prepare.update_details(family.conference_id, scheduled_at=datetime(2026, 3, 4, 10))
    services.prepare.add_report(
        family.conference_id, "Health Visiting", shared_with_parents_on=date(2026, 3, 2)
    )
    services.prepare.add_report(family.conference_id, "Example Primary School")
    window.open_conference(family.conference_id)
    model = window.prepare.reports.model
    column = _column(model, "Parents had it")
    late = model.index(0, column)
    assert late.data() == "2 working days: late"
    assert late.data(Qt.ItemDataRole.ForegroundRole).name() == QColor(tone("warning")).name()
    assert "3 working days before this conference" in late.data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(1, column).data() == "Not yet"
    shared = model.index(0, _column(model, "Shared with parents"))
    assert model.setData(shared, QDate(2026, 2, 27))
    assert model.index(0, column).data() == "3 working days"
    assert (
        model.index(0, column).data(Qt.ItemDataRole.ForegroundRole).name()
        == QColor(tone("good")).name()
    )


def test_prepare_section_models_pass_the_model_tester(
    qtmodeltester: Any, services: Any, family: Any
) -> None:
    services.prepare.add_report(
        family.conference_id, "Health Visiting", shared_with_parents_on=date(2026, 3, 2)
    )
    services.prepare.set_attendance(family.father_participant_id, Attendance.PART, "Items 1-3")
    view = services.sharing.view(family.conference_id)
    for model, rows in (
        (HouseholdTableModel(services.prepare), view.people),
        (InviteeTableModel(services.prepare), view.participants),
        (ReportTimingTableModel(services.prepare), view.reports),
        (ReportTimingTableModel(None), view.reports),
    ):
        model.set_rows(rows)
        qtmodeltester.check(model, force_py=True)


def test_prepare_wrapped_lines_show_whole_after_larger_text_is_chosen(
    qtbot: Any, window: Any, services: Any
) -> None:
    """The chair on Prepare presses Ctrl+Plus until the text is half as large again: every
    wrapped line (quoracy first) is laid out again for its new size, not cut at the old one."""
    from PySide6.QtWidgets import QLabel

    from chairdesk.services.demo import load_demo

    _initial, review = load_demo(services.context)  # its quoracy line names four agencies
    window.resize(1366, 768)
    window.open_conference(review)
    window.show_page("prepare")
    page = window.page("prepare")
    qtbot.wait(50)
    scaler = window.text_scaler
    before = scaler.point_size
    try:
        for _ in range(6):  # 11 to 17 points
            qtbot.keyClick(window, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
        assert scaler.point_size == before + 6
        qtbot.wait(50)

        def cut() -> list[str]:
            return [
                label.text()[:40]
                for label in page.findChildren(QLabel)
                if label.isVisible()
                and label.wordWrap()
                and label.text()
                and label.height() < label.heightForWidth(label.width()) - 1
            ]

        assert page.quoracy.isVisible() and page.quoracy.wordWrap()
        assert cut() == []
    finally:
        scaler.reset()
