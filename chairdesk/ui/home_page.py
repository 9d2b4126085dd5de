"""Home: conferences today and upcoming, what is due or overdue, and search."""

from __future__ import annotations

import html
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from chairdesk.ui.home_due import due_items
from chairdesk.ui.models import ConferenceTableModel, DueItemTableModel


def _table(name: str) -> QTableView:
    table = QTableView()
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)  # Tab leaves the table: the page stays keyboard-friendly
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _heading(text: str) -> QLabel:
    # Rich text headings grow with the application font when the chair scales the text.
    label = QLabel(_heading_html(text))
    label.setAccessibleName(text)
    return label


def _heading_html(text: str) -> str:
    return f"<h3>{html.escape(text)}</h3>"


class HomePage(QWidget):
    """The first page. Emits conference_requested when the chair opens a conference."""

    conference_requested = Signal(int)

    def __init__(self, services: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.today: date | None = None
        self._due_loaded = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)

        self.search = QLineEdit()
        self.search.setPlaceholderText(
            self.tr("Search by family name, child's name or case reference")
        )
        self.search.setAccessibleName(self.tr("Search conferences"))
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self._open_from_search)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(150)
        self._search_timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(self._search_timer.start)
        layout.addWidget(self.search)

        self.conference_heading = _heading(self.tr("Today and upcoming"))
        layout.addWidget(self.conference_heading)
        self.conference_model = ConferenceTableModel(self)
        self.conference_table = _table(self.tr("Conferences"))
        self.conference_table.setModel(self.conference_model)
        self.conference_table.activated.connect(self._open_conference)
        layout.addWidget(self.conference_table, 3)
        self.empty_note = QLabel()
        self.empty_note.setAccessibleName(self.tr("No conferences"))
        self.empty_note.hide()
        layout.addWidget(self.empty_note)

        layout.addWidget(_heading(self.tr("Due or overdue")))
        self.due_model = DueItemTableModel(self)
        self.due_table = _table(self.tr("Due or overdue"))
        self.due_table.setModel(self.due_model)
        self.due_table.activated.connect(self._open_due)
        layout.addWidget(self.due_table, 2)
        self.due_note = QLabel(self.tr("Nothing is due or overdue."))
        self.due_note.setAccessibleName(self.tr("Nothing due"))
        self.due_note.hide()
        layout.addWidget(self.due_note)
        self.setTabOrder(self.search, self.conference_table)
        self.setTabOrder(self.conference_table, self.due_table)

    def refresh(self, today: date | None = None) -> None:
        """Reload the lists (after a conference changed, or when the page is shown)."""
        self.today = today or self.services.context.today()
        self.run_search()
        if self.due_model.rowCount() == 0 and not self._due_loaded:
            # The first time, the list of what is due follows just after the page is painted.
            self.due_note.setText(self.tr("Checking what is due…"))
            self.due_note.show()
            self.due_table.hide()
            QTimer.singleShot(0, self.refresh_due)
        else:
            self.refresh_due()

    def refresh_due(self) -> None:
        self._due_loaded = True
        self.due_model.set_rows(
            due_items(self.services, self.today or self.services.context.today())
        )
        self.due_note.setText(self.tr("Nothing is due or overdue."))
        self.due_note.setVisible(self.due_model.rowCount() == 0)
        self.due_table.setVisible(self.due_model.rowCount() > 0)

    def run_search(self) -> None:
        text = self.search.text().strip()
        if text:
            rows = self.services.conferences.search(text)
            self.conference_heading.setText(_heading_html(self.tr("Search results")))
            empty = self.tr("No conference matches \u201c{0}\u201d.").format(text)
        else:
            rows = self.services.conferences.list_upcoming(self.today)
            self.conference_heading.setText(_heading_html(self.tr("Today and upcoming")))
            empty = self.tr("No conferences are booked from today.")
        self.conference_model.set_rows(rows)
        self.empty_note.setText(empty)
        self.empty_note.setVisible(not rows)
        self.conference_table.setVisible(bool(rows))
        if rows:
            self.conference_table.selectRow(0)

    def _open_conference(self, index: QModelIndex) -> None:
        if index.isValid():
            self.conference_requested.emit(self.conference_model.conference_id(index.row()))

    def _open_due(self, index: QModelIndex) -> None:
        if index.isValid():
            self.conference_requested.emit(self.due_model.conference_id(index.row()))

    def _open_from_search(self) -> None:
        self._search_timer.stop()
        self.run_search()
        if self.conference_model.rowCount() == 1:
            self.conference_requested.emit(self.conference_model.conference_id(0))
        elif self.conference_model.rowCount() > 1:
            self.conference_table.setFocus(Qt.FocusReason.TabFocusReason)
