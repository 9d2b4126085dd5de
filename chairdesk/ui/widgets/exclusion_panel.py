"""Who has been asked to leave part of the conference, when, and why."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from chairdesk.views import ExclusionView


class ExclusionPanel(QGroupBox):
    exclude_requested = Signal()
    end_requested = Signal(int)  # exclusion id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Exclusions"), parent)
        self.setAccessibleName(self.tr("Exclusions"))
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Exclusions recorded"))
        self.list.setMaximumHeight(90)
        self.none_yet = QLabel(self.tr("No one has been excluded."), self)
        self.none_yet.setStyleSheet("color: #555;")
        self.exclude_button = QPushButton(self.tr("Exclude…"), self)
        self.exclude_button.setAccessibleName(self.tr("Exclude a participant"))
        self.exclude_button.setToolTip(self.tr("Ctrl+Shift+E"))
        self.exclude_button.clicked.connect(self.exclude_requested)
        self.end_button = QPushButton(self.tr("Returned"), self)
        self.end_button.setAccessibleName(self.tr("End the selected exclusion"))
        self.end_button.clicked.connect(self._end)
        buttons = QHBoxLayout()
        buttons.addWidget(self.exclude_button)
        buttons.addWidget(self.end_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.none_yet)
        layout.addWidget(self.list)
        layout.addLayout(buttons)

    def show_exclusions(self, exclusions: Sequence[ExclusionView]) -> None:
        self.list.clear()
        for exclusion in exclusions:
            until = exclusion.ended_at.strftime("%H:%M") if exclusion.ended_at else self.tr("now")
            text = (
                f"{exclusion.participant_name}, {exclusion.started_at:%H:%M} to {until}: "
                f"{exclusion.reason}"
            )
            row = QListWidgetItem(text, self.list)
            row.setData(Qt.ItemDataRole.UserRole, exclusion.id)
            row.setData(Qt.ItemDataRole.UserRole + 1, exclusion.ended_at is None)
            if exclusion.ended_at is None:
                self.list.setCurrentItem(row)
        self.end_button.setEnabled(any(e.ended_at is None for e in exclusions))
        self.list.setVisible(bool(exclusions))
        self.none_yet.setVisible(not exclusions)

    def _end(self) -> None:
        row = self.list.currentItem()
        if row is not None and row.data(Qt.ItemDataRole.UserRole + 1):
            self.end_requested.emit(int(row.data(Qt.ItemDataRole.UserRole)))
