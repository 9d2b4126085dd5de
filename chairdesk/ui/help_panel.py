"""The F1 help panel: every keyboard shortcut, and how to get around without a mouse."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

# Keys every page shares; the main window adds its own actions' shortcuts to these.
GENERAL_KEYS: tuple[tuple[str, str], ...] = (
    ("Tab / Shift+Tab", "Move to the next or previous control"),
    ("Enter", "Open the selected conference, or press the focused button"),
    ("Space", "Tick or untick the focused box"),
    ("F2", "Edit the selected cell in a table"),
    ("Escape", "Close this panel or a dialog without changing anything"),
)


class HelpPanel(QDialog):
    """A list of shortcuts, shown with F1. Nothing here changes data."""

    def __init__(self, shortcuts: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("ChairDesk help: keyboard shortcuts"))
        self.setAccessibleName(self.tr("Help: keyboard shortcuts"))
        self.resize(620, 520)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Everything in ChairDesk works from the keyboard. Your work is saved as you type: "
                'the status bar says "Saved" once it is safely stored.'
            )
        )
        intro.setWordWrap(True)
        intro.setAccessibleName(self.tr("About saving and the keyboard"))
        layout.addWidget(intro)

        rows = [*shortcuts, *GENERAL_KEYS]
        self.table = QTableWidget(len(rows), 2)
        self.table.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.table.setHorizontalHeaderLabels([self.tr("Keys"), self.tr("What they do")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        for number, (keys, meaning) in enumerate(rows):
            for column, text in enumerate((keys, meaning)):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(number, column, item)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName(self.tr("Close help"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def shortcut_texts(self) -> list[str]:
        return [self.table.item(row, 0).text() for row in range(self.table.rowCount())]
