"""Every control on the Run and Plan pages has a name a screen reader can say."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QTextEdit,
    QWidget,
)

from chairdesk.ui.plan_page import PlanPage
from chairdesk.ui.run_page import SHORTCUTS as RUN_SHORTCUTS
from chairdesk.ui.run_page import RunPage
from tests.ui import run_support
from tests.ui.run_support import OFFSCREEN_LIMITS, show_active

ui_services = run_support.ui_services
conference_id = run_support.conference_id
CONTROLS = (QAbstractButton, QAbstractItemView, QAbstractSpinBox, QComboBox, QLineEdit, QTextEdit)


def _unnamed(page: QWidget) -> list[str]:
    missing = []
    for widget in page.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or not widget.isVisibleTo(page):
            continue
        if isinstance(widget.parentWidget(), QAbstractSpinBox | QComboBox):
            continue  # the inner line edit of a spin box or combo speaks for its owner
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus and not isinstance(
            widget, QAbstractButton
        ):
            continue
        if not widget.accessibleName().strip():
            missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return missing


@OFFSCREEN_LIMITS
def test_run_every_control_on_every_agenda_item_has_an_accessible_name(
    qtbot, ui_services, conference_id
):
    page = RunPage(ui_services)
    page.load_conference(conference_id)
    show_active(qtbot, page)
    problems = {}
    for item in page.stepper.items:
        page.show_item(item.id)
        missing = _unnamed(page)
        if missing:
            problems[item.title] = missing
    assert problems == {}


@OFFSCREEN_LIMITS
def test_plan_every_control_has_an_accessible_name(qtbot, ui_services, conference_id):
    ui_services.actions.add_action(
        conference_id, what="Book Sam's health review", who="Tom Ashdown", by_when=date(2025, 4, 1)
    )
    page = PlanPage(ui_services)
    page.load_conference(conference_id)
    show_active(qtbot, page)
    assert _unnamed(page) == []


def test_run_shortcuts_are_listed_for_the_help_panel():
    keys = [key for key, _ in RUN_SHORTCUTS]
    assert len(keys) == len(set(keys))
    assert all(description[0].isupper() for _, description in RUN_SHORTCUTS)
