"""Everyone's 0 to 10 score with a reason, and the spread of scores drawn on a line."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QStringListModel, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QCompleter,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from chairdesk.views import ParticipantView, PersonView, ScalingSpread, ScalingView


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


class ScalingPanel(QGroupBox):
    """Asks for a score to be recorded; shows the scores and their spread."""

    # name, participant id, score, why, child id (None: overall)
    scaling_requested = Signal(str, object, int, str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr(
                "Scaling: 0 means the children cannot live at home, "
                "10 means everyone agrees they are safe enough to close"
            ),
            parent,
        )
        self.setAccessibleName(self.tr("Scaling"))
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
        self.reason = QLineEdit(self)
        self.reason.setAccessibleName(self.tr("Why this score"))
        self.reason.returnPressed.connect(self.request)
        self.record_button = QPushButton(self.tr("Record score"), self)
        self.record_button.setAccessibleName(self.tr("Record score"))
        self.record_button.clicked.connect(self.request)
        self.table = QTableWidget(0, 4, self)
        self.table.setAccessibleName(self.tr("Scores recorded"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Who"), self.tr("For"), self.tr("Score"), self.tr("Why")]
        )
        self.table.horizontalHeader().setStretchLastSection(True)
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
        for row, scaling in enumerate(scalings):
            target = self._children.get(scaling.child_id or -1, self.tr("Overall"))
            for column, value in enumerate(
                (scaling.scorer_name, target, str(scaling.score), scaling.reason)
            ):
                self.table.setItem(row, column, QTableWidgetItem(value))
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
