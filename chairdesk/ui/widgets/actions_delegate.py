"""Editors for the actions table: a typed date that may be left unset, and a status list."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from chairdesk.domain import ActionStatus
from chairdesk.typed_dates import DateNotUnderstoodError
from chairdesk.ui.widgets.actions_model import DATE_COLUMN, STATUS_COLUMN
from chairdesk.ui.widgets.date_field import DateField

Index = QModelIndex | QPersistentModelIndex


class ActionsDelegate(QStyledItemDelegate):
    """Knows the editor that is open, so the page can commit it when the window closes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.open_editor: QWidget | None = None
        self.opens_at: date | None = None  # where an empty date's calendar opens (the meeting)

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
            field = DateField(opens_at=self.opens_at, name=self.tr("By when"), parent=parent)
            field.setAutoFillBackground(True)
            field.use_in_table()
            return field
        editor = super().createEditor(parent, option, index)
        editor.setAccessibleName(
            str(index.model().headerData(index.column(), Qt.Orientation.Horizontal))
        )
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        value: Any = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(value)))
        elif isinstance(editor, DateField):
            valid = isinstance(value, QDate) and value.isValid()
            editor.set_date(value.toPython() if valid else None)
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, DateField):
            try:
                chosen = editor.value()
            except DateNotUnderstoodError as error:
                # Never dropped without a word: the table says what was typed and how to type it.
                error_occurred = getattr(model, "error_occurred", None)
                if error_occurred is not None:
                    error_occurred.emit(str(error))
                return
            model.setData(index, chosen, Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)
