"""Prepare: edits save at once through PrepareService, quoracy explains itself, PR flagged."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from chairdesk.domain import Attendance, PersonRole, Visibility
from chairdesk.services.conferences import NewPerson


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
