"""What the main window turns on once Home has been painted and the ORM's warm-up is done.

Application-wide event filters run Python for every event of every window. Installed before
Home's first paint they slow it (PySide6 wraps Qt's private classes as their events arrive);
installed while the warm-up thread imports the ORM, each event waits for the interpreter and
the window stalls for tens of milliseconds. So the main window installs them afterwards.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from chairdesk.ui.widgets.wheel_guard import GUARDED, WheelGuard


def guard_the_wheel(app: QApplication) -> WheelGuard:
    """`install_wheel_guard` without walking (and wrapping) every widget of the application:
    only the drop-downs and number boxes of the windows open so far get their focus set.
    Installed once; later calls return the same guard."""
    existing = getattr(app, "wheel_guard", None)
    if isinstance(existing, WheelGuard):
        return existing
    guard = WheelGuard(app)
    app.installEventFilter(guard)
    app.wheel_guard = guard  # type: ignore[attr-defined]
    for window in QApplication.topLevelWidgets():
        for kind in GUARDED:
            for control in window.findChildren(kind):
                control.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return guard
