"""The start dialog, as a chair meets it: another database's key file is named, nothing moves;
a key-file entry renamed to another person's name does not open the file."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from chairdesk import app
from chairdesk.domain import UserRole
from chairdesk.services.accounts import AccountService
from chairdesk.services.base import ServiceContext
from chairdesk.storage import keys, open_database
from chairdesk.ui.passphrase_dialog import PassphraseDialog
from tests.conftest import PASSPHRASE
from tests.security.test_accounts import CHAIR, CHAIR_PASSPHRASE, MINUTES, MINUTES_PASSPHRASE
from tests.storage.support import fingerprint
from tests.ui.test_app_start import _when_dialog_shows

SCREENS = (
    Path(os.environ.get("CHAIRDESK_SCREENS", "")) if os.environ.get("CHAIRDESK_SCREENS") else None
)


def _signed_in(name: str, passphrase: str, shot: str = "") -> Any:
    def step(dialog: PassphraseDialog) -> None:
        dialog.name.setText(name)
        dialog.passphrase.setText(passphrase)
        dialog.open_button.click()
        if shot and SCREENS is not None:
            from PySide6.QtWidgets import QApplication

            QApplication.processEvents()
            dialog.grab().save(str(SCREENS / shot))
        dialog.reject()

    return step


def test_start_a_key_file_of_another_database_is_named_and_nothing_moves(
    qtbot: Any, tmp_path: Path
) -> None:
    first, second = tmp_path / "first.db", tmp_path / "second.db"
    for db in (first, second):
        database = open_database(str(db), PASSPHRASE, create=True)
        AccountService(ServiceContext(database)).create_account(
            CHAIR, UserRole.CHAIR, CHAIR_PASSPHRASE
        )
        database.close()
    keys.sidecar_path(first).write_bytes(keys.sidecar_path(second).read_bytes())
    before = fingerprint(tmp_path, key_files=False)

    messages = _when_dialog_shows(
        [_signed_in(CHAIR, CHAIR_PASSPHRASE, "start-foreign-key-file.png")]
    )
    assert app.start(str(first)) is None
    assert "belongs to another ChairDesk database" in messages[0]
    assert "nothing was moved" in messages[0]
    assert fingerprint(tmp_path, key_files=False) == before


def test_start_an_entry_renamed_to_the_chair_does_not_open(qtbot: Any, tmp_path: Path) -> None:
    db = tmp_path / "team.db"
    database = open_database(str(db), PASSPHRASE, create=True)
    AccountService(ServiceContext(database)).create_account(CHAIR, UserRole.CHAIR, CHAIR_PASSPHRASE)
    chair = ServiceContext(database, user=CHAIR, role=UserRole.CHAIR)
    AccountService(chair).create_account(MINUTES, UserRole.MINUTE_TAKER, MINUTES_PASSPHRASE)
    database.close()
    data = json.loads(keys.sidecar_path(db).read_text(encoding="utf-8"))
    data["accounts"] = [dict(e, name=CHAIR) for e in data["accounts"] if e["name"] == MINUTES]
    keys.sidecar_path(db).write_text(json.dumps(data), encoding="utf-8")

    messages = _when_dialog_shows(
        [_signed_in(CHAIR, MINUTES_PASSPHRASE, "start-renamed-entry.png")]
    )
    assert app.start(str(db)) is None
    assert "name or passphrase is not right" in messages[0]


def test_accounts_dialog_removal_gives_the_database_a_new_key(qtbot: Any, services: Any) -> None:
    from dataclasses import replace

    from PySide6.QtCore import Qt

    from tests.security.test_accounts import MANAGER, MANAGER_PASSPHRASE
    from tests.ui.test_accounts_dialog import answer_confirmation, open_dialog

    chair = replace(services.context, user=CHAIR, role=UserRole.CHAIR)
    AccountService(chair).create_account(CHAIR, UserRole.CHAIR, CHAIR_PASSPHRASE)
    AccountService(chair).create_account(MANAGER, UserRole.MANAGER, MANAGER_PASSPHRASE)
    path = chair.database.path
    before = keys.read_key_file(path)
    dialog = open_dialog(qtbot, chair)
    dialog.table.selectRow(1)
    seen: dict[str, str] = {}
    answer_confirmation("Remove the account", seen)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert "no older copy of its key file opens it" in seen["question"]
    after = keys.read_key_file(path)
    assert [m.name for m in after.members] == [CHAIR]
    assert after.file_salt != before.file_salt and after.file_salt == path.read_bytes()[:16]
    # The chair carries on in the same session, on the new key.
    assert [a.name for a in AccountService(chair).accounts()] == [CHAIR]
