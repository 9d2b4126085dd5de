"""Records that a participant leaves part of the conference: who, why, and for which items."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from chairdesk.views import AgendaItemView, ParticipantView


@dataclass(frozen=True)
class ExclusionRequest:
    participant_id: int
    reason: str
    agenda_item_ids: tuple[int, ...] = ()


class ExcludeParticipantDialog(QDialog):
    """Exclusion is rare and for the shortest time: the reason is required, the time is now."""

    def __init__(
        self,
        participants: Sequence[ParticipantView],
        items: Sequence[AgendaItemView],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Exclude a participant from part of the conference"))
        self.setAccessibleName(self.windowTitle())
        note = QLabel(
            self.tr(
                "The exclusion starts now and is recorded with its reason. Anything said while "
                "they are out is left out of their copy of the record."
            ),
            self,
        )
        note.setWordWrap(True)
        self.who = QComboBox(self)
        self.who.setAccessibleName(self.tr("Participant to exclude"))
        for participant in participants:
            self.who.addItem(participant.name, participant.id)
        self.reason = QLineEdit(self)
        self.reason.setAccessibleName(self.tr("Reason for the exclusion"))
        self.items = QListWidget(self)
        self.items.setAccessibleName(self.tr("Agenda items they miss"))
        # Long item titles wrap rather than scroll sideways on a small laptop.
        self.items.setWordWrap(True)
        self.items.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.items.setTextElideMode(Qt.TextElideMode.ElideNone)
        for item in items:
            row = QListWidgetItem(item.title, self.items)
            row.setData(Qt.ItemDataRole.UserRole, item.id)
            row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            row.setCheckState(Qt.CheckState.Unchecked)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Exclude"))
        self.ok_button.setAccessibleName(self.tr("Exclude"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(
            self.tr("Cancel")
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason.textChanged.connect(self._update)
        form = QFormLayout(self)
        form.addRow(note)
        form.addRow(self.tr("&Who"), self.who)
        form.addRow(self.tr("&Reason"), self.reason)
        form.addRow(self.tr("&Items missed"), self.items)
        form.addRow(self.buttons)
        self._update()

    def _update(self) -> None:
        self.ok_button.setEnabled(bool(self.reason.text().strip()) and self.who.count() > 0)

    def request(self) -> ExclusionRequest:
        ids = tuple(
            int(self.items.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.items.count())
            if self.items.item(i).checkState() == Qt.CheckState.Checked
        )
        return ExclusionRequest(int(self.who.currentData()), self.reason.text().strip(), ids)

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        participants: Sequence[ParticipantView],
        items: Sequence[AgendaItemView],
    ) -> ExclusionRequest | None:
        dialog = cls(participants, items, parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.request()
        return None
