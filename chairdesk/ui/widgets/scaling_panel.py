"""Everyone's 0 to 10 score with a reason and who sees it, and the spread drawn on a line."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QStringListModel, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QPainter, QPaintEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QCompleter,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from chairdesk.ui.widgets.long_text_box import LongTextBox
from chairdesk.ui.widgets.tab_order import keep_tab_order
from chairdesk.ui.widgets.visibility import VISIBILITY_SHORTCUT, RowVisibilityBadge
from chairdesk.views import ParticipantView, PersonView, ScalingSpread, ScalingView

if TYPE_CHECKING:
    from chairdesk.services.base import ServiceContext


class SpreadLine(QWidget):
    """A 0 to 10 line with a dot per score: agreement and disagreement at a glance."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scores: list[int] = []
        self.setMinimumHeight(44)
        self.setAccessibleName(self.tr("Spread of scores from 0 to 10"))

    def set_scores(self, scores: Sequence[int]) -> None:
        self.scores = sorted(scores)
        self.setAccessibleDescription(", ".join(str(s) for s in self.scores))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        left, right = 16.0, float(self.width() - 16)
        y = 16.0
        painter.setPen(QColor("#777"))
        painter.drawLine(int(left), int(y), int(right), int(y))
        step = (right - left) / 10
        for mark in range(11):
            x = left + mark * step
            painter.drawLine(int(x), int(y - 4), int(x), int(y + 4))
            painter.drawText(QRectF(x - 10, y + 6, 20, 16), Qt.AlignmentFlag.AlignCenter, str(mark))
        painter.setBrush(QColor("#1565c0"))
        painter.setPen(Qt.PenStyle.NoPen)
        stacked: dict[int, int] = {}
        for score in self.scores:
            height = stacked.get(score, 0)
            stacked[score] = height + 1
            painter.drawEllipse(QRectF(left + score * step - 5, y - 5 - height * 7, 10, 10))


WHO_SEES_COLUMN = 4


class ScalingPanel(QGroupBox):
    """Asks for a score to be recorded; shows the scores, who sees each, and their spread.

    A score is shared with parents or kept for professionals (it has no list of people to be
    withheld from), so its badge offers only those two.
    """

    # name, participant id, score, why, child id (None: overall)
    scaling_requested = Signal(str, object, int, str, object)
    visibility_requested = Signal(int, object)  # scaling id, Visibility

    def __init__(
        self, parent: QWidget | None = None, *, context: ServiceContext | None = None
    ) -> None:
        super().__init__(self.tr("Scaling"), parent)
        self.setAccessibleName(self.tr("Scaling"))
        # Wrapped under the title: a long title would make the panel wider than the page.
        self.meaning = QLabel(
            self.tr(
                "0 means the children cannot live at home; 10 means everyone agrees they are "
                "safe enough for the plan to end."
            ),
            self,
        )
        self.meaning.setWordWrap(True)
        self.meaning.setAccessibleName(self.tr("What the scores mean"))
        self._context = context
        self.badges: dict[int, RowVisibilityBadge] = {}  # by scaling id
        self._participants: dict[str, ParticipantView] = {}
        self._children: dict[int, str] = {}
        self.scorer = QLineEdit(self)
        self.scorer.setAccessibleName(self.tr("Who is scoring"))
        self._names = QStringListModel(self)
        completer = QCompleter(self._names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.scorer.setCompleter(completer)
        self.child = QComboBox(self)
        self.child.setAccessibleName(self.tr("Which child, or overall"))
        self.score = QSpinBox(self)
        self.score.setRange(0, 10)
        self.score.setValue(5)
        self.score.setAccessibleName(self.tr("Score from 0 to 10"))
        self.reason = LongTextBox(self, lines=2)
        self.reason.setAccessibleName(self.tr("Why this score"))
        self.reason.returnPressed.connect(self.request)
        self.record_button = QPushButton(self.tr("Record score"), self)
        self.record_button.setAccessibleName(self.tr("Record score"))
        self.record_button.clicked.connect(self.request)
        self.table = QTableWidget(0, 5, self)
        self.table.setAccessibleName(self.tr("Scores recorded"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Who"),
                self.tr("For"),
                self.tr("Score"),
                self.tr("Why"),
                self.tr("Who sees it"),
            ]
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        # Tab leaves the table for each score's badge, in row order.
        self.table.setTabKeyNavigation(False)
        shortcut = QShortcut(QKeySequence(VISIBILITY_SHORTCUT), self.table)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self._toggle_current)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setCornerButtonEnabled(False)
        corner = self.table.findChild(QAbstractButton, "qt_tableview_cornerbutton")
        if corner is not None:
            corner.setAccessibleName(self.tr("Select every score"))
        self.spread_line = SpreadLine(self)
        self.spread_label = QLabel(self)
        self.spread_label.setAccessibleName(self.tr("Spread of scores"))
        form = QGridLayout()
        for column, (text, widget) in enumerate(
            (
                (self.tr("&Who"), self.scorer),
                (self.tr("&For"), self.child),
                (self.tr("S&core"), self.score),
                (self.tr("W&hy"), self.reason),
            )
        ):
            label = QLabel(text, self)
            label.setBuddy(widget)
            form.addWidget(label, 0, column)
            form.addWidget(widget, 1, column)
        form.setColumnStretch(3, 1)
        form.addWidget(self.record_button, 1, 4)
        layout = QVBoxLayout(self)
        layout.addWidget(self.meaning)
        layout.addLayout(form)
        layout.addWidget(self.spread_line)
        layout.addWidget(self.spread_label)
        layout.addWidget(self.table)

    def set_people(
        self, participants: Sequence[ParticipantView], children: Sequence[PersonView]
    ) -> None:
        self._participants = {p.name: p for p in participants}
        self._names.setStringList([p.name for p in participants])
        self._children = {c.id: c.name for c in children}
        self.child.clear()
        self.child.addItem(self.tr("Overall"), None)
        for child in children:
            self.child.addItem(child.name, child.id)

    def show_scalings(self, scalings: Sequence[ScalingView], spread: ScalingSpread) -> None:
        self.table.setRowCount(len(scalings))
        self.badges = {}
        for row, scaling in enumerate(scalings):
            target = self._children.get(scaling.child_id or -1, self.tr("Overall"))
            for column, value in enumerate(
                (scaling.scorer_name, target, str(scaling.score), scaling.reason)
            ):
                self.table.setItem(row, column, QTableWidgetItem(value))
            self.table.setItem(row, WHO_SEES_COLUMN, QTableWidgetItem())
            self.table.setCellWidget(row, WHO_SEES_COLUMN, self._badge_cell(scaling))
        self._fit_rows(len(scalings))
        keep_tab_order([self.table, *self.badges.values()])
        self.spread_line.set_scores(
            [s.score for s in scalings if s.child_id is None] or [s.score for s in scalings]
        )
        if spread.count:
            self.spread_label.setText(
                self.tr("%1 scores overall: lowest %2, highest %3, middle %4")
                .replace("%1", str(spread.count))
                .replace("%2", str(spread.low))
                .replace("%3", str(spread.high))
                .replace("%4", f"{spread.median:g}")
            )
        else:
            self.spread_label.setText(self.tr("No overall scores yet"))

    def show_visibility_of(self, scaling: ScalingView) -> None:
        """Show a score's visibility once the services have stored it."""
        badge = self.badges.get(scaling.id)
        if badge is not None:
            badge.show_visibility(scaling.visibility)

    def _fit_rows(self, count: int) -> None:
        # Every score in view (up to a dozen) with its badge at its natural height, not
        # stretched to fill a cell.
        rows = self.table.verticalHeader()
        badge = next(iter(self.badges.values()), None)
        height = max(rows.defaultSectionSize(), badge.sizeHint().height() + 6 if badge else 0)
        rows.setDefaultSectionSize(height)
        frame = 2 * self.table.frameWidth()
        header = self.table.horizontalHeader().sizeHint().height()
        self.table.setMinimumHeight(header + frame + height * max(2, min(count, 12)))

    def _badge_cell(self, scaling: ScalingView) -> QWidget:
        cell = QWidget(self.table)
        layout = QHBoxLayout(cell)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(self._badge(scaling, cell), 0, Qt.AlignmentFlag.AlignVCenter)
        return cell

    def _badge(self, scaling: ScalingView, cell: QWidget) -> RowVisibilityBadge:
        if scaling.child_id is None:
            row_name = self.tr("Who sees %1's score").replace("%1", scaling.scorer_name)
        else:
            row_name = (
                self.tr("Who sees %1's score for %2")
                .replace("%1", scaling.scorer_name)
                .replace("%2", self._children.get(scaling.child_id, ""))
            )
        badge = RowVisibilityBadge(row_name, self.tr("score"), self._context, (), cell)
        badge.show_visibility(scaling.visibility)
        badge.visibility_requested.connect(
            lambda visibility, _withheld, sid=scaling.id: self.visibility_requested.emit(
                sid, visibility
            )
        )
        self.badges[scaling.id] = badge
        return badge

    def _toggle_current(self) -> None:
        row = self.table.currentRow()
        cell = self.table.cellWidget(row, WHO_SEES_COLUMN) if row >= 0 else None
        badge = cell.findChild(RowVisibilityBadge) if cell is not None else None
        if badge is not None:
            badge.toggle()

    def request(self) -> None:
        name = self.scorer.text().strip()
        reason = self.reason.text().strip()
        if not name:
            self.scorer.setFocus()
            return
        participant = self._participants.get(name)
        self.scaling_requested.emit(
            name,
            participant.id if participant else None,
            self.score.value(),
            reason,
            self.child.currentData(),
        )

    def scaling_recorded(self) -> None:
        self.scorer.clear()
        self.reason.clear()
        self.scorer.setFocus()
