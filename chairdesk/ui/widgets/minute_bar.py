"""The note bar: pick a speaker, type a note, say whether parents see it, press Enter to file it.

Notes start professionals-only: what is typed in a hurry reaches the parents' screen and
copies only when the chair ticks "Parents see this" (the tick stays for the next notes until
it is cleared). A minute-taker cannot tick it: the chair shares their notes afterwards.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from chairdesk.domain import HEADING_LABELS, Heading, Visibility
from chairdesk.views import ParticipantView


class MinuteTakerBar(QWidget):
    """Asks for a note to be filed under the current item; clears only once it was filed."""

    # speaker, participant id, Heading, text, Visibility
    note_requested = Signal(str, object, object, str, object)

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
        self.share = QCheckBox(self.tr("&Parents see this"), self)
        self.share.setAccessibleName(self.tr("Parents see this note"))
        self.share.setToolTip(
            self.tr("Unticked: for professionals only, and kept off the parents' screen")
        )
        self.share.toggled.connect(self._show_share_state)
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
        layout.addWidget(self.share)
        self.setAccessibleName(self.tr("Minute-taker's note bar"))
        self._show_share_state(False)

    def set_share_refusal(self, reason: str) -> None:
        """Why this person may not show parents a note ("" for a chair): the tick is off."""
        self.share.setChecked(False)
        self.share.setEnabled(not reason)
        if reason:
            self.share.setToolTip(reason)
            self.share.setAccessibleDescription(reason)

    def visibility(self) -> Visibility:
        return Visibility.SHARED if self.share.isChecked() else Visibility.PROFESSIONALS

    def _show_share_state(self, shared: bool) -> None:
        # Said in words as well as by the tick, so a glance at the bar tells where a note goes.
        self.text.setPlaceholderText(
            self.tr("Type a note for everyone, parents too, and press Enter")
            if shared
            else self.tr("Type a note for professionals only and press Enter")
        )

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
            name,
            participant.id if participant else None,
            self.heading.currentData(),
            text,
            self.visibility(),
        )

    def note_filed(self) -> None:
        """The page filed the note: clear the text, keep the speaker for the next one."""
        self.text.clear()
