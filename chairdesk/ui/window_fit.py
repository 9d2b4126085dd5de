"""The window fitted to the screen it opens on, and the other screen for the parents' window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

PREFERRED = (1280, 800)


def fit_to_screen(window: QWidget) -> None:
    """At most the screen's available area (without the taskbar), and no more than needed.

    On a 1366×768 laptop the window fills what the taskbar leaves (less the title bar); on a
    larger screen it opens at the preferred size, centred.
    """
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        window.resize(*PREFERRED)
        return
    area = screen.availableGeometry()
    frame = 40  # the title bar and borders the window manager adds
    # A laptop's screen is all used; a large monitor gets the preferred size.
    small = area.width() < 1440 or area.height() < 900
    width = area.width() if small else PREFERRED[0]
    height = area.height() - frame if small else PREFERRED[1]
    window.setMinimumSize(min(window.minimumWidth(), width), min(window.minimumHeight(), height))
    window.resize(width, height)
    if small:  # and maximised, so the title bar and borders stay on the screen too
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
    window.move(
        area.x() + (area.width() - width) // 2,
        area.y() + max(0, (area.height() - frame - height) // 2),
    )


def other_screen(window: QWidget) -> QScreen | None:
    """A screen other than the window's own (a projector or second monitor), or None."""
    own = window.screen()
    for screen in QGuiApplication.screens():
        if screen is not own:
            return screen
    return None
