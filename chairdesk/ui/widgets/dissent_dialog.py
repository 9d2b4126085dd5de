"""Records a professional's dissent from the chair's decision: who, their agency, and why."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from chairdesk.views import ParticipantView


@dataclass(frozen=True)
class DissentRequest:
    name: str
    agency: str
    reason: str
    participant_id: int | None = None


class DissentDialog(QDialog):
    def __init__(
        self, professionals: Sequence[ParticipantView], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Record dissent"))
        self.setAccessibleName(self.windowTitle())
        self._professionals = list(professionals)
        self.who = QComboBox(self)
        self.who.setEditable(True)
        self.who.setAccessibleName(self.tr("Who disagrees"))
        for participant in self._professionals:
            self.who.addItem(participant.name, participant.id)
        self.who.setCurrentIndex(-1)
        self.agency = QLineEdit(self)
        self.agency.setAccessibleName(self.tr("Their agency"))
        self.reason = QLineEdit(self)
        self.reason.setAccessibleName(self.tr("Why they disagree"))
        self.who.currentIndexChanged.connect(self._fill_agency)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Record dissent"))
        self.ok_button.setAccessibleName(self.tr("Record dissent"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(
            self.tr("Cancel")
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason.textChanged.connect(self._update)
        self.who.currentTextChanged.connect(self._update)
        form = QFormLayout(self)
        form.addRow(self.tr("&Who"), self.who)
        form.addRow(self.tr("&Agency"), self.agency)
        form.addRow(self.tr("&Why"), self.reason)
        form.addRow(self.buttons)
        self._update()

    def _fill_agency(self, index: int) -> None:
        if 0 <= index < len(self._professionals):
            self.agency.setText(self._professionals[index].agency)

    def _update(self) -> None:
        self.ok_button.setEnabled(
            bool(self.who.currentText().strip()) and bool(self.reason.text().strip())
        )

    def request(self) -> DissentRequest:
        name = self.who.currentText().strip()
        match = next((p for p in self._professionals if p.name == name), None)
        return DissentRequest(
            name,
            self.agency.text().strip(),
            self.reason.text().strip(),
            match.id if match else None,
        )

    @classmethod
    def ask(
        cls, parent: QWidget | None, professionals: Sequence[ParticipantView]
    ) -> DissentRequest | None:
        dialog = cls(professionals, parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.request()
        return None
