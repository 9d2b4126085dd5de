"""Danger statements, each paired with its safety goal, saving as the chair types."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from chairdesk.ui.widgets.autosave import AutosaveField
from chairdesk.views import DangerStatementView


class DangerPanel(QGroupBox):
    """Each row: what we are worried will happen, and what safety looks like instead."""

    save_state_changed = Signal(str)
    add_requested = Signal(str, str)  # danger, safety goal
    changed = Signal()

    def __init__(self, analysis: Any, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Danger statements and safety goals"), parent)
        self.setAccessibleName(self.title())
        self._analysis = analysis
        self._grid = QGridLayout(self)
        self.fields: list[AutosaveField] = []
        self.add_button = QPushButton(self.tr("Add a danger statement"), self)
        self.add_button.setAccessibleName(self.tr("Add a danger statement and safety goal"))
        self.add_button.clicked.connect(self.request)
        self.new_danger = QLineEdit(self)
        self.new_danger.setPlaceholderText(self.tr("New danger statement"))
        self.new_danger.setAccessibleName(self.tr("New danger statement"))
        self.new_goal = QLineEdit(self)
        self.new_goal.setPlaceholderText(self.tr("Its safety goal"))
        self.new_goal.setAccessibleName(self.tr("Safety goal for the new danger statement"))
        self.new_goal.returnPressed.connect(self.request)
        self.new_danger.returnPressed.connect(self.new_goal.setFocus)

    def request(self) -> None:
        if not self.new_danger.text().strip():
            self.new_danger.setFocus()
            return
        self.add_requested.emit(self.new_danger.text().strip(), self.new_goal.text().strip())

    def statement_added(self) -> None:
        self.new_danger.clear()
        self.new_goal.clear()
        self.new_danger.setFocus()

    def show_statements(self, statements: Sequence[DangerStatementView]) -> None:
        while self._grid.count():
            widget = self._grid.takeAt(0).widget()
            keep = (self.add_button, self.new_danger, self.new_goal)
            if widget is not None and widget not in keep:
                widget.deleteLater()
        self.fields = []
        self._grid.addWidget(QLabel(self.tr("<b>Danger statement</b>"), self), 0, 0)
        self._grid.addWidget(QLabel(self.tr("<b>Safety goal</b>"), self), 0, 1)
        for row, statement in enumerate(statements, start=1):
            danger = AutosaveField(
                lambda text, sid=statement.id: self._analysis.update_danger_statement(
                    sid, danger=text
                ),
                statement.danger,
                self,
            )
            danger.setAccessibleName(self.tr("Danger statement %1").replace("%1", str(row)))
            goal = AutosaveField(
                lambda text, sid=statement.id: self._analysis.update_danger_statement(
                    sid, safety_goal=text
                ),
                statement.safety_goal,
                self,
            )
            goal.setAccessibleName(self.tr("Safety goal %1").replace("%1", str(row)))
            for field, column in ((danger, 0), (goal, 1)):
                field.save_state_changed.connect(self.save_state_changed)
                field.saved.connect(self.changed)
                self._grid.addWidget(field, row, column)
                self.fields.append(field)
        last = len(statements) + 1
        self._grid.addWidget(self.new_danger, last, 0)
        self._grid.addWidget(self.new_goal, last, 1)
        self._grid.addWidget(self.add_button, last + 1, 0)
