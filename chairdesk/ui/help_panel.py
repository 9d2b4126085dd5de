"""The F1 help panel: what to do next on this page, its keys, and every other shortcut."""

from __future__ import annotations

import html
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
    """This page's next steps and keys first, then the keys that work everywhere.

    Nothing here changes data.
    """

    def __init__(
        self,
        shortcuts: Sequence[tuple[str, str]],
        parent: QWidget | None = None,
        *,
        page_title: str = "",
        page_keys: Sequence[tuple[str, str]] = (),
        next_steps: Sequence[str] = (),
    ) -> None:
        super().__init__(parent)
        title = (
            self.tr("ChairDesk help: the {0} page").format(page_title)
            if page_title
            else self.tr("ChairDesk help: keyboard shortcuts")
        )
        self.setWindowTitle(title)
        self.setAccessibleName(self.tr("Help: keyboard shortcuts"))
        self.resize(640, 560)
        layout = QVBoxLayout(self)
        self.next_steps = QLabel(self)
        self.next_steps.setWordWrap(True)
        self.next_steps.setAccessibleName(self.tr("What to do next"))
        self.next_steps.setTextFormat(Qt.TextFormat.RichText)
        if next_steps:
            items = "".join(f"<li>{html.escape(step)}</li>" for step in next_steps)
            self.next_steps.setText(
                f"<b>{html.escape(self.tr('What to do next'))}</b><ul>{items}</ul>"
            )
        self.next_steps.setVisible(bool(next_steps))
        layout.addWidget(self.next_steps)
        intro = QLabel(
            self.tr(
                "Everything in ChairDesk works from the keyboard. Your work is saved as you type: "
                'the status bar says "Saved" once it is safely stored.'
            )
        )
        intro.setWordWrap(True)
        intro.setAccessibleName(self.tr("About saving and the keyboard"))
        layout.addWidget(intro)

        listed = {keys for keys, _ in page_keys}
        rows = [*page_keys, *[r for r in (*shortcuts, *GENERAL_KEYS) if r[0] not in listed]]
        self.page_key_count = len(page_keys)
        self.table = QTableWidget(len(rows), 2)
        self.table.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.table.setHorizontalHeaderLabels([self.tr("Keys"), self.tr("What they do")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        for number, (keys, meaning) in enumerate(rows):
            where = self.tr("this page") if number < self.page_key_count else ""
            for column, text in enumerate((keys, meaning)):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                if where:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                    item.setToolTip(self.tr("A key on this page"))
                self.table.setItem(number, column, item)
        self.table.resizeRowsToContents()
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName(self.tr("Close help"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def shortcut_texts(self) -> list[str]:
        items = (self.table.item(row, 0) for row in range(self.table.rowCount()))
        return [item.text() for item in items if item is not None]

    def page_shortcut_texts(self) -> list[str]:
        """The keys listed for the page the chair was on (shown first, in bold)."""
        return self.shortcut_texts()[: self.page_key_count]

    def next_steps_text(self) -> str:
        return self.next_steps.text()
