"""The plan's actions as a table: plain ActionView rows, and every edit a service call."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from chairdesk.domain import ActionStatus, Visibility
from chairdesk.errors import ChairDeskError
from chairdesk.services.visibility import ACTION_DEFAULT
from chairdesk.ui.widgets.action_status_dialog import StatusDetails
from chairdesk.ui.widgets.autosave import SAVED, SAVING, not_saved
from chairdesk.ui.widgets.share_choice import as_sentence, context_of, share_refusal
from chairdesk.views import ActionView

if TYPE_CHECKING:
    from chairdesk.services.actions import ActionService

Index = QModelIndex | QPersistentModelIndex
AskStatus = Callable[[ActionStatus], StatusDetails | None]

# (field on ActionView, header, the name the chair sees in "missing" warnings)
COLUMNS: tuple[tuple[str, str], ...] = (
    ("what", "What needs to happen"),
    ("who", "Who"),
    ("by_when", "By when"),
    ("why", "Why (which worry)"),
    ("how_we_will_know", "How we will know"),
    ("support", "Support offered"),
    ("if_not_done", "If it is not done"),
    ("status", "Status"),
    ("visibility", "Parents see it"),
    ("gaps", "Still to fill in"),
)
# Shown in the action's form beside the table, not as columns (see plan_page).
FORM_ONLY = ("why", "how_we_will_know", "support", "if_not_done")
FIELDS = tuple(field for field, _ in COLUMNS)
STATUS_COLUMN = FIELDS.index("status")
DATE_COLUMN = FIELDS.index("by_when")
VISIBILITY_COLUMN = FIELDS.index("visibility")
GAPS_COLUMN = FIELDS.index("gaps")
_OTHER_PARTS = (
    ("why", "why"),
    ("how_we_will_know", "how we will know"),
    ("support", "support"),
    ("if_not_done", "if not done"),
)


def gaps(action: ActionView) -> str:
    """What the action still lacks, the parts it cannot be issued without first."""
    needed = list(action.missing)
    others = [words for field, words in _OTHER_PARTS if not str(getattr(action, field)).strip()]
    if not needed and not others:
        return "Complete"
    if needed and others:
        return f"Needs {', '.join(needed)}; also {', '.join(others)}"
    return f"Needs {', '.join(needed)}" if needed else f"Could say {', '.join(others)}"


_MISSING_NAMES = {"what": "what", "who": "who", "by_when": "by when"}
_MISSING_BRUSH = QBrush(QColor("#fdecea"))
_ROOT = QModelIndex()


class ActionsTableModel(QAbstractTableModel):
    """Rows are frozen ActionViews; `setData` calls ActionService and keeps what it returns."""

    save_state_changed = Signal(str)
    error_occurred = Signal(str)
    actions_changed = Signal()

    def __init__(
        self,
        actions_service: ActionService,
        ask_status: AskStatus | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = actions_service
        self._ask_status = ask_status or (lambda status: StatusDetails())
        self._rows: list[ActionView] = []

    # Loading

    def set_actions(self, actions: Sequence[ActionView]) -> None:
        self.beginResetModel()
        self._rows = list(actions)
        self.endResetModel()

    def action(self, row: int) -> ActionView:
        return self._rows[row]

    def actions(self) -> tuple[ActionView, ...]:
        return tuple(self._rows)

    def append(self, action: ActionView) -> None:
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows))
        self._rows.append(action)
        self.endInsertRows()
        self.actions_changed.emit()

    def remove_row(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()
        self.actions_changed.emit()

    # Qt's model interface

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return self.tr(COLUMNS[section][1])
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.column() == GAPS_COLUMN:
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == VISIBILITY_COLUMN:
            if self.share_refusal(index.row()):
                return Qt.ItemFlag.ItemIsSelectable  # shown, but not this person's to tick
            return (
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable
            )
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def share_refusal(self, row: int) -> str:
        """Why this person may not let parents see this action, or "" when they may."""
        current = self._rows[row].visibility
        return share_refusal(context_of(self._service), default=ACTION_DEFAULT, current=current)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        action = self._rows[index.row()]
        field = FIELDS[index.column()]
        if field == "visibility":
            return self._visibility_data(index.row(), role)
        if field == "gaps":
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return self.tr(gaps(action))
            if role == Qt.ItemDataRole.BackgroundRole and action.missing:
                return _MISSING_BRUSH
            return None
        value = getattr(action, field)
        if role == Qt.ItemDataRole.DisplayRole:
            if field == "by_when":
                return value.strftime("%d %b %Y") if value else ""
            if field == "status":
                return value.label
            return value
        if role == Qt.ItemDataRole.EditRole:
            if field == "by_when":
                return QDate(value.year, value.month, value.day) if value else None
            if field == "status":
                return value.value
            return value
        missing = _MISSING_NAMES.get(field) in action.missing
        if role == Qt.ItemDataRole.BackgroundRole and missing:
            return _MISSING_BRUSH
        if role == Qt.ItemDataRole.ToolTipRole:
            if missing:
                return self.tr("Still to fill in: %1").replace("%1", _MISSING_NAMES[field])
            if field == "what" and action.reason_added:
                return self.tr("Added because: %1").replace("%1", action.reason_added)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            shown = self.data(index, Qt.ItemDataRole.DisplayRole) or self.tr("empty")
            return f"{shown} ({self.tr('missing')})" if missing else shown
        return None

    def _visibility_data(self, row: int, role: int) -> Any:
        action = self._rows[row]
        if role == Qt.ItemDataRole.CheckStateRole:
            shared = action.visibility == Visibility.SHARED
            return Qt.CheckState.Checked if shared else Qt.CheckState.Unchecked
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.tr(action.visibility.label)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            refused = self.share_refusal(row)
            if refused:
                return as_sentence(refused)
            return self.tr("Ticked: parents see this action; untick to keep it for professionals")
        return None

    def _set_visibility(self, index: Index, value: Any) -> bool:
        action = self._rows[index.row()]
        wanted = (
            Visibility.SHARED
            if Qt.CheckState(value) == Qt.CheckState.Checked
            else Visibility.PROFESSIONALS
        )
        if wanted == action.visibility:
            return True
        refused = self.share_refusal(index.row()) if wanted == Visibility.SHARED else ""
        if refused:  # the cell is disabled for them; a keyboard or a script may still ask
            self.save_state_changed.emit(not_saved(refused))
            self.error_occurred.emit(refused)
            return False
        self.save_state_changed.emit(SAVING)
        try:
            updated = self._service.update_action(action.id, visibility=wanted)
        except ChairDeskError as error:
            self.save_state_changed.emit(not_saved(str(error)))
            self.error_occurred.emit(str(error))
            return False
        self._keep(index.row(), updated)
        return True

    def replace(self, updated: ActionView) -> None:
        """Show an action changed elsewhere (its form) in its row."""
        row = next((n for n, a in enumerate(self._rows) if a.id == updated.id), None)
        if row is not None:
            self._keep(row, updated)

    def _keep(self, row: int, updated: ActionView) -> None:
        self._rows[row] = updated
        self.save_state_changed.emit(SAVED)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
        self.actions_changed.emit()

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if index.isValid() and index.column() == GAPS_COLUMN:
            return False
        if index.isValid() and index.column() == VISIBILITY_COLUMN:
            return role == Qt.ItemDataRole.CheckStateRole and self._set_visibility(index, value)
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        action = self._rows[index.row()]
        field = FIELDS[index.column()]
        try:
            if field == "status":
                if ActionStatus(value) == action.status:
                    return True
                updated = self._set_status(action, ActionStatus(value))
            else:
                new = _as_date(value) if field == "by_when" else str(value or "").strip()
                if new == getattr(action, field):
                    return True
                self.save_state_changed.emit(SAVING)
                change: dict[str, Any] = {field: new}  # one of the action's parts (FIELDS)
                updated = self._service.update_action(action.id, **change)
        except (ChairDeskError, ValueError) as error:
            self.save_state_changed.emit(not_saved(str(error)))
            self.error_occurred.emit(str(error))
            return False
        if updated is None:
            return False
        self._keep(index.row(), updated)
        return True

    def _set_status(self, action: ActionView, status: ActionStatus) -> ActionView | None:
        details = self._ask_status(status)
        if details is None:
            return None
        self.save_state_changed.emit(SAVING)
        return self._service.set_status(
            action.id,
            status,
            reason=details.reason,
            achieved_on=details.achieved_on,
            confirmed_by=details.confirmed_by,
        )


def _as_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, QDate):
        return (
            cast(date, value.toPython()) if value.isValid() else None
        )  # PySide6 types QDate.toPython() as object
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))
