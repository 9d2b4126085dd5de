"""The stand-in a conference page is until it is first shown, and building the real page then."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from chairdesk.ui.services import UiServices


class PlaceholderPage(QWidget):
    """Holds a conference page's place until it is first shown (start-up builds only Home);
    never pretends to save."""

    save_state_changed = Signal(str)
    conference_changed = Signal(int)
    current_item_changed = Signal(int)

    def __init__(self, title: str, explanation: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(title)
        layout = QVBoxLayout(self)
        self.label = QLabel(f"<h2>{title}</h2><p>{explanation}</p>")
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setAccessibleName(title)
        layout.addWidget(self.label)

    def load_conference(self, conference_id: int) -> None:
        del conference_id


def build_page(module: str, name: str, services: UiServices) -> QWidget:
    """`chairdesk.ui.<module>.<name>(services)`. A page that cannot be imported or built is an
    error, never quietly replaced: a broken page must fail where a test or a chair sees it."""
    page_class = getattr(importlib.import_module(f"chairdesk.ui.{module}"), name)
    page: QWidget = page_class(services)
    return page
