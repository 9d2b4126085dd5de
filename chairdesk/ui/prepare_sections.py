"""The Prepare page's table sections: household, invitees and agencies, reports received."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
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

from chairdesk.domain import ParticipantRole, PersonRole
from chairdesk.errors import ChairDeskError
from chairdesk.services.conferences import NewPerson
from chairdesk.ui.models import (
    SAVED,
    SAVING,
    RowTableModel,
    words,
)
from chairdesk.ui.prepare_models import (
    ATTENDANCE_CHOICES,
    PERSON_ROLE_CHOICES,
    HouseholdTableModel,
    InviteeTableModel,
    ReportTimingTableModel,
)
from chairdesk.ui.widgets.fit_columns import fit_columns
from chairdesk.views import ParticipantView

if TYPE_CHECKING:  # imported when the page first uses it (see ui/services.py)
    from chairdesk.services.prepare import PrepareService


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
    fit_columns(table)  # screens: never scrolls sideways on a 1366-wide laptop (issue 16)
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

    def stretch(self, *titles: str) -> None:
        """Let these columns share the room left, shrinking (and eliding) before the table
        scrolls sideways."""
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        names = [
            self.model.headerData(c, Qt.Orientation.Horizontal)
            for c in range(self.model.columnCount())
        ]
        for title in titles:
            header.setSectionResizeMode(names.index(title), QHeaderView.ResizeMode.Stretch)

    def fit_height(self) -> None:
        """Show every row: the page scrolls, not each table (one scroll bar is easier to use)."""
        rows = max(self.model.rowCount(), 1)
        height = self.table.horizontalHeader().sizeHint().height()
        height += rows * self.table.verticalHeader().defaultSectionSize()
        height += 2 * self.table.frameWidth() + self.table.horizontalScrollBar().sizeHint().height()
        self.table.setFixedHeight(height)

    def _call(self, call: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """A service call that changes something, with the save state said as it goes."""
        done, result = self._attempt(call, *args, **kwargs)
        return result if done else None

    def _attempt(self, call: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[bool, Any]:
        """Like _call, also saying whether it worked (for calls that return nothing)."""
        self.save_state_changed.emit(SAVING)
        try:
            result = call(*args, **kwargs)
        except ChairDeskError as error:
            self.save_state_changed.emit(f"Not saved: {error}")
            return False, None
        self.save_state_changed.emit(SAVED)
        return True, result


class PeopleSection(TableSection):
    """The family and household; a new member is added below the table."""

    added = Signal()

    def __init__(self, prepare: PrepareService | None, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Family and household"), HouseholdTableModel(prepare), parent)
        self.stretch("Address")
        self.prepare = prepare
        self.family_id: int | None = None
        note = QLabel(
            self.tr(
                "Addresses are for professionals only: they never appear in a parent's copy or on "
                "the parents' screen."
            )
        )
        note.setWordWrap(True)
        note.setAccessibleName(self.tr("About addresses"))
        self.layout_.addWidget(note)
        row = QHBoxLayout()
        self.new_name = QLineEdit()
        self.new_name.setPlaceholderText(self.tr("Name of someone in the family"))
        self.new_name.setAccessibleName(self.tr("New family member's name"))
        self.new_role = QComboBox()
        self.new_role.setAccessibleName(self.tr("New family member's role"))
        for value, text in PERSON_ROLE_CHOICES:
            self.new_role.addItem(self.tr(text), value)
        self.new_role.setCurrentIndex(self.new_role.findData(PersonRole.PARENT.value))
        self.new_responsibility = QCheckBox(self.tr("Has parental responsibility"))
        self.new_responsibility.setAccessibleName(
            self.tr("New family member has parental responsibility")
        )
        self.add_button = QPushButton(self.tr("Add to the household"))
        self.add_button.setAccessibleName(self.tr("Add family member"))
        self.add_button.clicked.connect(self.add_person)
        self.new_name.returnPressed.connect(self.add_person)
        self.new_role.currentIndexChanged.connect(self._role_chosen)
        row.addWidget(self.new_name, 2)
        for widget in (self.new_role, self.new_responsibility, self.add_button):
            row.addWidget(widget)
        self.layout_.addLayout(row)
        for control in (self.new_name, self.new_role, self.new_responsibility, self.add_button):
            control.setEnabled(prepare is not None)

    def _role_chosen(self) -> None:
        # Children do not hold parental responsibility for anyone at a conference.
        child = self.new_role.currentData() in (PersonRole.CHILD.value, PersonRole.UNBORN.value)
        if child:
            self.new_responsibility.setChecked(False)
        self.new_responsibility.setEnabled(self.prepare is not None and not child)

    def add_person(self) -> None:
        name = self.new_name.text().strip()
        if not name or self.family_id is None or self.prepare is None:
            self.new_name.setFocus()
            return
        new = NewPerson(
            name,
            PersonRole(self.new_role.currentData()),
            parental_responsibility=self.new_responsibility.isChecked(),
        )
        if self._call(self.prepare.add_person, self.family_id, new):
            self.new_name.clear()
            self.new_responsibility.setChecked(False)
            self.added.emit()
            self.new_name.setFocus()


class InviteesSection(TableSection):
    """Who is invited, their agency, and whether they came."""

    def __init__(self, prepare: PrepareService | None, parent: QWidget | None = None) -> None:
        model = InviteeTableModel(prepare)
        super().__init__(self.tr("Invitees and agencies"), model, parent)
        self.prepare = prepare
        self.model: InviteeTableModel = model
        self.stretch("Agency", "Job title", "Present for")
        self.table.setItemDelegateForColumn(
            model.attendance_column, ChoiceDelegate(ATTENDANCE_CHOICES, self.table)
        )
        model.present_for_needed.connect(self._ask_present_for)
        note = QLabel(
            self.tr(
                'For someone at part of the meeting, choose "Part of the meeting" and say which '
                "items they were present for. Someone who attended stays on the record."
            )
        )
        note.setWordWrap(True)
        note.setAccessibleName(self.tr("About attendance"))
        self.layout_.addWidget(note)
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
        self.remove_button = QPushButton(self.tr("Remove invitee"))
        self.remove_button.setAccessibleName(self.tr("Remove the selected invitee"))
        self.remove_button.setToolTip(self.tr("Take the selected person off the invitation list"))
        self.remove_button.clicked.connect(self.remove_selected)
        for widget in (self.new_name, self.new_role, self.new_agency, self.add_button):
            row.addWidget(widget)
        row.addSpacing(16)
        row.addWidget(self.remove_button)
        self.layout_.addLayout(row)
        for widget in (self.new_name, self.new_role, self.new_agency, self.add_button):
            widget.setEnabled(prepare is not None)
        self.table.selectionModel().currentChanged.connect(self._update_remove)
        model.modelReset.connect(self._update_remove)
        self._update_remove()

    added = Signal()
    removed = Signal()

    def _update_remove(self) -> None:
        self.remove_button.setEnabled(
            self.prepare is not None and self.table.currentIndex().isValid()
        )

    def _ask_present_for(self, row: int) -> None:
        index = self.model.index(row, self.model.present_for_column)
        # After the attendance editor has closed, open the "present for" cell for typing.
        QTimer.singleShot(0, lambda: self._edit(index))

    def _edit(self, index: QModelIndex) -> None:
        self.table.setCurrentIndex(index)
        self.table.setFocus()
        self.table.edit(index)

    def remove_selected(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid() or self.prepare is None:
            return
        participant: ParticipantView = self.model.row_at(index)
        done, _ = self._attempt(self.prepare.remove_participant, participant.id)
        if done:
            self.removed.emit()
            self.table.setFocus()

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

    def __init__(self, prepare: PrepareService | None, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Reports received"), ReportTimingTableModel(prepare), parent)
        self.stretch("Agency", "Title")
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
