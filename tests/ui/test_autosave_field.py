"""Autosaved text fields show what they hold in full, at whatever width the page gives them."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QVBoxLayout, QWidget

from chairdesk.ui.widgets.autosave import AutosaveField

LONG = (
    "Everyone here is worried that Maisie, Alfie and the baby could see or hear their parents "
    "fighting again, and be frightened or hurt, as happened three times last year."
)


def test_autosave_field_grows_to_show_loaded_text_in_full_once_laid_out(qtbot: Any) -> None:
    saved: list[str] = []
    page = QWidget()
    qtbot.addWidget(page)
    field = AutosaveField(saved.append, LONG, page)
    QVBoxLayout(page).addWidget(field)
    page.resize(320, 400)
    page.show()
    qtbot.waitExposed(page)
    # Wrapped at its real width, every line is on screen: nothing hides behind a scroll bar.
    qtbot.waitUntil(lambda: field.verticalScrollBar().maximum() == 0)
    narrow = field.height()
    page.resize(900, 400)
    qtbot.waitUntil(lambda: field.height() < narrow)  # wider: fewer lines, less height
    assert field.verticalScrollBar().maximum() == 0
    assert saved == []  # showing loaded text is not an edit
