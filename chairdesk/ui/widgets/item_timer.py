"""How long the current agenda item has been running, ticking once a second."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QWidget

from chairdesk.views import AgendaItemView


def _minutes(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60:d}:{seconds % 60:02d}"


class ItemTimer(QLabel):
    def __init__(self, clock: Callable[[], datetime], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self._item: AgendaItemView | None = None
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self.refresh)
        self.setAccessibleName(self.tr("Time on this item"))
        self.setStyleSheet("font-size: 16pt; color: #333;")
        self.show_item(None)

    def show_item(self, item: AgendaItemView | None) -> None:
        self._item = item
        if item is not None and item.started_at is not None and item.ended_at is None:
            self._tick.start()
        else:
            self._tick.stop()
        self.refresh()

    def refresh(self) -> None:
        item = self._item
        if item is None or item.started_at is None:
            self.setText(self.tr("Not started"))
        elif item.ended_at is None:
            elapsed = (self._clock() - item.started_at).total_seconds()
            self.setText(self.tr("%1 on this item").replace("%1", _minutes(elapsed)))
        else:
            took = (item.ended_at - item.started_at).total_seconds()
            self.setText(self.tr("Took %1").replace("%1", _minutes(took)))
        self.setAccessibleDescription(self.text())
