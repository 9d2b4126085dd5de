"""Storage faults (disk full, read-only, I/O errors) give one plain line and lose nothing saved."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text

from chairdesk.errors import StorageError
from chairdesk.models import Family
from chairdesk.storage import open_database
from chairdesk.storage.engine import sqlcipher_module
from chairdesk.storage.faults import plain_storage_message
from tests.conftest import PASSPHRASE
from tests.storage.support import add_case


def _on_every_connection(db: Any, pragma: str) -> None:
    db.engine.dispose()

    @event.listens_for(db.engine, "connect")
    def _limit(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(pragma)


def test_faults_disk_full_is_plain_and_keeps_earlier_data(tmp_path: Path) -> None:
    db = open_database(str(tmp_path / "chairdesk.db"), PASSPHRASE, create=True)
    try:
        add_case(db, reference="CD-0001")
        with db.engine.connect() as connection:
            pages = connection.execute(text("PRAGMA page_count")).scalar_one()
        # SQLite's own way to make the disk look full at the current size.
        _on_every_connection(db, f"PRAGMA max_page_count={pages + 1}")
        with pytest.raises(StorageError) as raised, db.transaction() as session:
            session.add(Family(case_reference="CD-0002", family_name="Big", address="x" * 500_000))
        assert str(raised.value) == (
            "the disk is full: nothing was saved; free some space and try again"
        )
        with db.transaction() as session:
            assert [f.case_reference for f in session.query(Family)] == ["CD-0001"]
        with db.engine.connect() as connection:
            assert connection.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
    finally:
        db.close()


def test_faults_read_only_database_is_plain(tmp_path: Path) -> None:
    db = open_database(str(tmp_path / "chairdesk.db"), PASSPHRASE, create=True)
    try:
        _on_every_connection(db, "PRAGMA query_only=ON")
        with pytest.raises(StorageError, match=r"^the folder or file is read-only here: nothing"):
            add_case(db)
    finally:
        db.close()


def test_faults_every_sqlite_fault_has_a_plain_line() -> None:
    errors = sqlcipher_module()
    lines = {
        text_: plain_storage_message(errors.OperationalError(text_))
        for text_ in (
            "database or disk is full",
            "attempt to write a readonly database",
            "disk I/O error",
            "database is locked",
            "database disk image is malformed",
        )
    }
    assert lines["database or disk is full"].startswith("the disk is full")
    assert lines["attempt to write a readonly database"].startswith("the folder or file is read")
    assert lines["disk I/O error"].startswith("the disk reported a read or write error")
    assert lines["database is locked"].startswith("the database is busy")
    assert lines["database disk image is malformed"].startswith("the database file is damaged")
    for line in lines.values():
        assert "\n" not in line and "nothing was saved" in line


def test_faults_rule_errors_are_not_storage_errors(tmp_path: Path) -> None:
    from sqlalchemy.exc import IntegrityError

    db = open_database(str(tmp_path / "chairdesk.db"), PASSPHRASE, create=True)
    try:
        add_case(db, reference="CD-0001")
        with pytest.raises(IntegrityError):
            add_case(db, reference="CD-0001")
    finally:
        db.close()


def test_faults_folder_turned_read_only_while_open(tmp_path: Path) -> None:
    """Saving still works through the open files; closing does not raise (the backup is
    skipped with a warning); the next open says plainly that the folder is read-only."""
    from chairdesk.storage import backup
    from tests.storage.support import fingerprint, read_only

    folder = tmp_path / "data"
    path = folder / "chairdesk.db"
    db = open_database(str(path), PASSPHRASE, create=True)
    with read_only(folder):
        add_case(db, reference="CD-0007")
        db.close()
        before = fingerprint(folder)
        with pytest.raises(StorageError) as refused:
            open_database(str(path), PASSPHRASE)
        assert "read-only" in str(refused.value) and "\n" not in str(refused.value)
        assert fingerprint(folder) == before
    assert backup.list_backups(path) == []
    db = open_database(str(path), PASSPHRASE)
    try:
        with db.transaction() as session:
            assert [f.case_reference for f in session.query(Family)] == ["CD-0007"]
    finally:
        db.close()
