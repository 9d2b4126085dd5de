"""A damaged file is moved aside with its backup offered; a wrong passphrase changes nothing."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from chairdesk.errors import (
    DamagedDatabaseError,
    IncorrectPassphraseError,
    KeyFileMissingError,
    StorageError,
)
from chairdesk.models import Family
from chairdesk.storage import backup, keys, open_database
from tests.conftest import PASSPHRASE
from tests.storage.support import add_case, fingerprint, read_only


@pytest.fixture
def saved_database(tmp_path: Path) -> Path:
    """A database with one fictional case, closed (so it has a backup)."""
    path = tmp_path / "chairdesk.db"
    db = open_database(str(path), PASSPHRASE, create=True)
    add_case(db)
    db.close()
    assert backup.newest_backup(path) is not None
    return path


def _flip_salt(data: bytes) -> bytes:
    return bytes(b ^ 0xFF for b in data[:16]) + data[16:]


def _flip_first_page(data: bytes) -> bytes:
    return data[:16] + bytes(b ^ 0x5A for b in data[16:100]) + data[100:]


def _truncate_half(data: bytes) -> bytes:
    return data[: (len(data) // 2 // 4096) * 4096]


def _truncate_ragged(data: bytes) -> bytes:
    return data[: len(data) - 1000]


def _truncate_to_nothing(data: bytes) -> bytes:
    return b""


def _zeros(data: bytes) -> bytes:
    return bytes(len(data))


def _random(data: bytes) -> bytes:
    return os.urandom(len(data))


CORRUPTIONS: dict[str, Callable[[bytes], bytes]] = {
    "flipped salt": _flip_salt,
    "flipped header": _flip_first_page,
    "truncated at a page": _truncate_half,
    "truncated mid-page": _truncate_ragged,
    "emptied": _truncate_to_nothing,
    "zeros": _zeros,
    "random bytes": _random,
}


@pytest.mark.parametrize("corruption", sorted(CORRUPTIONS))
def test_damage_file_is_moved_aside_and_backup_offered(
    saved_database: Path, corruption: str
) -> None:
    path = saved_database
    damaged = CORRUPTIONS[corruption](path.read_bytes())
    path.write_bytes(damaged)
    newest = backup.newest_backup(path)

    with pytest.raises(DamagedDatabaseError) as raised:
        open_database(str(path), PASSPHRASE)

    error = raised.value
    assert error.moved_to is not None and error.backup == newest
    # Never deleted: the damaged bytes are kept, beside the place, with a copy of the key file.
    assert error.moved_to.read_bytes() == damaged
    assert keys.sidecar_path(error.moved_to).exists()
    assert not path.exists()
    message = str(error)
    assert str(error.moved_to) in message and str(newest) in message and "restore" in message
    # The offer works: restore the backup and the case is back.
    assert newest is not None
    backup.restore_backup(newest, path)
    db = open_database(str(path), PASSPHRASE)
    try:
        with db.transaction() as session:
            assert session.query(Family).one().case_reference == "CD-0001"
    finally:
        db.close()


def test_damage_wal_and_shm_move_aside_with_the_file(tmp_path: Path) -> None:
    path = tmp_path / "chairdesk.db"
    db = open_database(str(path), PASSPHRASE, create=True)
    add_case(db)
    wal = path.read_bytes(), path.with_name(path.name + "-wal").read_bytes()
    db.close()
    # A crash leaves the WAL behind; then the main file is damaged.
    path.write_bytes(bytes(len(wal[0])))
    path.with_name(path.name + "-wal").write_bytes(wal[1])
    with pytest.raises(DamagedDatabaseError) as raised:
        open_database(str(path), PASSPHRASE)
    moved = raised.value.moved_to
    assert moved is not None
    assert moved.read_bytes() == bytes(len(wal[0]))
    assert moved.with_name(moved.name + "-wal").read_bytes() == wal[1]
    assert not path.with_name(path.name + "-wal").exists()


def test_damage_without_backup_says_so(tmp_path: Path) -> None:
    path = tmp_path / "chairdesk.db"
    open_database(str(path), PASSPHRASE, create=True).close()
    assert backup.newest_backup(path) is None
    path.write_bytes(os.urandom(path.stat().st_size))
    with pytest.raises(DamagedDatabaseError, match="no backup was found"):
        open_database(str(path), PASSPHRASE)


def test_damage_wrong_passphrase_is_a_different_error_and_changes_no_byte(
    saved_database: Path,
) -> None:
    before = fingerprint(saved_database.parent, key_files=False)
    with pytest.raises(IncorrectPassphraseError):
        open_database(str(saved_database), "not the passphrase")
    # Only the key file changes: it counts the failure, to slow the next guesses.
    assert fingerprint(saved_database.parent, key_files=False) == before
    assert keys.read_key_file(saved_database).failures[""].count == 1


def test_damage_wrong_passphrase_on_a_damaged_file_still_says_passphrase(
    saved_database: Path,
) -> None:
    saved_database.write_bytes(_zeros(saved_database.read_bytes()))
    before = fingerprint(saved_database.parent, key_files=False)
    with pytest.raises(IncorrectPassphraseError):
        open_database(str(saved_database), "not the passphrase")
    # Only the key file changes: it counts the failure, to slow the next guesses.
    assert fingerprint(saved_database.parent, key_files=False) == before
    assert keys.read_key_file(saved_database).failures[""].count == 1


def test_damage_missing_key_file_leaves_the_database_untouched(saved_database: Path) -> None:
    keys.sidecar_path(saved_database).unlink()
    before = fingerprint(saved_database.parent)
    with pytest.raises(KeyFileMissingError, match="restore it"):
        open_database(str(saved_database), PASSPHRASE)
    assert fingerprint(saved_database.parent) == before


def test_damage_new_database_keeps_the_key_file_of_one_moved_aside(saved_database: Path) -> None:
    """After a damaged file is moved aside, a new database must not replace the key file
    the backups need."""
    before = keys.read_key_file(saved_database)
    saved_database.write_bytes(_zeros(saved_database.read_bytes()))
    with pytest.raises(DamagedDatabaseError):
        open_database(str(saved_database), PASSPHRASE)
    with pytest.raises(IncorrectPassphraseError):
        open_database(str(saved_database), "someone else", create=True)
    open_database(str(saved_database), PASSPHRASE, create=True).close()
    after = keys.read_key_file(saved_database)
    # The same key (salt, cost and check); only the count of failed unlocks may differ.
    assert (after.salt, after.parameters, after.check) == (
        before.salt,
        before.parameters,
        before.check,
    )


def test_damage_read_only_folder_is_not_mistaken_for_damage(saved_database: Path) -> None:
    before = fingerprint(saved_database.parent)
    with read_only(saved_database.parent), pytest.raises(StorageError, match="read-only"):
        open_database(str(saved_database), PASSPHRASE)
    assert saved_database.exists()
    assert fingerprint(saved_database.parent) == before


def test_damage_wrong_derived_key_is_refused_like_a_wrong_passphrase(saved_database: Path) -> None:
    from chairdesk.storage.engine import open_sqlite

    key_file = keys.read_key_file(saved_database)
    before = fingerprint(saved_database.parent)
    with pytest.raises(IncorrectPassphraseError):
        open_sqlite(saved_database, "", derived_key=bytes(32))
    assert fingerprint(saved_database.parent) == before
    right = keys.derive_key(PASSPHRASE, key_file.salt, key_file.parameters)
    open_sqlite(saved_database, "", derived_key=right).close()


def test_damage_reported_without_sqlcipher_noise_on_stderr(saved_database: Path) -> None:
    """The command line promises one plain line on stderr: SQLCipher must not add its own."""
    import subprocess
    import sys

    from tests.storage.support import REPOSITORY

    saved_database.write_bytes(_flip_salt(saved_database.read_bytes()))
    script = (
        "import logging, sys\n"
        "logging.disable(logging.CRITICAL)  # our own log goes to a file in the app\n"
        "from chairdesk.errors import DamagedDatabaseError\n"
        "from chairdesk.storage import open_database\n"
        "try:\n"
        f"    open_database({str(saved_database)!r}, {PASSPHRASE!r})\n"
        "except DamagedDatabaseError as error:\n"
        "    print(error, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=REPOSITORY, capture_output=True, text=True, check=True
    )
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("the database file is damaged")
