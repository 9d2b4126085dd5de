"""Locks ChairDesk after the council's idle time without a key press, click or wheel."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication


class IdleLock(QObject):
    """Calls `lock` once `seconds` pass with no key, click or wheel anywhere in the application.

    The countdown starts at once; activity is heard from `watch_activity` on, through the
    filter each top-level window has (ui/window_input.py). The window calls that after Home's
    first paint: watching the windows makes PySide6 wrap Qt's private window class (137 enums),
    which would delay Home.
    """

    def __init__(self, seconds: int, lock: Callable[[], object], parent: QObject) -> None:
        super().__init__(parent)
        self._paused = False
        self._watching = False
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
        if isinstance(app, QApplication) and not self._watching:
            from chairdesk.ui.window_input import watch_windows

            watch_windows(app).activity.connect(self._activity)
            self._watching = True

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
        watcher = getattr(app, "window_input", None)
        if self._watching and watcher is not None:
            watcher.activity.disconnect(self._activity)
            self._watching = False

    def _activity(self) -> None:
        if not self._paused:
            self._timer.start()
