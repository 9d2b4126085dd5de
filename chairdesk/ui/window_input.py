"""The chair's input, heard once per window rather than once per widget.

Keys, clicks and the wheel come from the system to a top-level window (a QWindow) before Qt
hands them to the widget they are for. One event filter on each such window hears them all:
the idle lock counts them as activity, and the wheel guard (ui/widgets/wheel_guard.py) stops
a wheel meant for a drop-down or number box the chair has not clicked into.

Why not one filter on the whole application: that runs Python for every event of every widget
(each one made, polished, laid out, shown and painted), about ten per widget. Opening a
1,500-entry conference makes hundreds of widgets, and those calls were a fifth to a third of the
open's longest stall. A window sees a few events per paint and the chair's own input.

Windows are watched as they appear: those open when watching starts, and all those open
whenever the focus moves to another window (a dialog, the parents' screen opened meanwhile); a
window becoming active is itself activity.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QGuiApplication, QWheelEvent, QWindow
from PySide6.QtWidgets import QApplication

from chairdesk.ui.widgets.wheel_guard import guard_wheel

ACTIVITY = (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel)


class WindowInput(QObject):
    """One filter on every top-level window: `activity` on a key, click or wheel; the wheel
    guarded. Made once per application by `watch_windows`."""

    activity = Signal()

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        app.focusWindowChanged.connect(self._focus_moved)
        self.watch_all()

    def watch_all(self) -> None:
        """Watch every top-level window open now (installing twice does nothing more)."""
        for window in QGuiApplication.topLevelWindows():
            window.installEventFilter(self)

    def _focus_moved(self, window: QWindow | None) -> None:
        # Every window open by now (the parents' screen, which never takes the focus, too).
        self.watch_all()
        if window is not None:
            self.activity.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in ACTIVITY:
            return False
        self.activity.emit()
        if kind == QEvent.Type.Wheel and isinstance(event, QWheelEvent):
            return guard_wheel(watched, event)
        return False


def watch_windows(app: QApplication) -> WindowInput:
    """The application's window watcher, made the first time it is asked for."""
    existing = getattr(app, "window_input", None)
    if isinstance(existing, WindowInput):
        return existing
    watcher = WindowInput(app)
    app.window_input = watcher  # type: ignore[attr-defined]
    return watcher


__all__ = ["ACTIVITY", "WindowInput", "watch_windows"]
