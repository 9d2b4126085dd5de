"""The mouse wheel never changes a drop-down or a number box the chair has not clicked into.

A wheel turned over one without focus scrolls the page under it instead of changing its value,
and does not focus it either. The wheel is caught at the window, before Qt hands it to the
control (ui/window_input.py watches each window): the control never sees it, so Qt's "wheel
focus" never comes into play. Once clicked into or reached by Tab, the control is the chair's
to wheel through.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QWidget,
)

GUARDED = (QComboBox, QAbstractSpinBox)


def guard_wheel(window: QObject, event: QWheelEvent) -> bool:
    """For a wheel arriving at a top-level `window`: True (handled) when it is over a guarded
    control without focus, after giving it to the scroll area around that control."""
    top = _widget_of(window)
    if top is None:
        return False
    modal = QApplication.activeModalWidget()
    if modal is not None and modal is not top:
        return False  # Qt refuses it to a window behind a dialog
    under = top.childAt(event.position().toPoint())
    control = _guarded_around(under)
    if control is None or control.hasFocus():
        return False
    area = _scroll_area_around(control)
    if area is not None:
        QApplication.sendEvent(area.viewport(), event)
    return True


def _widget_of(window: QObject) -> QWidget | None:
    for widget in QApplication.topLevelWidgets():
        if widget.windowHandle() is window:
            return widget
    return None


def _guarded_around(widget: QWidget | None) -> QWidget | None:
    """The drop-down or number box `widget` is (or is inside, as a spin box's text is)."""
    while widget is not None:
        if isinstance(widget, GUARDED):
            return widget
        if isinstance(widget, QAbstractScrollArea) or widget.isWindow():
            return None  # a list or text box takes the wheel itself
        widget = widget.parentWidget()
    return None


def _scroll_area_around(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and not isinstance(parent, GUARDED):
            return parent
        parent = parent.parentWidget()
    return None


def install_wheel_guard(app: QApplication) -> QObject:
    """Guard the wheel in every window of `app` (once; later calls return the same watcher)."""
    from chairdesk.ui.window_input import watch_windows

    return watch_windows(app)


__all__ = ["GUARDED", "guard_wheel", "install_wheel_guard"]
