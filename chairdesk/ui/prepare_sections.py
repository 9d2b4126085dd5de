"""The Prepare page's table sections: household, invitees and agencies, reports received."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from chairdesk.domain import ParticipantRole
from chairdesk.errors import ChairDeskError
from chairdesk.ui.models import (
    ATTENDANCE_CHOICES,
    SAVED,
    SAVING,
    ParticipantTableModel,
    PeopleTableModel,
    ReportTableModel,
    RowTableModel,
    words,
)


class ChoiceDelegate(QStyledItemDelegate):
    """A drop-down editor for a column with fixed choices (value, words)."""

    def __init__(self, choices: tuple[tuple[str, str], ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices = choices

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        editor = QComboBox(parent)
        editor.setAccessibleName(
            str(index.model().headerData(index.column(), Qt.Orientation.Horizontal))
        )
        for value, text in self.choices:
            editor.addItem(text, value)
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        found = editor.findData(index.data(Qt.ItemDataRole.EditRole))
        editor.setCurrentIndex(max(found, 0))

    def setModelData(
        self, editor: QWidget, model: Any, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


def _table(name: str, model: RowTableModel) -> QTableView:
    table = QTableView()
    table.setAccessibleName(name)
    table.setModel(model)
    table.setTabKeyNavigation(False)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
    table.setEditTriggers(
        QAbstractItemView.EditTrigger.DoubleClicked
        | QAbstractItemView.EditTrigger.EditKeyPressed
        | QAbstractItemView.EditTrigger.AnyKeyPressed
    )
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class TableSection(QGroupBox):
    """A titled table whose edits save at once; passes the save state up."""

    save_state_changed = Signal(str)

    def __init__(self, title: str, model: RowTableModel, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.setAccessibleName(title)
        self.model = model
        self.model.setParent(self)
        self.model.save_state_changed.connect(self.save_state_changed)
        self.layout_ = QVBoxLayout(self)
        self.table = _table(title, model)
        self.layout_.addWidget(self.table)
        self.conference_id: int | None = None
        self.model.modelReset.connect(self.fit_height)

    def fit_height(self) -> None:
        """Show every row: the page scrolls, not each table (one scroll bar is easier to use)."""
        rows = max(self.model.rowCount(), 1)
        height = self.table.horizontalHeader().sizeHint().height()
        height += rows * self.table.verticalHeader().defaultSectionSize()
        height += 2 * self.table.frameWidth() + self.table.horizontalScrollBar().sizeHint().height()
        self.table.setFixedHeight(height)

    def _call(self, call: Any, *args: Any, **kwargs: Any) -> Any:
        """A service call that changes something, with the save state said as it goes."""
        self.save_state_changed.emit(SAVING)
        try:
            result = call(*args, **kwargs)
        except ChairDeskError as error:
            self.save_state_changed.emit(f"Not saved: {error}")
            return None
        self.save_state_changed.emit(SAVED)
        return result


class PeopleSection(TableSection):
    def __init__(self, prepare: Any, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Family and household"), PeopleTableModel(prepare), parent)
        note = QLabel(
            self.tr(
                "Addresses are professionals-only: they never appear in a parent's copy or on the "
                "parents' screen."
            )
        )
        note.setWordWrap(True)
        note.setAccessibleName(self.tr("About addresses"))
        self.layout_.addWidget(note)


class InviteesSection(TableSection):
    """Who is invited, their agency, and whether they came."""

    def __init__(self, prepare: Any, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Invitees and agencies"), ParticipantTableModel(prepare), parent)
        self.prepare = prepare
        self.table.setItemDelegateForColumn(5, ChoiceDelegate(ATTENDANCE_CHOICES, self.table))
        row = QHBoxLayout()
        self.new_name = QLineEdit()
        self.new_name.setPlaceholderText(self.tr("Name"))
        self.new_name.setAccessibleName(self.tr("New invitee's name"))
        self.new_role = QComboBox()
        self.new_role.setAccessibleName(self.tr("New invitee's role"))
        for role in ParticipantRole:
            if role not in (ParticipantRole.CHAIR, ParticipantRole.MINUTE_TAKER):
                self.new_role.addItem(words(role.value), role.value)
        self.new_role.setCurrentIndex(self.new_role.findData(ParticipantRole.PROFESSIONAL.value))
        self.new_agency = QLineEdit()
        self.new_agency.setPlaceholderText(self.tr("Agency (for professionals)"))
        self.new_agency.setAccessibleName(self.tr("New invitee's agency"))
        self.add_button = QPushButton(self.tr("Add invitee"))
        self.add_button.setAccessibleName(self.tr("Add invitee"))
        self.add_button.clicked.connect(self.add_invitee)
        self.new_agency.returnPressed.connect(self.add_invitee)
        for widget in (self.new_name, self.new_role, self.new_agency, self.add_button):
            row.addWidget(widget)
        self.layout_.addLayout(row)
        for widget in (self.new_name, self.new_role, self.new_agency, self.add_button):
            widget.setEnabled(prepare is not None)

    added = Signal()

    def add_invitee(self) -> None:
        name = self.new_name.text().strip()
        if not name or self.conference_id is None or self.prepare is None:
            self.new_name.setFocus()
            return
        role = ParticipantRole(self.new_role.currentData())
        agency = self.new_agency.text().strip() if role == ParticipantRole.PROFESSIONAL else ""
        if self._call(self.prepare.add_participant, self.conference_id, name, role, agency=agency):
            self.new_name.clear()
            self.new_agency.clear()
            self.added.emit()
            self.new_name.setFocus()


class ReportsSection(TableSection):
    """Reports received: when, when shared with parents, and whether parents may see them."""

    added = Signal()

    def __init__(self, prepare: Any, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Reports received"), ReportTableModel(prepare), parent)
        self.prepare = prepare
        row = QHBoxLayout()
        self.new_agency = QLineEdit()
        self.new_agency.setPlaceholderText(self.tr("Agency"))
        self.new_agency.setAccessibleName(self.tr("New report's agency"))
        self.new_title = QLineEdit()
        self.new_title.setPlaceholderText(self.tr("Title"))
        self.new_title.setAccessibleName(self.tr("New report's title"))
        self.add_button = QPushButton(self.tr("Add report"))
        self.add_button.setAccessibleName(self.tr("Add report"))
        self.add_button.clicked.connect(self.add_report)
        self.new_title.returnPressed.connect(self.add_report)
        for widget in (self.new_agency, self.new_title, self.add_button):
            row.addWidget(widget)
            widget.setEnabled(prepare is not None)
        self.layout_.addLayout(row)

    def add_report(self) -> None:
        agency = self.new_agency.text().strip()
        if not agency or self.conference_id is None or self.prepare is None:
            self.new_agency.setFocus()
            return
        if self._call(
            self.prepare.add_report, self.conference_id, agency, title=self.new_title.text().strip()
        ):
            self.new_agency.clear()
            self.new_title.clear()
            self.added.emit()
            self.new_agency.setFocus()
