"""Danger statements paired with safety goals, and who sees each; saving as the chair types."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QWidget,
)

from chairdesk.ui.widgets.autosave import AutosaveField
from chairdesk.ui.widgets.long_text_box import LongTextBox
from chairdesk.ui.widgets.share_choice import context_of
from chairdesk.ui.widgets.tab_order import keep_tab_order, widget_before
from chairdesk.ui.widgets.visibility import VISIBILITY_SHORTCUT, RowVisibilityBadge
from chairdesk.views import DangerStatementView

if TYPE_CHECKING:
    from chairdesk.services.analysis import AnalysisService


class DangerPanel(QGroupBox):
    """Each row: what we are worried will happen, what safety looks like instead, who sees it."""

    save_state_changed = Signal(str)
    add_requested = Signal(str, str)  # danger, safety goal
    changed = Signal()
    # danger statement id, Visibility, withheld person ids
    visibility_requested = Signal(int, object, tuple)

    def __init__(
        self,
        analysis: AnalysisService,
        parent: QWidget | None = None,
        *,
        people: Sequence[tuple[int, str]] = (),
    ) -> None:
        super().__init__(self.tr("Danger statements and safety goals"), parent)
        self.setAccessibleName(self.title())
        self._analysis = analysis
        self._people = tuple(people)
        self._grid = QGridLayout(self)
        self._grid.setColumnStretch(0, 1)
        self._grid.setColumnStretch(1, 1)
        self.fields: list[AutosaveField] = []
        self.badges: dict[int, RowVisibilityBadge] = {}  # by danger statement id
        self.add_button = QPushButton(self.tr("Add a danger statement"), self)
        self.add_button.setAccessibleName(self.tr("Add a danger statement and safety goal"))
        self.add_button.clicked.connect(self.request)
        self.new_danger = LongTextBox(self, lines=2)
        self.new_danger.setPlaceholderText(self.tr("New danger statement"))
        self.new_danger.setAccessibleName(self.tr("New danger statement"))
        self.new_goal = LongTextBox(self, lines=2)
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

    def show_visibility_of(self, statement: DangerStatementView) -> None:
        """Show a statement's visibility once the services have stored it."""
        badge = self.badges.get(statement.id)
        if badge is not None:
            badge.show_visibility(statement.visibility, statement.withheld_from)

    def show_statements(self, statements: Sequence[DangerStatementView]) -> None:
        keep = (self.add_button, self.new_danger, self.new_goal)
        before = self._widget_before()
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None and widget not in keep:
                widget.deleteLater()
        self.fields = []
        self.badges = {}
        self._grid.addWidget(QLabel(self.tr("<b>Danger statement</b>"), self), 0, 0)
        self._grid.addWidget(QLabel(self.tr("<b>Safety goal</b>"), self), 0, 1)
        self._grid.addWidget(QLabel(self.tr("<b>Who sees it</b>"), self), 0, 2)
        chain: list[QWidget] = [] if before is None else [before]
        for row, statement in enumerate(statements, start=1):
            chain += self._row(row, statement)
        last = len(statements) + 1
        self._grid.addWidget(self.new_danger, last, 0)
        self._grid.addWidget(self.new_goal, last, 1)
        self._grid.addWidget(self.add_button, last + 1, 0)
        for widget in (self.new_danger, self.new_goal, self.add_button):
            # Last among the panel's children, so a page tabbing in child order meets the rows
            # first, as they are drawn.
            widget.raise_()
        keep_tab_order([*chain, self.new_danger, self.new_goal, self.add_button])

    def _row(self, row: int, statement: DangerStatementView) -> list[QWidget]:
        danger = AutosaveField(partial(self._save_danger, statement.id), statement.danger, self)
        danger.setAccessibleName(self.tr("Danger statement %1").replace("%1", str(row)))
        goal = AutosaveField(partial(self._save_goal, statement.id), statement.safety_goal, self)
        goal.setAccessibleName(self.tr("Safety goal %1").replace("%1", str(row)))
        badge = RowVisibilityBadge(
            self.tr("Who sees danger statement %1").replace("%1", str(row)),
            self.tr("danger statement and its safety goal"),
            context_of(self._analysis),
            self._people,
            self,
        )
        badge.show_visibility(statement.visibility, statement.withheld_from)
        badge.visibility_requested.connect(
            lambda visibility, withheld, sid=statement.id: self.visibility_requested.emit(
                sid, visibility, tuple(withheld)
            )
        )
        self.badges[statement.id] = badge
        for field, column in ((danger, 0), (goal, 1)):
            field.save_state_changed.connect(self.save_state_changed)
            field.saved.connect(self.changed)
            self._grid.addWidget(field, row, column, Qt.AlignmentFlag.AlignTop)
            self.fields.append(field)
            shortcut = QShortcut(QKeySequence(VISIBILITY_SHORTCUT), field)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(badge.toggle)
        self._grid.addWidget(badge, row, 2, Qt.AlignmentFlag.AlignTop)
        return [danger, goal, badge]

    def _save_danger(self, statement_id: int, text: str) -> object:
        return self._analysis.update_danger_statement(statement_id, danger=text)

    def _save_goal(self, statement_id: int, text: str) -> object:
        return self._analysis.update_danger_statement(statement_id, safety_goal=text)

    def _widget_before(self) -> QWidget | None:
        """The widget Tab reaches just before this panel (new rows join the chain's end)."""
        return widget_before(self, self.new_danger)
