"""The start dialog: the first run creates the chair's account (passphrase twice); later runs
ask for the person's name and passphrase once."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from chairdesk.errors import (
    ChairDeskError,
    DamagedDatabaseError,
    DatabaseLockedError,
    IncorrectPassphraseError,
    UnlockDelayedError,
)

MIN_LENGTH = 10


@dataclass(frozen=True)
class Unlocked:
    """What the start dialog hands back: the open database and what the chair chose."""

    database: Any
    load_demo: bool
    seconds_to_open: float  # mostly key derivation, reported by the benchmark
    check_passphrase: Callable[[str], bool]  # for unlocking after the idle lock
    name: str = ""  # the account name typed ("" when the database has no accounts)


def passphrase_checker(passphrase: str) -> Callable[[str], bool]:
    """Checks the passphrase again when unlocking, without a second key derivation.

    Only a salted hash lives in memory for the session, never the passphrase itself.
    """
    salt = secrets.token_bytes(16)
    expected = hashlib.sha256(salt + passphrase.encode("utf-8")).digest()

    def check(candidate: str) -> bool:
        digest = hashlib.sha256(salt + candidate.encode("utf-8")).digest()
        return hmac.compare_digest(digest, expected)

    return check


def strength_hint(passphrase: str) -> tuple[bool, str]:
    """(good enough, a hint in plain words) for a new passphrase."""
    if len(passphrase) < MIN_LENGTH:
        return False, f"Too short: use at least {MIN_LENGTH} characters. A few words work well."
    kinds = sum(
        (
            any(c.islower() for c in passphrase),
            any(c.isupper() for c in passphrase),
            any(c.isdigit() for c in passphrase),
            any(not c.isalnum() for c in passphrase),
        )
    )
    if len(set(passphrase)) < 5:
        return False, "Too repetitive: mix different words or characters."
    if len(passphrase) >= 16 or (len(passphrase) >= 12 and kinds >= 3):
        return True, "Strong."
    return True, "Fair: a longer phrase of several words would be stronger."


class PassphraseDialog(QDialog):
    """Asks for the passphrase and opens the database; stays open until it opens or is cancelled."""

    def __init__(
        self,
        open_storage: Callable[[str, str, bool], Any],
        *,
        first_run: bool,
        offer_demo: bool = False,
        restore_backup: Callable[[Path], None] | None = None,
        known_name: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._open_storage = open_storage
        self._restore_backup = restore_backup
        self._first_run = first_run
        self._offer_demo = first_run and offer_demo
        self._backup: Path | None = None
        self.result_value: Unlocked | None = None
        self.setWindowTitle(self.tr("ChairDesk"))
        self.setAccessibleName(self.tr("Unlock ChairDesk"))
        self.setMinimumWidth(460)

        layout = QVBoxLayout(self)
        heading = QLabel(
            self.tr(
                "Create your account: you will be this ChairDesk's first chair, and you can add "
                "minute-takers and managers later."
            )
            if first_run
            else self.tr("Enter your name and passphrase to open ChairDesk.")
        )
        heading.setWordWrap(True)
        heading.setAccessibleName(self.tr("What to do"))
        layout.addWidget(heading)
        if first_run:
            note = QLabel(
                self.tr(
                    "Everything is encrypted with it. Nobody can recover it for you, so keep it "
                    "somewhere safe."
                )
            )
            note.setWordWrap(True)
            note.setAccessibleName(self.tr("About the passphrase"))
            layout.addWidget(note)

        self.name = QLineEdit(known_name)
        self.name.setAccessibleName(self.tr("Your name"))
        self.name.setPlaceholderText(self.tr("Your name"))
        self.name.setMaxLength(80)
        layout.addWidget(self.name)

        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(self.tr("Passphrase"))
        self.passphrase.setPlaceholderText(self.tr("Passphrase"))
        layout.addWidget(self.passphrase)

        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat.setAccessibleName(self.tr("Passphrase again"))
        self.repeat.setPlaceholderText(self.tr("The same passphrase again"))
        self.strength = QLabel()
        self.strength.setAccessibleName(self.tr("Passphrase strength"))
        self.strength.setWordWrap(True)
        self.load_demo = QCheckBox(self.tr("Load the fictional demo family to try ChairDesk"))
        self.load_demo.setAccessibleName(self.tr("Load the demo family"))
        if first_run:
            layout.addWidget(self.repeat)
            layout.addWidget(self.strength)
            if offer_demo:
                layout.addWidget(self.load_demo)
            self.passphrase.textChanged.connect(self._update_hint)
            self.repeat.textChanged.connect(self._update_hint)
            self.name.textChanged.connect(self._update_hint)
        self.repeat.setVisible(first_run)
        self.strength.setVisible(first_run)
        self.load_demo.setVisible(first_run and offer_demo)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Message"))
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        layout.addWidget(self.message)
        self.restore_button = QPushButton(self.tr("Restore the latest backup"))
        self.restore_button.setAccessibleName(self.tr("Restore the latest backup"))
        self.restore_button.clicked.connect(self._restore)
        self.restore_button.hide()
        layout.addWidget(self.restore_button)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.open_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.open_button.setText(self.tr("Create") if first_run else self.tr("Open"))
        self.open_button.setAccessibleName(self.open_button.text())
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("Quit"))
        cancel.setAccessibleName(self.tr("Quit"))
        self.buttons.accepted.connect(self.try_open)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update_hint()
        (self.passphrase if known_name else self.name).setFocus()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        open_storage: Callable[[str, str, bool], Any],
        *,
        first_run: bool,
        offer_demo: bool = False,
        restore_backup: Callable[[Path], None] | None = None,
        known_name: str = "",
    ) -> Unlocked | None:
        """Show the dialog until the database opens (the result) or the chair quits (None).

        `open_storage(name, passphrase, create)` opens the database (creating the chair's
        account on the first run) or raises a ChairDeskError to explain.
        """
        dialog = cls(
            open_storage,
            first_run=first_run,
            offer_demo=offer_demo,
            restore_backup=restore_backup,
            known_name=known_name,
            parent=parent,
        )
        dialog.exec()
        result = dialog.result_value
        dialog.deleteLater()
        return result

    def _update_hint(self) -> None:
        if not self._first_run:
            return
        good, hint = strength_hint(self.passphrase.text())
        matches = self.passphrase.text() == self.repeat.text()
        if self.passphrase.text() and self.repeat.text() and not matches:
            hint += " " + self.tr("The two passphrases are not the same yet.")
        self.strength.setText(hint if self.passphrase.text() else "")
        self.open_button.setEnabled(good and matches and bool(self.name.text().strip()))

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
        self.adjustSize()  # a long explanation wraps onto more lines: grow to show all of it

    def try_open(self) -> None:
        """Open the database with what was typed; explain and stay open when it cannot."""
        passphrase = self.passphrase.text()
        name = " ".join(self.name.text().split())
        if self._first_run and not name:
            self._say(self.tr("Type your name first: it names your account."))
            self.name.setFocus()
            return
        if not passphrase:
            self._say(self.tr("Type your passphrase first."))
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        started = time.perf_counter()
        try:
            database = self._open_storage(name, passphrase, self._first_run)
        except IncorrectPassphraseError:
            self._say(
                self.tr("That name or passphrase is not right. Nothing was changed: try again.")
            )
            self.passphrase.selectAll()
            self.passphrase.setFocus()
            return
        except UnlockDelayedError as error:
            self._say(
                self.tr("Too many wrong passphrases: wait {0} seconds, then try again.").format(
                    error.seconds
                )
            )
            return
        except DamagedDatabaseError as error:
            self._backup = error.backup
            self._first_run = False  # never make an empty database in the damaged one's place
            self._say(self.tr("The database could not be opened: {0}.").format(error))
            self.restore_button.setVisible(
                error.backup is not None and self._restore_backup is not None
            )
            return
        except DatabaseLockedError as error:
            self._say(self.tr("ChairDesk is already open: {0}.").format(error))
            return
        except ChairDeskError as error:
            self._say(self.tr("ChairDesk cannot open the database: {0}.").format(error))
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.result_value = Unlocked(
            database,
            self._offer_demo and self.load_demo.isChecked(),
            time.perf_counter() - started,
            passphrase_checker(passphrase),
            name,
        )
        self.accept()

    def _restore(self) -> None:
        if self._backup is None or self._restore_backup is None:
            return
        try:
            self._restore_backup(self._backup)
        except ChairDeskError as error:
            self._say(self.tr("The backup could not be restored: {0}.").format(error))
            return
        self.restore_button.hide()
        self._say(self.tr("The latest backup is back in place. Enter your passphrase to open it."))
        self.passphrase.setFocus()
