"""A stand-in page for a part of ChairDesk still being built, with the pages' common interface."""

from __future__ import annotations

import importlib
import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

log = logging.getLogger(__name__)


class PlaceholderPage(QWidget):
    """Says plainly that this part is not in this version yet; never pretends to save."""

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


def page_or_placeholder(module: str, name: str, services: Any, title: str) -> QWidget:
    """`chairdesk.ui.<module>.<name>(services)`, or a placeholder while it does not exist yet."""
    try:
        page_class = getattr(importlib.import_module(f"chairdesk.ui.{module}"), name)
    except (ImportError, AttributeError) as error:
        log.info("the %s page is not available yet: %s", title, type(error).__name__)
        return PlaceholderPage(
            title,
            QCoreApplication.translate(
                "PlaceholderPage", "This part of ChairDesk is not in this version yet."
            ),
        )
    page: QWidget = page_class(services)
    return page
