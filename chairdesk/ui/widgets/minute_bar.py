"""The minute-taker's bar: pick a speaker, type a note, press Enter to file it."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from chairdesk.domain import HEADING_LABELS, Heading
from chairdesk.views import ParticipantView


class MinuteTakerBar(QWidget):
    """Asks for a note to be filed under the current item; clears only once it was filed."""

    note_requested = Signal(str, object, object, str)  # speaker, participant id, Heading, text

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._participants: dict[str, ParticipantView] = {}
        self.speaker = QLineEdit(self)
        self.speaker.setPlaceholderText(self.tr("Speaker"))
        self.speaker.setAccessibleName(self.tr("Speaker"))
        self._names = QStringListModel(self)
        completer = QCompleter(self._names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.speaker.setCompleter(completer)
        self.heading = QComboBox(self)
        self.heading.setAccessibleName(self.tr("Heading for the note"))
        for heading in Heading:
            self.heading.addItem(HEADING_LABELS[heading], heading)
        self.heading.setCurrentIndex(self.heading.findData(Heading.NOTE))
        self.text = QLineEdit(self)
        self.text.setPlaceholderText(self.tr("Type a note and press Enter"))
        self.text.setAccessibleName(self.tr("Note text"))
        self.speaker.returnPressed.connect(self.text.setFocus)
        self.text.returnPressed.connect(self.request)
        label = QLabel(self.tr("&Note:"), self)
        label.setBuddy(self.text)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(label)
        layout.addWidget(self.speaker, 2)
        layout.addWidget(self.heading, 2)
        layout.addWidget(self.text, 6)
        self.setAccessibleName(self.tr("Minute-taker's note bar"))

    def set_participants(self, participants: Sequence[ParticipantView]) -> None:
        self._participants = {p.name: p for p in participants}
        labels = [p.name for p in participants]
        self._names.setStringList(labels)

    def request(self) -> None:
        text = self.text.text().strip()
        if not text:
            return
        name = self.speaker.text().strip()
        participant = self._participants.get(name)
        if participant is None:
            # Typed a different case or part of the name: take the only match if there is one.
            wanted = name.lower()
            matches = [p for n, p in self._participants.items() if name and wanted in n.lower()]
            participant = matches[0] if len(matches) == 1 else None
            if participant is not None:
                name = participant.name
        self.note_requested.emit(
            name, participant.id if participant else None, self.heading.currentData(), text
        )

    def note_filed(self) -> None:
        """The page filed the note: clear the text, keep the speaker for the next one."""
        self.text.clear()
