"""Nothing is stored in plain text: the database, its WAL and its backups are all encrypted."""

from __future__ import annotations

import subprocess
from pathlib import Path

from chairdesk.storage import backup, open_database
from tests.conftest import PASSPHRASE
from tests.storage.support import add_case, new_markers
from tests.support.tools import need_tool


def _contains_any(data: bytes, markers: tuple[str, ...]) -> list[str]:
    found = []
    for marker in markers:
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            if marker.encode(encoding) in data:
                found.append(marker)
    return found


def test_encryption_markers_absent_from_file_wal_and_backups(tmp_path: Path) -> None:
    path = tmp_path / "chairdesk.db"
    markers = new_markers()
    db = open_database(str(path), PASSPHRASE, create=True)
    try:
        add_case(db, markers)
        wal = path.with_name(path.name + "-wal")
        # While open, the new rows live in the WAL: it must be encrypted too.
        assert wal.exists() and wal.stat().st_size > 0
        assert _contains_any(wal.read_bytes(), markers.all()) == []
        assert _contains_any(path.read_bytes(), markers.all()) == []
        written = backup.backup_now(db)
    finally:
        db.close()
    assert _contains_any(path.read_bytes(), markers.all()) == []
    backups = backup.list_backups(path)
    # Nothing changed after the explicit backup, so closing added none.
    assert backups == [written]
    for copy in backups:
        assert _contains_any(copy.read_bytes(), markers.all()) == []
    # And the data really is there, read back through the key.
    reopened = open_database(str(path), PASSPHRASE)
    try:
        from chairdesk.models import Entry, Family, Person

        with reopened.transaction() as session:
            assert session.query(Family).one().family_name == markers.family_name
            assert session.query(Person).one().name == markers.person_name
            assert session.query(Entry).one().text == markers.entry_text
    finally:
        reopened.close()


def test_encryption_plain_sqlite_cannot_read_the_file(tmp_path: Path) -> None:
    sqlite3 = need_tool("sqlite3")
    path = tmp_path / "chairdesk.db"
    db = open_database(str(path), PASSPHRASE, create=True)
    add_case(db)
    db.close()
    result = subprocess.run(
        [sqlite3, str(path), "SELECT count(*) FROM family;"], capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "not a database" in result.stderr
    for copy in backup.list_backups(path):
        result = subprocess.run(
            [sqlite3, str(copy), "SELECT name FROM sqlite_master;"], capture_output=True, text=True
        )
        assert result.returncode != 0


def test_encryption_sidecar_holds_no_key(tmp_path: Path) -> None:
    from chairdesk.storage import keys

    path = tmp_path / "chairdesk.db"
    db = open_database(str(path), PASSPHRASE, create=True)
    key = db.key
    db.close()
    assert key is not None
    sidecar = keys.sidecar_path(path).read_text(encoding="utf-8")
    assert key.hex() not in sidecar
    assert PASSPHRASE not in sidecar


def test_encryption_key_never_in_the_database_objects_repr_or_fields(tmp_path: Path) -> None:
    import pprint

    db = open_database(str(tmp_path / "chairdesk.db"), PASSPHRASE, create=True)
    try:
        assert db.key is not None
        for shown in (repr(db), pprint.pformat(db), str(db)):
            assert db.key.hex() not in shown and repr(db.key) not in shown
        public = {name: value for name, value in vars(db).items() if not name.startswith("_")}
        assert "key" not in public and "raw_key" not in public
        assert db.key not in public.values()
    finally:
        db.close()
