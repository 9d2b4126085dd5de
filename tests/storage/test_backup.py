"""Backups: SQLite's backup API, encrypted with the same key, atomic, rotated, restorable."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from chairdesk.errors import ChairDeskError, StorageError
from chairdesk.models import Family
from chairdesk.storage import backup, keys, open_database
from chairdesk.storage.engine import connect_encrypted
from tests.conftest import PASSPHRASE
from tests.storage.support import add_case, fingerprint, read_only


def _families_in(copy: Path, key: bytes) -> list[str]:
    connection = connect_encrypted(copy, key, read_only=True)
    try:
        return [row[0] for row in connection.execute("SELECT case_reference FROM family")]
    finally:
        connection.close()


def test_backup_is_a_complete_encrypted_copy_with_its_key_file(tmp_path: Path) -> None:
    path = tmp_path / "chairdesk.db"
    db = open_database(str(path), PASSPHRASE, create=True)
    try:
        add_case(db, reference="CD-0042")
        copy = backup.backup_now(db)
        key = db.key
    finally:
        db.close()
    assert copy.parent == tmp_path / "chairdesk.db-backups"
    assert key is not None and _families_in(copy, key) == ["CD-0042"]
    # The copy carries its own key file, so it opens with the passphrase alone.
    assert keys.sidecar_path(copy).read_bytes() == keys.sidecar_path(path).read_bytes()
    restored = tmp_path / "restored" / "chairdesk.db"
    restored.parent.mkdir()
    backup.restore_backup(copy, restored)
    again = open_database(str(restored), PASSPHRASE)
    try:
        with again.transaction() as session:
            assert [f.case_reference for f in session.query(Family)] == ["CD-0042"]
    finally:
        again.close()
    assert not list(copy.parent.glob("*.tmp"))


def test_backup_rotation_keeps_the_newest_ten_and_the_days_first(tmp_path: Path) -> None:
    path = tmp_path / "chairdesk.db"
    db = open_database(str(path), PASSPHRASE, create=True)
    try:
        written = [backup.backup_now(db) for _ in range(13)]
    finally:
        db.close()
    kept = backup.list_backups(path)
    # The first of the day (and of the week) stays too: storage/generations.py.
    assert kept == [written[0], *written[-10:]]
    assert len(list(backup.backup_folder(path).glob("*.kdf.json"))) == 11


def test_backup_taken_on_close_only_after_changes(tmp_path: Path) -> None:
    path = tmp_path / "chairdesk.db"
    open_database(str(path), PASSPHRASE, create=True).close()
    assert backup.list_backups(path) == []  # a new, empty database: nothing to keep
    db = open_database(str(path), PASSPHRASE)
    with db.transaction() as session:
        session.query(Family).all()
    db.close()
    assert backup.list_backups(path) == []  # only read
    db = open_database(str(path), PASSPHRASE)
    add_case(db)
    db.close()
    assert len(backup.list_backups(path)) == 1


def test_backup_into_a_read_only_folder_keeps_the_old_backups(tmp_path: Path) -> None:
    path = tmp_path / "chairdesk.db"
    db = open_database(str(path), PASSPHRASE, create=True)
    try:
        add_case(db)
        backup.backup_now(db)
        folder = backup.backup_folder(path)
        before = fingerprint(folder)
        time.sleep(0.01)
        with read_only(folder):
            add_case(db, reference="CD-0002")
            with pytest.raises(StorageError, match="read-only") as raised:
                backup.backup_now(db)
            assert "earlier backups are unchanged" in str(raised.value)
            assert fingerprint(folder) == before
    finally:
        db.close()
    # The failed backup is not forgotten: closing (in a writable folder again) backs up.
    assert len(backup.list_backups(path)) == 2


def test_backup_restore_refuses_to_overwrite_a_database(tmp_path: Path) -> None:
    path = tmp_path / "chairdesk.db"
    db = open_database(str(path), PASSPHRASE, create=True)
    add_case(db)
    db.close()
    copy = backup.newest_backup(path)
    assert copy is not None
    before = fingerprint(tmp_path)
    with pytest.raises(ChairDeskError, match="move it aside"):
        backup.restore_backup(copy, path)
    assert fingerprint(tmp_path) == before


def test_backup_of_a_server_database_is_refused_plainly(database) -> None:  # type: ignore[no-untyped-def]
    if database.is_sqlite:
        assert backup.backup_now(database).exists()
        return
    with pytest.raises(ChairDeskError, match="server"):
        backup.backup_now(database)


def test_backup_leftovers_of_a_crashed_backup_are_cleared(tmp_path: Path) -> None:
    path = tmp_path / "chairdesk.db"
    db = open_database(str(path), PASSPHRASE, create=True)
    try:
        folder = backup.backup_folder(path)
        folder.mkdir()
        leftover = folder / "chairdesk-20250101-000000-000000.db.tmp"
        leftover.write_bytes(b"half a backup")
        lone = folder / "chairdesk-20250101-000000-000001.db.kdf.json"
        lone.write_text("{}")
        kept = backup.backup_now(db)
    finally:
        db.close()
    assert not leftover.exists() and not lone.exists()
    assert sorted(p.name for p in folder.iterdir()) == [kept.name, kept.name + ".kdf.json"]
