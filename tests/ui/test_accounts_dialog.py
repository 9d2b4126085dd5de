"""The Accounts dialog: a chair adds and removes accounts; anyone else is told they cannot."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from chairdesk.domain import UserRole
from chairdesk.services.accounts import AccountService
from chairdesk.services.base import ServiceContext
from chairdesk.ui.accounts_dialog import AccountsDialog
from chairdesk.ui.services import UiServices
from tests.security.test_accounts import (
    CHAIR,
    CHAIR_PASSPHRASE,
    MANAGER,
    MANAGER_PASSPHRASE,
    MINUTES,
    MINUTES_PASSPHRASE,
)
from tests.ui.test_accessibility import _unnamed


@pytest.fixture
def chair(services: Any) -> ServiceContext:
    """The chair's context over a database whose first account is theirs."""
    context = replace(services.context, user=CHAIR, role=UserRole.CHAIR)
    AccountService(context).create_account(CHAIR, UserRole.CHAIR, CHAIR_PASSPHRASE)
    return context


def open_dialog(qtbot: Any, context: ServiceContext) -> AccountsDialog:
    dialog = AccountsDialog(UiServices.create(context))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def listed(dialog: AccountsDialog) -> list[tuple[str, str]]:
    return [
        (dialog.table.item(row, 0).text(), dialog.table.item(row, 1).text())
        for row in range(dialog.table.rowCount())
    ]


def answer_confirmation(button_text: str, seen: dict[str, str]) -> None:
    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen["question"] = box.text()
        next(b for b in box.buttons() if b.text() == button_text).click()

    QTimer.singleShot(0, answer)


def test_accounts_dialog_a_chair_adds_a_minute_taker_by_keyboard(
    qtbot: Any, chair: ServiceContext
) -> None:
    dialog = open_dialog(qtbot, chair)
    assert listed(dialog) == [(f"{CHAIR} (you)", "Chair")]
    assert not dialog.refusal.isVisible() and not dialog.add_button.isEnabled()

    qtbot.keyClicks(dialog.name, MINUTES)
    qtbot.keyClick(dialog.role, Qt.Key.Key_Down)
    assert dialog.role.currentData() == UserRole.MANAGER
    assert "Approves" in dialog.role_hint.text()
    qtbot.keyClick(dialog.role, Qt.Key.Key_Up)
    assert dialog.role.currentData() == UserRole.MINUTE_TAKER
    qtbot.keyClicks(dialog.passphrase, "short")
    assert dialog.strength.text().startswith("Too short")
    assert not dialog.add_button.isEnabled()
    dialog.passphrase.clear()
    qtbot.keyClicks(dialog.passphrase, MINUTES_PASSPHRASE)
    qtbot.keyClicks(dialog.repeat, MINUTES_PASSPHRASE[:-1])
    assert "not the same" in dialog.strength.text() and not dialog.add_button.isEnabled()
    qtbot.keyClicks(dialog.repeat, MINUTES_PASSPHRASE[-1])
    assert dialog.add_button.isEnabled()
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)

    accounts = AccountService(chair).accounts()
    assert [(a.name, a.role) for a in accounts] == [
        (CHAIR, UserRole.CHAIR),
        (MINUTES, UserRole.MINUTE_TAKER),
    ]
    assert AccountService(chair).verify(MINUTES, MINUTES_PASSPHRASE).role == UserRole.MINUTE_TAKER
    assert listed(dialog)[-1] == (MINUTES, "Minute-taker")
    assert f"Added {MINUTES} as a minute-taker" in dialog.message.text()
    assert dialog.name.text() == dialog.passphrase.text() == dialog.repeat.text() == ""


def test_accounts_dialog_refusals_are_shown_plainly(qtbot: Any, chair: ServiceContext) -> None:
    dialog = open_dialog(qtbot, chair)
    dialog.name.setText(f"  {CHAIR.upper()} ")  # the same person, however it is typed
    dialog.passphrase.setText("another long passphrase")
    dialog.repeat.setText("another long passphrase")

    assert dialog.add() is None

    assert dialog.message.text() == "Not added: there is already an account with that name."
    assert len(AccountService(chair).accounts()) == 1
    # The last chair stays, whatever is clicked.
    dialog.table.selectRow(0)
    seen: dict[str, str] = {}
    answer_confirmation("Remove the account", seen)
    assert dialog.remove_chosen() is False
    assert "last chair" in dialog.message.text()
    assert len(AccountService(chair).accounts()) == 1


def test_accounts_dialog_removes_an_account_only_after_confirming(
    qtbot: Any, chair: ServiceContext
) -> None:
    AccountService(chair).create_account(MANAGER, UserRole.MANAGER, MANAGER_PASSPHRASE)
    dialog = open_dialog(qtbot, chair)
    dialog.table.selectRow(1)
    assert dialog.remove_button.isEnabled()

    seen: dict[str, str] = {}
    answer_confirmation("Keep it", seen)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert MANAGER in seen["question"]
    assert len(AccountService(chair).accounts()) == 2

    answer_confirmation("Remove the account", seen)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert [a.name for a in AccountService(chair).accounts()] == [CHAIR]
    assert listed(dialog) == [(f"{CHAIR} (you)", "Chair")]
    assert dialog.message.text() == f"Removed {MANAGER}'s account."


def test_accounts_dialog_a_minute_taker_cannot_add_accounts_and_is_told_so(
    qtbot: Any, chair: ServiceContext
) -> None:
    AccountService(chair).create_account(MINUTES, UserRole.MINUTE_TAKER, MINUTES_PASSPHRASE)
    minutes = replace(chair, user=MINUTES, role=UserRole.MINUTE_TAKER)
    dialog = open_dialog(qtbot, minutes)

    assert dialog.refusal.isVisible()
    assert "Only a chair can add or remove accounts" in dialog.refusal.text()
    assert not dialog.adding.isEnabled() and not dialog.remove_button.isEnabled()
    assert listed(dialog) == [(CHAIR, "Chair"), (f"{MINUTES} (you)", "Minute-taker")]
    # Even if the form were filled in, the service refuses and the dialog says so.
    dialog.name.setText(MANAGER)
    dialog.passphrase.setText(MANAGER_PASSPHRASE)
    dialog.repeat.setText(MANAGER_PASSPHRASE)
    assert dialog.add() is None
    assert dialog.message.text().startswith("Not added: only a chair can add or remove accounts")
    assert len(AccountService(chair).accounts()) == 2


def test_accounts_dialog_every_control_is_named(qtbot: Any, chair: ServiceContext) -> None:
    dialog = open_dialog(qtbot, chair)
    assert _unnamed(dialog) == []
