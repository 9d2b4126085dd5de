"""Editors for the actions table: a date that may be left unset, and a status list."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from chairdesk.domain import ActionStatus
from chairdesk.ui.widgets.actions_model import DATE_COLUMN, STATUS_COLUMN

Index = QModelIndex | QPersistentModelIndex
NO_DATE = QDate(2000, 1, 1)


class ActionsDelegate(QStyledItemDelegate):
    """Knows the editor that is open, so the page can commit it when the window closes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.open_editor: QWidget | None = None

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        self.open_editor = self._create(parent, option, index)
        return self.open_editor

    def destroyEditor(self, editor: QWidget, index: Index) -> None:
        # A table has one editor open at a time: whichever closes, none is open now.
        self.open_editor = None
        super().destroyEditor(editor, index)

    def commit_open_editor(self) -> None:
        if self.open_editor is not None:
            self.commitData.emit(self.open_editor)

    def _create(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        if index.column() == STATUS_COLUMN:
            combo = QComboBox(parent)
            combo.setAccessibleName(self.tr("Status"))
            for status in ActionStatus:
                combo.addItem(status.label, status.value)
            return combo
        if index.column() == DATE_COLUMN:
            editor = QDateEdit(parent)
            editor.setCalendarPopup(True)
            editor.setMinimumDate(NO_DATE)
            editor.setSpecialValueText(self.tr("Not set"))
            editor.setDisplayFormat("dd/MM/yyyy")
            editor.setAccessibleName(self.tr("By when"))
            return editor
        editor = super().createEditor(parent, option, index)
        editor.setAccessibleName(
            str(index.model().headerData(index.column(), Qt.Orientation.Horizontal))
        )
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        value: Any = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(value)))
        elif isinstance(editor, QDateEdit):
            editor.setDate(value if isinstance(value, QDate) and value.isValid() else NO_DATE)
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QDateEdit):
            chosen = editor.date()
            model.setData(index, None if chosen == NO_DATE else chosen, Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)
