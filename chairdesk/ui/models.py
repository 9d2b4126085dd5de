"""Qt item models over plain rows: conferences, due items, people, participants and reports."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from chairdesk.domain import Attendance, ParticipantRole, PersonRole, Visibility
from chairdesk.errors import ChairDeskError
from chairdesk.ui.style import tone

if TYPE_CHECKING:
    from chairdesk.services.prepare import PrepareService
    from chairdesk.views import ParticipantView, PersonView, ReportView
from chairdesk.home_views import ConferenceSummary, DueItem

ROW_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SAVING, SAVED = "Saving…", "Saved"

_DISPLAY, _EDIT = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole
_CHECK, _TIP = Qt.ItemDataRole.CheckStateRole, Qt.ItemDataRole.ToolTipRole
_ACCESSIBLE = Qt.ItemDataRole.AccessibleTextRole
_DESCRIPTION = Qt.ItemDataRole.AccessibleDescriptionRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
# The roles RowTableModel answers. A view asks for eight roles per cell each time it measures
# or paints (font, alignment, size hint and the rest): the others return at once, which took
# Home's first paint at 2,000 families from thousands of full passes through data() to a few.
_ANSWERED = frozenset(
    int(role)
    for role in (_DISPLAY, _EDIT, _CHECK, _TIP, _ACCESSIBLE, _DESCRIPTION, _FOREGROUND, ROW_ID_ROLE)
)


def words(value: str) -> str:
    """An enum value in plain words: "minute_taker" -> "Minute taker"."""
    return value.replace("_", " ").capitalize()


def day_text(day: date | None, empty: str = "Not yet") -> str:
    return day.strftime("%a %d %b %Y") if day else empty


@dataclass(frozen=True)
class Column:
    """One column: its title, how a row shows in it, and (when editable) how an edit is saved."""

    title: str
    show: Callable[[Any], str]
    edit_value: Callable[[Any], Any] | None = None  # the value an editor starts from
    check: Callable[[Any], bool] | None = None  # a tick box column
    save: Callable[[Any, Any], Any] | None = None  # (row, new value) -> the new row from a service
    tip: str = ""
    colour: Callable[[Any], str | None] | None = None  # "warning" or "good" for a row's state
    # Why this person may not change a row's cell ("" when they may): the cell is disabled and
    # the reason is its tooltip and accessible description.
    refusal: Callable[[Any], str] | None = None


class RowTableModel(QAbstractTableModel):
    """A table of frozen rows; an edit calls a service at once and keeps the row it returns."""

    save_state_changed = Signal(str)

    def __init__(self, columns: Sequence[Column], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._columns = tuple(columns)
        self._rows: list[Any] = []
        # Each cell's text, worked out once per row: a view asks for it on every measure and paint.
        self._shown: dict[tuple[int, int], str] = {}

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._shown.clear()
        self.endResetModel()

    def rows(self) -> tuple[Any, ...]:
        return tuple(self._rows)

    def row_at(self, index: QModelIndex) -> Any:
        return self._rows[index.row()]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if role != _DISPLAY or orientation != Qt.Orientation.Horizontal:
            return None
        if 0 <= section < len(self._columns):
            return self._columns[section].title
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY) -> Any:
        if role not in _ANSWERED or not index.isValid():
            return None
        number = index.row()
        if not 0 <= number < len(self._rows):
            return None
        if role in (_DISPLAY, _ACCESSIBLE):
            return self._text(number, index.column())
        row, column = self._rows[number], self._columns[index.column()]
        if role == ROW_ID_ROLE:
            return row.id if hasattr(row, "id") else row.conference_id
        refused = column.refusal(row) if column.refusal is not None else ""
        if refused and role in (_TIP, _DESCRIPTION):
            return refused[:1].upper() + refused[1:]
        if role == _FOREGROUND and column.colour is not None:
            kind = column.colour(row)
            return QColor(tone(kind)) if kind else None
        if column.check is not None:
            if role == _CHECK:
                return Qt.CheckState.Checked if column.check(row) else Qt.CheckState.Unchecked
            return column.tip or None if role == _TIP else None
        if role == _EDIT and column.save is not None:
            value = column.edit_value(row) if column.edit_value else column.show(row)
            return QDate(value.year, value.month, value.day) if isinstance(value, date) else value
        if role == _TIP and column.tip:
            return column.tip
        return None

    def cell_text(self, row: int, column: int) -> str:
        """The text a cell shows (DisplayRole), kept until the rows change."""
        return self._text(row, column)

    def _text(self, row: int, column: int) -> str:
        text = self._shown.get((row, column))
        if text is None:
            text = self._shown[row, column] = self._columns[column].show(self._rows[row])
        return text

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        column = self._columns[index.column()]
        if column.refusal is not None and column.refusal(self._rows[index.row()]):
            return Qt.ItemFlag.ItemIsSelectable
        if column.save is not None:
            flags |= (
                Qt.ItemFlag.ItemIsUserCheckable
                if column.check is not None
                else Qt.ItemFlag.ItemIsEditable
            )
        return flags

    def setData(
        self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = _EDIT
    ) -> bool:
        if not index.isValid():
            return False
        column = self._columns[index.column()]
        if column.save is None:
            return False
        refused = column.refusal(self._rows[index.row()]) if column.refusal is not None else ""
        if refused:
            self.save_state_changed.emit(f"Not saved: {refused}")
            return False
        if column.check is not None:
            if role != _CHECK:
                return False
            value = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role != _EDIT:
            return False
        if isinstance(value, QDate):
            value = date(value.year(), value.month(), value.day())
        if isinstance(value, str):
            value = value.strip()
        self.save_state_changed.emit(SAVING)
        try:
            new_row = column.save(self._rows[index.row()], value)
        except ChairDeskError as error:
            self.save_state_changed.emit(f"Not saved: {error}")
            return False
        if new_row is not None:
            self._rows[index.row()] = new_row
        for number in range(len(self._columns)):
            self._shown.pop((index.row(), number), None)
        self.save_state_changed.emit(SAVED)
        left, right = self.index(index.row(), 0), self.index(index.row(), self.columnCount() - 1)
        self.dataChanged.emit(left, right)
        return True


class ConferenceTableModel(RowTableModel):
    """Conferences today and upcoming, or search results. Read-only; Enter opens one."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            (
                Column("When", lambda c: c.scheduled_at.strftime("%a %d %b %Y, %H:%M")),
                Column("Family", lambda c: c.family_name),
                Column("Case reference", lambda c: c.case_reference),
                Column("Children", lambda c: ", ".join(c.children)),
                Column("Conference", lambda c: c.kind.label),
                Column("Status", lambda c: words(c.status.value)),
            ),
            parent,
        )

    def conference_id(self, row: int) -> int:
        summary: ConferenceSummary = self._rows[row]
        return summary.id


class DueItemTableModel(RowTableModel):
    """What is due or overdue, soonest first; overdue rows say so in words."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            (
                Column(
                    "",
                    lambda d: "Overdue" if d.overdue else "Due",
                    colour=lambda d: "warning" if d.overdue else None,
                ),
                Column("What", lambda d: d.what),
                Column("Due by", lambda d: day_text(d.due_on)),
                Column("Family", lambda d: d.family_name),
                Column("Case reference", lambda d: d.case_reference),
            ),
            parent,
        )

    def conference_id(self, row: int) -> int:
        item: DueItem = self._rows[row]
        return item.conference_id


def person_role_text(person: PersonView) -> str:
    if person.role == PersonRole.UNBORN:
        return "Unborn child"
    return words(person.role.value)


def _person_age(person: PersonView) -> str:
    if person.role == PersonRole.UNBORN:
        return f"Due {day_text(person.due_date, 'date not known')}"
    if person.date_of_birth:
        return f"Born {day_text(person.date_of_birth)}"
    return ""


class PeopleTableModel(RowTableModel):
    """The family and household. Editing a cell saves through PrepareService at once."""

    def __init__(self, prepare: PrepareService | None, parent: QObject | None = None) -> None:
        def save(field: str) -> Callable[[PersonView, Any], PersonView] | None:
            if prepare is None:
                return None
            return lambda person, value: prepare.update_person(person.id, **{field: value})

        super().__init__(
            (
                Column("Name", lambda p: p.name, save=save("name")),
                Column("Role", person_role_text),
                Column("Born or due", _person_age),
                Column(
                    "Parental responsibility",
                    lambda p: "Yes" if p.parental_responsibility else "No",
                    check=lambda p: p.parental_responsibility,
                    save=save("parental_responsibility"),
                ),
                Column("Language", lambda p: p.language, save=save("language")),
                Column(
                    "Interpreter needed",
                    lambda p: "Yes" if p.interpreter_needed else "No",
                    check=lambda p: p.interpreter_needed,
                    save=save("interpreter_needed"),
                ),
                Column(
                    "Address (professionals only)",
                    lambda p: p.address or "",
                    save=save("address"),
                    tip="Addresses never appear in a parent's copy or on the parents' screen.",
                ),
            ),
            parent,
        )


class ParticipantTableModel(RowTableModel):
    """Invitees and agencies with their attendance."""

    def __init__(self, prepare: PrepareService | None, parent: QObject | None = None) -> None:
        def update(field: str) -> Callable[[ParticipantView, Any], Any] | None:
            if prepare is None:
                return None
            return lambda p, value: prepare.update_participant(p.id, **{field: value})

        def attendance() -> Callable[[ParticipantView, Any], Any] | None:
            if prepare is None:
                return None
            return lambda p, value: prepare.set_attendance(p.id, Attendance(value), p.present_for)

        super().__init__(
            (
                Column("Name", lambda p: p.name, save=update("name")),
                Column("Role", lambda p: words(p.role.value)),
                Column("Agency", lambda p: p.agency, save=update("agency")),
                Column("Job title", lambda p: p.job_title, save=update("job_title")),
                Column(
                    "Invited",
                    lambda p: "Yes" if p.invited else "No",
                    check=lambda p: p.invited,
                    save=update("invited"),
                ),
                Column(
                    "Attendance",
                    lambda p: words(p.attendance.value),
                    edit_value=lambda p: p.attendance.value,
                    save=attendance(),
                ),
            ),
            parent,
        )


ATTENDANCE_CHOICES = tuple((a.value, words(a.value)) for a in Attendance)
FAMILY_ROLES = tuple(r for r in ParticipantRole if r.is_family)


class ReportTableModel(RowTableModel):
    """Reports received: when, when shared with parents, and whether parents may see them."""

    def __init__(self, prepare: PrepareService | None, parent: QObject | None = None) -> None:
        def update(field: str) -> Callable[[ReportView, Any], Any] | None:
            if prepare is None:
                return None
            return lambda r, value: prepare.update_report(r.id, **{field: value})

        def shareable() -> Callable[[ReportView, Any], Any] | None:
            if prepare is None:
                return None
            return lambda r, value: prepare.update_report(
                r.id, visibility=Visibility.SHARED if value else Visibility.PROFESSIONALS
            )

        def may_not_share(r: ReportView) -> str:
            # Imported here: Home uses this module and is painted before the ORM is loaded.
            from chairdesk.services.visibility import REPORT_DEFAULT
            from chairdesk.ui.widgets.share_choice import context_of, share_refusal

            return share_refusal(context_of(prepare), default=REPORT_DEFAULT, current=r.visibility)

        super().__init__(
            (
                Column("Agency", lambda r: r.agency, save=update("agency")),
                Column("Title", lambda r: r.title, save=update("title")),
                Column("Author", lambda r: r.author, save=update("author")),
                Column(
                    "Received on",
                    lambda r: day_text(r.received_on),
                    edit_value=lambda r: r.received_on or date.today(),
                    save=update("received_on"),
                ),
                Column(
                    "Shared with parents on",
                    lambda r: day_text(r.shared_with_parents_on),
                    edit_value=lambda r: r.shared_with_parents_on or date.today(),
                    save=update("shared_with_parents_on"),
                ),
                Column(
                    "Parents may see it",
                    lambda r: (
                        "Shareable" if r.visibility == Visibility.SHARED else r.visibility.label
                    ),
                    check=lambda r: r.visibility == Visibility.SHARED,
                    save=shareable(),
                    refusal=may_not_share if prepare is not None else None,
                ),
            ),
            parent,
        )
