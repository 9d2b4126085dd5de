"""`chairdesk check`: ok for a healthy database, a plain line with what to do for each problem."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from alembic import command

from chairdesk.storage import backup, keys, open_database, schema
from chairdesk.storage.check import CheckResult, check_database
from chairdesk.storage.engine import connect_encrypted
from tests.conftest import PASSPHRASE
from tests.storage.support import add_case, fingerprint, start_holder


@pytest.fixture
def saved_database(tmp_path: Path) -> Path:
    path = tmp_path / "chairdesk.db"
    db = open_database(str(path), PASSPHRASE, create=True)
    add_case(db)
    db.close()
    return path


def test_check_healthy_database_is_ok(saved_database: Path) -> None:
    result = check_database(str(saved_database), PASSPHRASE)
    assert result == CheckResult(ok=True, problems=(), advice=())


def test_check_healthy_server_database_is_ok(database_location: str) -> None:
    db = open_database(database_location, PASSPHRASE, create=True)
    add_case(db)
    db.close()
    result = check_database(database_location, PASSPHRASE)
    assert result.ok and result.problems == ()


def test_check_damaged_file_is_reported_and_left_in_place(saved_database: Path) -> None:
    data = bytearray(saved_database.read_bytes())
    data[16:200] = bytes(184)
    saved_database.write_bytes(bytes(data))
    before = fingerprint(saved_database.parent)
    result = check_database(str(saved_database), PASSPHRASE)
    assert not result.ok
    assert any("damaged" in line and "backup" in line for line in result.problems)
    assert fingerprint(saved_database.parent) == before


def test_check_broken_links_between_records_are_reported(saved_database: Path) -> None:
    key = open_and_get_key(saved_database)
    connection = connect_encrypted(saved_database, key)
    connection.execute("PRAGMA foreign_keys=OFF")
    connection.execute("DELETE FROM conference")
    connection.commit()
    connection.close()
    result = check_database(str(saved_database), PASSPHRASE)
    assert not result.ok
    assert any("point at records that no longer exist" in line for line in result.problems)


def open_and_get_key(path: Path) -> bytes:
    key_file = keys.read_key_file(path)
    return keys.derive_key(PASSPHRASE, key_file.salt, key_file.parameters)


def test_check_wrong_passphrase_and_missing_key_file(saved_database: Path) -> None:
    wrong = check_database(str(saved_database), "not it")
    assert wrong.problems == ("incorrect passphrase: nothing was checked",)
    keys.sidecar_path(saved_database).unlink()
    missing = check_database(str(saved_database), PASSPHRASE)
    assert not missing.ok and "key file" in missing.problems[0]


def test_check_missing_database_offers_the_backup(saved_database: Path) -> None:
    saved_database.unlink()
    result = check_database(str(saved_database), PASSPHRASE)
    assert not result.ok and "no database at" in result.problems[0]
    assert any(str(backup.newest_backup(saved_database)) in line for line in result.advice)


def test_check_lock_held_and_stale_are_explained(saved_database: Path) -> None:
    holder = start_holder(saved_database, PASSPHRASE)
    try:
        held = check_database(str(saved_database), PASSPHRASE)
        assert held.ok
        assert any(
            f"process {holder.pid}" in line and "open in another" in line for line in held.advice
        )
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait(timeout=30)
    stale = check_database(str(saved_database), PASSPHRASE)
    assert any("stopped without closing" in line for line in stale.advice)


def test_check_older_revision_and_no_backup_are_advice(tmp_path: Path) -> None:
    path = tmp_path / "chairdesk.db"
    db = open_database(str(path), PASSPHRASE, create=True)
    db.close()
    result = check_database(str(path), PASSPHRASE)
    assert result.ok and any("no backup yet" in line for line in result.advice)
    db = open_database(str(path), PASSPHRASE)
    with db.engine.begin() as connection:
        command.downgrade(schema.alembic_config(connection), "base")
    db.close()
    result = check_database(str(path), PASSPHRASE)
    assert result.ok and any("made the next time" in line for line in result.advice)


def test_check_damaged_newest_backup_is_a_problem(saved_database: Path) -> None:
    newest = backup.newest_backup(saved_database)
    assert newest is not None
    newest.write_bytes(os.urandom(newest.stat().st_size))
    result = check_database(str(saved_database), PASSPHRASE)
    assert not result.ok
    assert any("newest backup" in line and "damaged" in line for line in result.problems)
