"""The SQLCipher driver on its own: encrypted connections, their settings and a quick probe.

Nothing here imports SQLAlchemy, so a database can be unlocked, checked and read for the first
screen before the ORM has loaded.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from chairdesk.errors import EncryptionUnavailableError, StorageError
from chairdesk.storage.faults import (
    SQLITE_CORRUPT,
    SQLITE_NOTADB,
    plain_storage_message,
    sqlite_code,
)


class DamagedFileError(Exception):
    """The probe found damage rather than a fault of the disk."""


def sqlcipher_module() -> Any:
    try:
        from sqlcipher3 import dbapi2
    except ImportError as error:  # fail closed: never fall back to plain SQLite
        raise EncryptionUnavailableError() from error
    return dbapi2


def connect_encrypted(path: Path, key: bytes, *, read_only: bool = False) -> Any:
    """A raw sqlcipher3 connection to `path` with the raw key (no second key derivation).

    Read-only connections never checkpoint or remove a WAL when they close, so looking at a
    damaged file leaves it (and its WAL) exactly as it was.
    """
    module = sqlcipher_module()
    if read_only:
        uri = path.resolve().as_uri() + "?mode=ro"
        connection = module.connect(uri, uri=True, check_same_thread=False, timeout=10)
    else:
        connection = module.connect(str(path), check_same_thread=False, timeout=10)
    # SQLCipher would print its own lines on stderr for a damaged file; we report it plainly.
    connection.execute("PRAGMA cipher_log_level = NONE")
    connection.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    return connection


def rekey_file(path: Path, key: bytes, new_key: bytes) -> None:
    """Re-encrypt every page with `new_key` (and its salt) in one transaction of SQLCipher's.

    The WAL is checkpointed into the file first, so no page is left under the old key."""
    connection = connect_encrypted(path, key)
    try:
        connection.isolation_level = None
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        connection.execute(f"PRAGMA rekey = \"x'{new_key.hex()}'\"")
        connection.execute("SELECT count(*) FROM sqlite_master").fetchall()
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    finally:
        connection.close()


def file_salt(path: Path) -> bytes:
    """The first 16 bytes of the file: SQLCipher's salt, readable without the key."""
    try:
        with open(path, "rb") as handle:
            return handle.read(16)
    except OSError:
        return b""


def connect_for_reading(path: Path, key: bytes) -> Any:
    """A connection that looks without changing: read-only when a WAL is present, so closing
    neither replays it into the file nor removes it (evidence of a damaged file stays intact)."""
    return connect_encrypted(path, key, read_only=path.with_name(path.name + "-wal").exists())


def configure_connection(connection: Any) -> None:
    """The settings every connection ChairDesk writes through has (and the first read)."""
    # We issue BEGIN ourselves, so DDL and reads are transactional too.
    connection.isolation_level = None
    cursor = connection.cursor()
    # The first read proves the key; a damaged file fails here.
    cursor.execute("SELECT count(*) FROM sqlite_master")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def probe_encrypted_file(path: Path, key: bytes, *, full: bool = True) -> tuple[str | None, Any]:
    """Open the file with the key, check it; its schema revision and the connection.

    `full` runs `PRAGMA quick_check` over every page (it grows with the file: about 1 s at
    2,000 families); without it, the first page and the schema are decrypted, their MACs
    checked and read, which is what storage/check.py's `full_check_needed` allows after a
    clean close (docs/decisions.md, "The check at open").

    The revision is the one recorded by the migrations (None when there is none), so a caller
    can tell whether the schema is current without loading the migration machinery. The
    connection is returned for reading when it may be kept (None when the file was looked at
    read-only, because a WAL was there).

    Keeping it open means the engine's first connection finds the WAL and its index in place
    rather than making them again after the probe, as the only connection, removed them.

    Raises:
        DamagedFileError: not a database, malformed, or holding no tables at all.
        StorageError: the disk or another program stopped the check (not damage).
    """
    dbapi2 = sqlcipher_module()
    read_only = path.with_name(path.name + "-wal").exists()
    kept = False
    try:
        connection = connect_encrypted(path, key, read_only=read_only)
        try:
            tables = connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
            ).fetchall()
            row = connection.execute("PRAGMA quick_check" if full else "SELECT 'ok'").fetchone()
            revision = None
            if ("alembic_version",) in tables:
                found = connection.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = str(found[0]) if found else None
            kept = not read_only and row is not None and row[0] == "ok" and bool(tables)
        finally:
            if not kept:
                connection.close()
    except dbapi2.DatabaseError as error:
        if sqlite_code(error) in (SQLITE_CORRUPT, SQLITE_NOTADB, None):
            raise DamagedFileError(type(error).__name__) from error
        raise StorageError(plain_storage_message(error, "the database was not opened")) from error
    if row is None or row[0] != "ok":
        raise DamagedFileError("quick_check failed")
    if not tables:
        # ChairDesk never leaves a database without tables: this one was emptied or truncated.
        raise DamagedFileError("no tables")
    return revision, connection if kept else None
