"""A database from the first version: its key file is migrated at each person's first unlock,
and a copied or renamed first-version entry is refused (docs/decisions.md)."""

from __future__ import annotations

import json
import os
import secrets
from datetime import datetime
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from chairdesk.storage import keys, open_database
from chairdesk.storage.sqlcipher import connect_encrypted
from tests.conftest import PASSPHRASE
from tests.security.test_accounts import CHAIR, CHAIR_PASSPHRASE, MINUTES, MINUTES_PASSPHRASE
from tests.test_cli import assert_one_error_line, chairdesk, home

__all__ = ["home"]


def _first_version(home: Path, db: Path) -> None:
    """What the first version left: accounts in the table, their keys XOR-wrapped in a key
    file with no database id, and the database key derived from the database passphrase."""
    assert chairdesk(home, "demo", "--db", str(db)).returncode == 0
    database = open_database(str(db), PASSPHRASE)
    key = database.key
    database.close()
    assert key is not None
    parameters = keys.KdfParameters.for_new_database()
    hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    entries = []
    connection = connect_encrypted(db, key)
    for name, role, passphrase in (
        (CHAIR, "chair", CHAIR_PASSPHRASE),
        (MINUTES, "minute_taker", MINUTES_PASSPHRASE),
    ):
        salt = secrets.token_bytes(16)
        kek = keys.derive_key(passphrase, salt, parameters)
        wrapped = bytes(a ^ b for a, b in zip(key[:32], kek, strict=True))
        entry = keys.AccountKey(name, salt, parameters, wrapped).to_json()
        entries.append(entry)
        connection.execute(
            "INSERT INTO user_account (name, role, password_hash, wrapped_key, failed_unlocks,"
            " created_at) VALUES (?, ?, ?, ?, 0, ?)",
            (name, role, hasher.hash(passphrase), json.dumps(entry).encode(), str(datetime.now())),
        )
    connection.commit()
    connection.close()
    old = {
        "format": "chairdesk.kdf",
        "version": 2,
        "kdf": "argon2id",
        "parameters": {"time_cost": 1, "memory_cost_kib": 1024, "parallelism": 1},
        "check": keys.key_check(key),
        "accounts": entries,
    }
    keys.sidecar_path(db).write_text(json.dumps(old), encoding="utf-8")


def _as(home: Path, name: str, passphrase: str, *args: str):  # type: ignore[no-untyped-def]
    os.environ["CHAIRDESK_USER"] = name
    try:
        return chairdesk(home, *args, passphrase=passphrase)
    finally:
        del os.environ["CHAIRDESK_USER"]


def test_migration_first_version_key_file_is_sealed_at_each_first_unlock(
    home: Path, tmp_path: Path
) -> None:
    db = tmp_path / "old.db"
    _first_version(home, db)
    original = keys.sidecar_path(db).read_text(encoding="utf-8")

    # The minute-taker's old entry renamed to the chair's: its passphrase is not the chair's.
    data = json.loads(original)
    data["accounts"] = [dict(e, name=CHAIR) for e in data["accounts"] if e["name"] == MINUTES]
    keys.sidecar_path(db).write_text(json.dumps(data), encoding="utf-8")
    line = assert_one_error_line(_as(home, CHAIR, MINUTES_PASSPHRASE, "purge", "--db", str(db)))
    assert "names an account the database does not have" in line
    keys.sidecar_path(db).write_text(original, encoding="utf-8")

    assert _as(home, CHAIR, CHAIR_PASSPHRASE, "list", "--db", str(db)).returncode == 0
    migrated = keys.read_key_file(db)
    assert [m.name for m in migrated.members] == [CHAIR]
    assert [a.name for a in migrated.accounts] == [MINUTES]
    assert migrated.database_id is not None and migrated.file_salt == db.read_bytes()[:16]

    assert _as(home, MINUTES, MINUTES_PASSPHRASE, "list", "--db", str(db)).returncode == 0
    assert {m.name for m in keys.read_key_file(db).members} == {CHAIR, MINUTES}
    assert not keys.read_key_file(db).accounts
    assert "only a chair or a manager" in assert_one_error_line(
        _as(home, MINUTES, MINUTES_PASSPHRASE, "purge", "--db", str(db))
    )
    verified = _as(home, CHAIR, CHAIR_PASSPHRASE, "audit", "verify", "--db", str(db))
    assert verified.returncode == 0, verified.stdout + verified.stderr


# A key change cut short (the computer stops between its steps) is finished at the next unlock.


def _two_accounts(tmp_path: Path) -> Path:
    from chairdesk.domain import UserRole
    from chairdesk.services.accounts import AccountService
    from chairdesk.services.base import ServiceContext

    db = tmp_path / "rotating.db"
    database = open_database(str(db), PASSPHRASE, create=True)
    try:
        AccountService(ServiceContext(database)).create_account(
            CHAIR, UserRole.CHAIR, CHAIR_PASSPHRASE
        )
        chair = ServiceContext(database, user=CHAIR, role=UserRole.CHAIR)
        AccountService(chair).create_account(MINUTES, UserRole.MINUTE_TAKER, MINUTES_PASSPHRASE)
    finally:
        database.close()
    return db


def _remove_minutes_stopping_at(db: Path, monkeypatch: pytest.MonkeyPatch, where: str) -> bytes:
    from chairdesk.services.accounts import AccountService
    from chairdesk.services.base import ServiceContext
    from chairdesk.storage import rotation
    from chairdesk.storage.database import Database

    old_key_file = keys.sidecar_path(db).read_bytes()

    class PowerCutError(Exception):
        pass

    def cut(*_args: object) -> None:
        raise PowerCutError()

    database = open_database(str(db), CHAIR_PASSPHRASE, user=CHAIR)
    try:
        chair = AccountService(ServiceContext(database)).start_session()
        minutes = next(a for a in AccountService(chair).accounts() if a.name == MINUTES)
        with monkeypatch.context() as patch:
            if where == "before the rekey":
                patch.setattr(Database, "rekey", cut)
            else:
                patch.setattr(rotation, "finish", cut)
            with pytest.raises(PowerCutError):
                AccountService(chair).remove_account(minutes.id)
    finally:
        database.close()
    return old_key_file


@pytest.mark.parametrize("where", ["before the rekey", "after the rekey"])
def test_migration_an_interrupted_key_change_is_finished_at_the_next_unlock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    from chairdesk.errors import IncorrectPassphraseError, KeyFileMismatchError

    db = _two_accounts(tmp_path)
    old_key_file = _remove_minutes_stopping_at(db, monkeypatch, where)
    halfway = keys.read_key_file(db)
    assert halfway.next_salt is not None  # the next key was recorded before anything else

    database = open_database(str(db), CHAIR_PASSPHRASE, user=CHAIR)
    database.close()
    finished = keys.read_key_file(db)
    assert finished.next_salt is None and finished.file_salt == db.read_bytes()[:16]
    assert [m.name for m in finished.members] == [CHAIR]
    with pytest.raises(IncorrectPassphraseError):
        open_database(str(db), MINUTES_PASSPHRASE, user=MINUTES)
    current = keys.sidecar_path(db).read_bytes()
    keys.sidecar_path(db).write_bytes(old_key_file)
    with pytest.raises(KeyFileMismatchError, match="out of date"):
        open_database(str(db), MINUTES_PASSPHRASE, user=MINUTES)
    keys.sidecar_path(db).write_bytes(current)
    open_database(str(db), CHAIR_PASSPHRASE, user=CHAIR).close()


def test_migration_a_changed_passphrase_reseals_the_same_keys(tmp_path: Path) -> None:
    from chairdesk.errors import IncorrectPassphraseError
    from chairdesk.services import audit
    from chairdesk.services.accounts import AccountService
    from chairdesk.services.base import ServiceContext

    db = _two_accounts(tmp_path)
    before = keys.read_key_file(db).member(MINUTES)
    database = open_database(str(db), MINUTES_PASSPHRASE, user=MINUTES)
    try:
        minutes = AccountService(ServiceContext(database)).start_session()
        AccountService(minutes).change_passphrase(
            MINUTES, MINUTES_PASSPHRASE, "lantern orchard 2027"
        )
    finally:
        database.close()
    after = keys.read_key_file(db).member(MINUTES)
    assert before is not None and after is not None
    assert after.public_ed25519 == before.public_ed25519 and after.sealed != before.sealed
    with pytest.raises(IncorrectPassphraseError):
        open_database(str(db), MINUTES_PASSPHRASE, user=MINUTES)
    database = open_database(str(db), "lantern orchard 2027", user=MINUTES)
    try:
        assert audit.verify(AccountService(ServiceContext(database)).start_session()).ok
    finally:
        database.close()
