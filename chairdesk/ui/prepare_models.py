"""The Prepare page's table models: household, invitees with "present for", reports' timing."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal

from chairdesk.domain import Attendance, PersonRole, Visibility
from chairdesk.ui.models import (
    Column,
    ParticipantTableModel,
    PeopleTableModel,
    ReportTableModel,
    words,
)
from chairdesk.views import ParticipantView, ReportView

if TYPE_CHECKING:
    from chairdesk.services.prepare import PrepareService

ATTENDANCE_CHOICES = tuple(
    (a.value, "Part of the meeting" if a == Attendance.PART else words(a.value)) for a in Attendance
)
PERSON_ROLE_CHOICES = tuple(
    (r.value, "Unborn child" if r == PersonRole.UNBORN else words(r.value)) for r in PersonRole
)
PRESENT_FOR_NEEDED = "Not saved: say which items they were present for, then press Enter"


def working_days(n: int) -> str:
    return f"{n} working day{'' if n == 1 else 's'}"


def parents_had_it(report: ReportView) -> str:
    """How long before the conference the parents had a report, in working days."""
    if report.shared_with_parents_on is None:
        return "Not for parents" if report.visibility == Visibility.PROFESSIONALS else "Not yet"
    had = report.working_days_before
    if had is None:
        return ""
    if had < 0:
        return "After the conference: late"
    return f"{working_days(had)}: late" if report.shared_late else working_days(had)


def _timing_tip(report: ReportView) -> str:
    needed = report.working_days_required
    if needed is None:
        return ""
    return (
        f"The parents need each report {working_days(needed)} before this conference, "
        "counted by the council's region."
    )


def _report_tone(report: ReportView) -> str | None:
    if report.shared_late:
        return "warning"
    return "good" if report.working_days_before is not None else None


class HouseholdTableModel(PeopleTableModel):
    """The family and household, with a short address title: the note below says the rest."""

    def __init__(self, prepare: PrepareService | None, parent: QObject | None = None) -> None:
        super().__init__(prepare, parent)
        self._columns = _retitled(self._columns, {"Address (professionals only)": "Address"})


def _retitled(columns: tuple[Column, ...], titles: dict[str, str]) -> tuple[Column, ...]:
    """Columns with shorter titles, so a table fits beside the navigation without scrolling."""
    return tuple(dataclasses.replace(c, title=titles.get(c.title, c.title)) for c in columns)


class ReportTimingTableModel(ReportTableModel):
    """Reports received, with how many working days before the conference parents had each."""

    def __init__(self, prepare: PrepareService | None, parent: QObject | None = None) -> None:
        super().__init__(prepare, parent)
        timing = Column("Parents had it", parents_had_it, colour=_report_tone)
        short = {"Received on": "Received", "Shared with parents on": "Shared with parents"}
        columns = list(_retitled(self._columns, short))
        shared = [c.title for c in columns].index("Shared with parents")
        columns.insert(shared + 1, timing)
        # No rows are shown yet, so changing the columns needs no model signals.
        self._columns = tuple(columns)
        self.timing_column = shared + 1

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role == Qt.ItemDataRole.ToolTipRole
            and index.isValid()
            and index.column() == self.timing_column
            and index.row() < self.rowCount()
        ):
            return _timing_tip(self.row_at(index)) or None
        return super().data(index, role)


class InviteeTableModel(ParticipantTableModel):
    """Invitees with "present for" beside attendance: part of the meeting needs the items."""

    present_for_needed = Signal(int)  # the row whose "present for" must be given first

    def __init__(self, prepare: PrepareService | None, parent: QObject | None = None) -> None:
        super().__init__(prepare, parent)

        def present_for() -> Callable[[ParticipantView, Any], Any] | None:
            if prepare is None:
                return None
            return lambda p, value: prepare.set_attendance(p.id, Attendance.PART, value)

        column = Column(
            "Present for",
            lambda p: p.present_for if p.attendance == Attendance.PART else "",
            save=present_for(),
            tip="Which items someone was present for; saying so records part attendance.",
        )
        self._columns = (*self._columns, column)
        titles = [c.title for c in self._columns]
        self.attendance_column = titles.index("Attendance")
        self.present_for_column = titles.index("Present for")

    def setData(self, index: Any, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            index.isValid()
            and index.column() == self.attendance_column
            and role == Qt.ItemDataRole.EditRole
            and value == Attendance.PART.value
            and not self.row_at(index).present_for
        ):
            # The service refuses part attendance without the items: ask for them first.
            self.save_state_changed.emit(PRESENT_FOR_NEEDED)
            self.present_for_needed.emit(index.row())
            return False
        return super().setData(index, value, role)
