"""The one place that builds an engine: encrypted SQLite by default, PostgreSQL on a council server."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from chairdesk.errors import (
    ChairDeskError,
    DatabaseMissingError,
    EncryptionUnavailableError,
    IncorrectPassphraseError,
    StorageError,
)
from chairdesk.storage import keys

log = logging.getLogger(__name__)


def is_server_url(location: str) -> bool:
    return location.startswith(("postgresql", "postgres://"))


@dataclass
class Database:
    """An open database: the engine, a session factory and what the services need to know."""

    engine: Engine
    location: str
    audit_key: bytes
    path: Path | None = None
    _closers: list[Any] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.path is not None

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One short transaction; committed when the block ends, rolled back on error."""
        try:
            with self.sessions.begin() as session:
                yield session
        except OperationalError as error:
            raise StorageError(_plain_storage_message(error)) from error

    def add_closer(self, closer: Any) -> None:
        self._closers.append(closer)

    def close(self) -> None:
        self.engine.dispose()
        for closer in reversed(self._closers):
            closer()
        self._closers.clear()


def _plain_storage_message(error: Exception) -> str:
    message = str(getattr(error, "orig", error)).lower()
    if "full" in message:
        return "the disk is full: nothing was saved; free some space and try again"
    if "readonly" in message or "read-only" in message:
        return "the database is read-only here: nothing was saved"
    if "locked" in message or "busy" in message:
        return "the database is busy: nothing was saved; try again in a moment"
    return "the database could not be written: nothing was saved"


def _sqlcipher() -> Any:
    try:
        from sqlcipher3 import dbapi2
    except ImportError as error:  # fail closed: never fall back to plain SQLite
        raise EncryptionUnavailableError() from error
    return dbapi2


def _connect_encrypted(path: Path, key: bytes) -> Any:
    dbapi2 = _sqlcipher()
    connection = dbapi2.connect(str(path), check_same_thread=False, timeout=10)
    connection.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    return connection


def _configure_sqlite(connection: Any) -> None:
    cursor = connection.cursor()
    # The first read proves the key; a damaged file fails here.
    cursor.execute("SELECT count(*) FROM sqlite_master")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def sqlite_engine(path: Path, key: bytes) -> Engine:
    engine = create_engine(
        "sqlite+pysqlite://",
        module=_sqlcipher(),
        creator=lambda: _connect_encrypted(path, key),
        poolclass=QueuePool,
        pool_size=2,
        max_overflow=2,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        _configure_sqlite(dbapi_connection)

    return engine


def probe_encrypted_file(path: Path, key: bytes) -> None:
    """Open the file once with the key and read the schema; raises sqlite's DatabaseError if not."""
    connection = _connect_encrypted(path, key)
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchall()
        row = connection.execute("PRAGMA quick_check").fetchone()
        if row is None or row[0] != "ok":
            raise _sqlcipher().DatabaseError(f"quick_check: {row}")
    finally:
        connection.close()


def open_sqlite(path: Path, passphrase: str, *, create: bool = False) -> Database:
    """Open (or create) the encrypted database file at `path`.

    Raises:
        DatabaseMissingError: no file and `create` is false.
        IncorrectPassphraseError: the passphrase does not match; no byte was touched.
        DamagedDatabaseError: the file is damaged; it has been moved aside.
    """
    from chairdesk.storage import safety  # local: safety imports this module's helpers

    path = path.expanduser().resolve()
    safety.refuse_unsafe_location(path)
    dbapi2 = _sqlcipher()
    if not path.exists():
        if not create:
            raise DatabaseMissingError(path)
        if not path.parent.exists():
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise StorageError(f"cannot create the folder {path.parent}: {error}") from error
        key_file, key = keys.new_key_file(passphrase)
        try:
            keys.write_key_file(path, key_file)
        except OSError as error:
            raise StorageError(f"cannot write in {path.parent}: {error.strerror}") from error
        lock = safety.acquire_lock(path)
        engine = sqlite_engine(path, key)
        database = Database(engine, str(path), keys.subkey(key, "audit"), path)
        database.add_closer(lock.release)
        try:
            from chairdesk.storage import schema

            schema.create(database)
        except BaseException:
            database.close()
            raise
        return database

    key_file = keys.read_key_file(path)
    key = keys.derive_key(passphrase, key_file.salt, key_file.parameters)
    if key != b"" and keys.key_check(key) != key_file.check:
        raise IncorrectPassphraseError()
    lock = safety.acquire_lock(path)
    try:
        probe_encrypted_file(path, key)
    except dbapi2.DatabaseError as error:
        lock.release()
        log.warning("database failed to open: %s", type(error).__name__)
        safety.quarantine_and_raise(path)
    engine = sqlite_engine(path, key)
    database = Database(engine, str(path), keys.subkey(key, "audit"), path)
    database.add_closer(lock.release)
    try:
        from chairdesk.storage import schema

        schema.upgrade(database)
    except ChairDeskError:
        database.close()
        raise
    return database


def open_server(url: str, passphrase: str | None = None, *, create: bool = True) -> Database:
    """A council PostgreSQL server. The same models; the server does encryption and access."""
    try:
        engine = create_engine(url, pool_pre_ping=True)
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except DatabaseError as error:
        raise ChairDeskError(
            "cannot reach the database server: check the address in the settings"
        ) from error
    audit_seed = (passphrase or "").encode() + url.split("@")[-1].encode()
    database = Database(engine, url, hashlib.sha256(b"chairdesk audit " + audit_seed).digest())
    from chairdesk.storage import schema

    if create:
        schema.create(database)
    return database


def open_database(location: str, passphrase: str, *, create: bool = False) -> Database:
    if is_server_url(location):
        return open_server(location, passphrase, create=True)
    return open_sqlite(Path(location), passphrase, create=create)
