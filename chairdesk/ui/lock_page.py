"""What a locked window shows: no case data, a passphrase field and an Unlock button."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget


class LockPage(QWidget):
    """What a locked window shows: no case data, a passphrase field and an Unlock button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Locked"))
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        self.label = QLabel(self.tr("ChairDesk is locked. Enter your passphrase to carry on."))
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setAccessibleName(self.tr("Locked"))
        layout.addWidget(self.label)
        row = QHBoxLayout()
        row.addStretch(1)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(self.tr("Passphrase"))
        self.passphrase.setMinimumWidth(280)
        self.unlock_button = QPushButton(self.tr("Unlock"))
        self.unlock_button.setAccessibleName(self.tr("Unlock"))
        row.addWidget(self.passphrase)
        row.addWidget(self.unlock_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.message = QLabel()
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setAccessibleName(self.tr("Message"))
        layout.addWidget(self.message)
        layout.addStretch(2)
