"""The level of risk over time: each conference's overall scaling, median with its spread."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from chairdesk.views import ScalingPoint

SCALE_MAX = 10
SCALE_MEANING = (
    "0 means the children cannot live at home; 10 means everyone agrees they are safe "
    "enough for the plan to end"
)


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _short_day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def _score(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:.1f}"


def describe(points: Sequence[ScalingPoint]) -> str:
    """The chart in words, for screen readers and for anyone who prefers numbers."""
    if not points:
        return "No conference has recorded the level of risk yet."
    parts = []
    for point in points:
        if point.median is None:
            parts.append(f"{_day(point.held_on)}: no overall scaling recorded")
        elif point.low is not None and point.high is not None and point.low != point.high:
            parts.append(
                f"{_day(point.held_on)}: {_score(point.median)} out of {SCALE_MAX} "
                f"(scores from {point.low} to {point.high})"
            )
        else:
            parts.append(f"{_day(point.held_on)}: {_score(point.median)} out of {SCALE_MAX}")
    return f"Level of risk over time ({SCALE_MEANING}). " + "; ".join(parts) + "."


class RiskChart(QWidget):
    """A small chart: a dot at each conference's median score, a whisker from low to high."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._points: tuple[ScalingPoint, ...] = ()
        self.setAccessibleName(self.tr("Level of risk over time"))
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a screen reader can land on it
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.set_points(())

    def points(self) -> tuple[ScalingPoint, ...]:
        return self._points

    def set_points(self, points: Sequence[ScalingPoint]) -> None:
        self._points = tuple(points)
        self.setAccessibleDescription(describe(self._points))
        self.setToolTip(describe(self._points))
        self.update()

    def description(self) -> str:
        return self.accessibleDescription()

    def sizeHint(self) -> QSize:
        line = QFontMetrics(self.font()).height()
        return QSize(max(320, 130 * len(self._points) + 60), 11 * line + 24)

    def minimumSizeHint(self) -> QSize:
        return QSize(260, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        del event
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        ink = palette.color(QPalette.ColorRole.WindowText)
        faint = QColor(ink)
        faint.setAlpha(60)
        accent = palette.color(QPalette.ColorRole.Highlight)
        metrics = QFontMetrics(self.font())
        line = metrics.height()
        axis_width = metrics.horizontalAdvance("10") + 10
        plot = QRectF(
            axis_width + 4, line, self.width() - axis_width - 16, self.height() - 3.2 * line
        )
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))

        def y_of(score: float) -> float:
            return plot.bottom() - plot.height() * score / SCALE_MAX

        for score in range(0, SCALE_MAX + 1, 2):
            y = y_of(score)
            painter.setPen(QPen(faint, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(ink)
            painter.drawText(
                QRectF(0, y - line / 2, axis_width, line),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                str(score),
            )
        if not self._points:
            painter.setPen(ink)
            painter.drawText(plot, int(Qt.AlignmentFlag.AlignCenter), self.tr("No scaling yet"))
            painter.end()
            return
        step = plot.width() / len(self._points)
        previous: QPointF | None = None
        for index, point in enumerate(self._points):
            x = plot.left() + step * (index + 0.5)
            label = QRectF(x - step / 2, plot.bottom() + 4, step, line)
            painter.setPen(ink)
            painter.drawText(label, int(Qt.AlignmentFlag.AlignHCenter), _short_day(point.held_on))
            if point.median is None:
                painter.drawText(
                    QRectF(x - step / 2, y_of(5) - line / 2, step, line),
                    int(Qt.AlignmentFlag.AlignCenter),
                    self.tr("not scaled"),
                )
                continue
            if point.low is not None and point.high is not None:
                painter.setPen(QPen(ink, 2))
                top, bottom = y_of(point.high), y_of(point.low)
                painter.drawLine(QPointF(x, top), QPointF(x, bottom))
                painter.drawLine(QPointF(x - 8, top), QPointF(x + 8, top))
                painter.drawLine(QPointF(x - 8, bottom), QPointF(x + 8, bottom))
            centre = QPointF(x, y_of(point.median))
            if previous is not None:
                painter.setPen(QPen(accent, 2, Qt.PenStyle.DashLine))
                painter.drawLine(previous, centre)
            previous = centre
            painter.setPen(QPen(ink, 1.5))
            painter.setBrush(accent)
            painter.drawEllipse(centre, 6, 6)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(ink)
            text = _score(point.median)
            painter.drawText(
                QRectF(x + 12, centre.y() - line / 2, step / 2, line),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                text,
            )
        painter.end()
