"""A group of entries under one heading, with a blank one ready for the next words."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QPushButton, QVBoxLayout, QWidget

from chairdesk.domain import Heading
from chairdesk.ui.widgets.entry_editor import EntryEditor
from chairdesk.views import EntryView

if TYPE_CHECKING:
    from chairdesk.services.entries import EntryService


class HeadingSection(QGroupBox):
    """Every entry under one heading for one item (and speaker or child, where given)."""

    save_state_changed = Signal(str)
    entry_changed = Signal(object)
    refused = Signal(str)

    def __init__(
        self,
        entries_service: EntryService,
        title: str,
        *,
        agenda_item_id: int,
        heading: Heading,
        entries: Sequence[EntryView] = (),
        speaker_name: str = "",
        speaker_participant_id: int | None = None,
        child_id: int | None = None,
        people: Sequence[tuple[int, str]] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, parent)
        self.setAccessibleName(title)
        self.heading = heading
        self._make: Callable[[EntryView | None], EntryEditor] = lambda entry: EntryEditor(
            entries_service,
            agenda_item_id=agenda_item_id,
            heading=heading,
            entry=entry,
            speaker_name=speaker_name,
            speaker_participant_id=speaker_participant_id,
            child_id=child_id,
            people=people,
            label=title,
            parent=self,
        )
        self._layout = QVBoxLayout(self)
        self._layout.setSpacing(4)
        self.editors: list[EntryEditor] = []
        for entry in entries:
            self._add_editor(entry)
        if not entries:
            self._add_editor(None)
        self.add_button = QPushButton(self.tr("Add another"), self)
        self.add_button.setAccessibleName(
            self.tr("Add another entry under %1").replace("%1", title)
        )
        self.add_button.clicked.connect(self.add_blank)
        self._layout.addWidget(self.add_button)

    def add_blank(self) -> EntryEditor:
        editor = self._add_editor(None)
        self._layout.removeWidget(self.add_button)
        self._layout.addWidget(self.add_button)
        QWidget.setTabOrder(editor.badge, self.add_button)
        editor.field.setFocus()
        return editor

    def _add_editor(self, entry: EntryView | None) -> EntryEditor:
        editor = self._make(entry)
        editor.save_state_changed.connect(self.save_state_changed)
        editor.entry_changed.connect(self.entry_changed)
        editor.refused.connect(self.refused)
        self._layout.addWidget(editor)
        self.editors.append(editor)
        return editor
