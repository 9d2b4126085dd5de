"""What a locked window shows: no case data, a passphrase field and an Unlock button."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from chairdesk.errors import ChairDeskError


class LockPage(QWidget):
    """What a locked window shows: no case data, a passphrase field and an Unlock button.

    `check_passphrase` says whether a passphrase is the signed-in person's (None: any will do,
    for a database without accounts); `unlocked` is emitted once it has said yes.
    """

    unlocked = Signal()

    def __init__(
        self,
        check_passphrase: Callable[[str], bool] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.check_passphrase = check_passphrase
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
        self.unlock_button.clicked.connect(self.try_unlock)
        self.passphrase.returnPressed.connect(self.try_unlock)

    def reset(self) -> None:
        """Empty, with the focus in the passphrase field (as the window locks)."""
        self.passphrase.clear()
        self.message.clear()
        self.passphrase.setFocus()

    def try_unlock(self) -> None:
        """Check what was typed: `unlocked` if it is right, otherwise say why and stay."""
        try:
            right = self.check_passphrase is None or self.check_passphrase(self.passphrase.text())
        except ChairDeskError as error:  # too many wrong ones: how long to wait
            self.message.setText(str(error)[:1].upper() + str(error)[1:] + ".")
            self.passphrase.selectAll()
            return
        if not right:
            self.message.setText(self.tr("That passphrase is not right: try again."))
            self.passphrase.selectAll()
            return
        self.passphrase.clear()
        self.unlocked.emit()
