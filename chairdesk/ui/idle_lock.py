"""Locks ChairDesk after the council's idle time without a key press, click or wheel."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

_ACTIVITY = (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel)


class IdleLock(QObject):
    """Calls `lock` once `seconds` pass with no key, click or wheel anywhere in the application.

    The countdown starts at once; activity is heard from `watch_activity` on. The window calls
    that after Home's first paint: an application-wide event filter from the first moment makes
    PySide6 wrap Qt's private window classes (137 enums) before Home is on screen.
    """

    def __init__(self, seconds: int, lock: Callable[[], object], parent: QObject) -> None:
        super().__init__(parent)
        self._paused = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(lock)
        self._seconds = 0
        self.set_seconds(seconds)

    def seconds(self) -> int:
        return self._seconds

    def set_seconds(self, seconds: int) -> None:
        """Lock after this long without activity; the countdown starts again."""
        self._seconds = int(seconds)
        self._timer.setInterval(self._seconds * 1000)
        if not self._paused:
            self._timer.start()

    def watch_activity(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def pause(self) -> None:
        """While locked: no countdown, and activity does not count."""
        self._paused = True
        self._timer.stop()

    def resume(self) -> None:
        self._paused = False
        self._timer.start()

    def stop(self) -> None:
        """For good (the window is closing)."""
        self.pause()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._paused and event.type() in _ACTIVITY:
            self._timer.start()
        return False
