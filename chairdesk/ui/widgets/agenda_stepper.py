"""The agenda down the side: where the meeting is, what is done, and how to move on."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from chairdesk.domain import AgendaStatus
from chairdesk.views import AgendaItemView

_MARKS = {
    AgendaStatus.PENDING: "  ",
    AgendaStatus.IN_PROGRESS: "▶",
    AgendaStatus.DONE: "✓",
    AgendaStatus.SKIPPED: "–",
}


class AgendaStepper(QWidget):
    """Lists the agenda; selecting shows an item, Enter or Start begins it."""

    shown_item_changed = Signal(int)
    start_requested = Signal(int)
    next_requested = Signal()
    previous_requested = Signal()
    skip_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: tuple[AgendaItemView, ...] = ()
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Agenda"))
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setSpacing(2)
        self.list.currentRowChanged.connect(self._on_row)
        self.list.itemActivated.connect(lambda row: self.start_requested.emit(self._id(row)))
        self.previous_button = QPushButton(self.tr("◀ Previous"), self)
        self.previous_button.setAccessibleName(self.tr("Previous agenda item"))
        self.previous_button.setToolTip(self.tr("Alt+Left"))
        self.previous_button.clicked.connect(self.previous_requested)
        self.next_button = QPushButton(self.tr("Next ▶"), self)
        self.next_button.setAccessibleName(self.tr("Start the next agenda item"))
        self.next_button.setToolTip(self.tr("Alt+Right"))
        self.next_button.clicked.connect(self.next_requested)
        self.skip_button = QPushButton(self.tr("Skip…"), self)
        self.skip_button.setAccessibleName(self.tr("Skip the selected agenda item"))
        self.skip_button.clicked.connect(self._skip)
        buttons = QHBoxLayout()
        buttons.addWidget(self.previous_button)
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.skip_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)

    def show_agenda(self, items: Sequence[AgendaItemView], shown_id: int | None) -> None:
        self.items = tuple(items)
        self.list.blockSignals(True)
        self.list.clear()
        for item in self.items:
            row = QListWidgetItem(f"{_MARKS[item.status]}  {item.title}", self.list)
            row.setData(Qt.ItemDataRole.UserRole, item.id)
            row.setToolTip(item.reason or item.status.value.replace("_", " "))
            if item.status == AgendaStatus.IN_PROGRESS:
                font = row.font()
                font.setBold(True)
                row.setFont(font)
        for index, item in enumerate(self.items):
            if item.id == shown_id:
                self.list.setCurrentRow(index)
        self.list.blockSignals(False)

    def shown_id(self) -> int | None:
        row = self.list.currentItem()
        return self._id(row) if row is not None else None

    def _on_row(self, row: int) -> None:
        if 0 <= row < len(self.items):
            self.shown_item_changed.emit(self.items[row].id)

    def _skip(self) -> None:
        shown = self.shown_id()
        if shown is not None:
            self.skip_requested.emit(shown)

    @staticmethod
    def _id(row: QListWidgetItem) -> int:
        return int(row.data(Qt.ItemDataRole.UserRole))
