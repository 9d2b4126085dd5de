"""The one place that builds an engine: encrypted SQLite by default, PostgreSQL on a server."""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import InitVar, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from chairdesk.errors import (
    ChairDeskError,
    DatabaseMissingError,
    EncryptionUnavailableError,
    IncorrectPassphraseError,
    StorageError,
)
from chairdesk.storage import keys, unlock
from chairdesk.storage.faults import (
    SQLITE_CORRUPT,
    SQLITE_NOTADB,
    is_storage_fault,
    plain_storage_message,
    sqlite_code,
)

log = logging.getLogger(__name__)

_WRITING_STATEMENTS = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER")


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
    #: The raw SQLCipher key, for backups (encrypted with it). Not a field, so no repr or
    #: pretty-printer (a test failure report, a log) ever shows it; read it as `key`.
    raw_key: InitVar[bytes | None] = None
    #: Set when something was written since opening (or since the last backup).
    changed: bool = False
    closed: bool = False
    #: Who held the lock when the previous session ended without closing (a crash), else "".
    #: The UI may say "ChairDesk did not close properly last time; saved work is kept".
    stale_lock: str = ""
    #: The account whose passphrase opened the file ("" before accounts, or on a server).
    user: str = ""
    #: Failed unlocks since the last success, for the audit trail: (account tried, ISO time).
    failed_unlocks: tuple[tuple[str, str], ...] = ()

    def __post_init__(self, raw_key: bytes | None) -> None:
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._key = raw_key

    @property
    def key(self) -> bytes | None:
        """The raw SQLCipher key (None on a server)."""
        return self._key

    @property
    def is_sqlite(self) -> bool:
        return self.path is not None

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One short transaction; committed when the block ends, rolled back on error."""
        try:
            with self.sessions.begin() as session:
                yield session
        except DatabaseError as error:
            if not is_storage_fault(error):
                raise
            raise StorageError(plain_storage_message(error)) from error

    def add_closer(self, closer: Callable[[], object]) -> None:
        self._closers.append(closer)

    def close(self) -> None:
        """Back up if anything changed (SQLite), close every connection and release the lock."""
        if self.closed:
            return
        self.closed = True
        try:
            if self.is_sqlite and self.changed:
                from chairdesk.storage import backup

                try:
                    backup.backup_now(self)
                    self.changed = False
                except ChairDeskError as error:
                    # The data is committed; a missing backup shows up in 'chairdesk check'.
                    log.warning("no backup on closing: %s", error)
        finally:
            self.engine.dispose()
            for closer in reversed(self._closers):
                closer()
            self._closers.clear()


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


_connect_encrypted = connect_encrypted


def connect_for_reading(path: Path, key: bytes) -> Any:
    """A connection that looks without changing: read-only when a WAL is present, so closing
    neither replays it into the file nor removes it (evidence of a damaged file stays intact)."""
    return connect_encrypted(path, key, read_only=path.with_name(path.name + "-wal").exists())


def _configure_sqlite(connection: Any) -> None:
    # We issue BEGIN ourselves (below), so DDL and reads are transactional too.
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


def sqlite_engine(path: Path, key: bytes) -> Engine:
    engine = create_engine(
        "sqlite+pysqlite://",
        module=sqlcipher_module(),
        creator=lambda: connect_encrypted(path, key),
        poolclass=QueuePool,
        pool_size=2,
        max_overflow=2,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        _configure_sqlite(dbapi_connection)

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # SQLAlchemy's recipe for pysqlite: the driver would otherwise skip BEGIN before DDL.
        connection.exec_driver_sql("BEGIN")

    return engine


def _track_changes(database: Database) -> None:
    @event.listens_for(database.engine, "after_cursor_execute")
    def _after_execute(*args: Any) -> None:
        statement = str(args[2]).lstrip()[:7].upper()
        if statement.startswith(_WRITING_STATEMENTS):
            database.changed = True


class _DamagedFileError(Exception):
    """The probe found damage rather than a fault of the disk."""


def probe_encrypted_file(path: Path, key: bytes) -> None:
    """Open the file with the key and check it quickly.

    Raises:
        _DamagedFileError: not a database, malformed, or holding no tables at all.
        StorageError: the disk or another program stopped the check (not damage).
    """
    dbapi2 = sqlcipher_module()
    try:
        connection = connect_for_reading(path, key)
        try:
            tables = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            row = connection.execute("PRAGMA quick_check").fetchone()
        finally:
            connection.close()
    except dbapi2.DatabaseError as error:
        if sqlite_code(error) in (SQLITE_CORRUPT, SQLITE_NOTADB, None):
            raise _DamagedFileError(type(error).__name__) from error
        raise StorageError(plain_storage_message(error, "the database was not opened")) from error
    if row is None or row[0] != "ok":
        raise _DamagedFileError("quick_check failed")
    if tables == 0:
        # ChairDesk never leaves a database without tables: this one was emptied or truncated.
        raise _DamagedFileError("no tables")


def _move_strays_aside(path: Path) -> None:
    """A -wal or -shm without its database must not be replayed into a new one."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    for suffix in ("-wal", "-shm"):
        stray = path.with_name(path.name + suffix)
        if stray.exists():
            os.replace(stray, stray.with_name(f"{stray.name}.orphan-{stamp}"))


def _key_for_new_database(path: Path, passphrase: str, user: str | None) -> unlock.Unlocked:
    """A new key file, or the existing one when the database was moved aside (backups need it)."""
    if keys.sidecar_path(path).exists():
        return unlock.unlock_key(path, passphrase, user)
    key_file, key = keys.new_key_file(passphrase)
    try:
        keys.write_key_file(path, key_file)
    except OSError as error:
        raise StorageError(f"cannot write in {path.parent}: {error.strerror}") from error
    return unlock.Unlocked(key, "")


def _create_sqlite(path: Path, passphrase: str, user: str | None) -> Database:
    from chairdesk.storage import lock, schema

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StorageError(f"cannot create the folder {path.parent}: {error.strerror}") from error
    unlocked = _key_for_new_database(path, passphrase, user)
    key = unlocked.key
    held = lock.acquire_lock(path)
    try:
        _move_strays_aside(path)
        database = Database(
            sqlite_engine(path, key), str(path), keys.subkey(key, "audit"), path, raw_key=key
        )
        database.user = unlocked.user
        database.failed_unlocks = unlocked.failed_unlocks
    except BaseException:
        held.release()
        raise
    database.add_closer(held.release)
    database.stale_lock = held.stale_holder
    try:
        schema.create(database)
    except BaseException:
        database.close()
        raise
    _track_changes(database)
    return database


def open_sqlite(
    path: Path,
    passphrase: str,
    *,
    create: bool = False,
    derived_key: bytes | None = None,
    user: str | None = None,
) -> Database:
    """Open (or create) the encrypted database file at `path`.

    `user` names the account whose passphrase this is, once the database has accounts (without
    it each account is tried). `derived_key` skips the Argon2id step for a caller that holds the
    key from earlier in this session; it is checked against the key file all the same.

    Raises:
        UnsafeLocationError: a synced folder or network share.
        DatabaseMissingError: no file and `create` is false.
        KeyFileMissingError: the key file beside the database is missing; nothing was touched.
        IncorrectPassphraseError: the passphrase does not match; no byte was touched.
        UnlockDelayedError: several wrong passphrases in a row; the next try has to wait.
        DatabaseLockedError: another copy of ChairDesk has it open.
        DamagedDatabaseError: the file is damaged; it has been moved aside.
    """
    from chairdesk.storage import lock, safety, schema

    safety.refuse_unsafe_location(path)
    path = path.expanduser().resolve()
    sqlcipher_module()
    if not path.exists():
        if not create:
            raise DatabaseMissingError(path)
        return _create_sqlite(path, passphrase, user)

    if derived_key is not None:
        if keys.key_check(derived_key) != keys.read_key_file(path).check:
            raise IncorrectPassphraseError()
        unlocked = unlock.Unlocked(derived_key, user or "")
    else:
        unlocked = unlock.unlock_key(path, passphrase, user)
    key = unlocked.key
    held = lock.acquire_lock(path)
    try:
        probe_encrypted_file(path, key)
    except _DamagedFileError as damage:
        log.warning("database failed to open: %s", damage)
        try:
            safety.quarantine_and_raise(path)
        finally:
            held.release()
    except BaseException:
        held.release()
        raise
    database = Database(
        sqlite_engine(path, key), str(path), keys.subkey(key, "audit"), path, raw_key=key
    )
    database.user = unlocked.user
    database.failed_unlocks = unlocked.failed_unlocks
    database.add_closer(held.release)
    database.stale_lock = held.stale_holder
    _track_changes(database)
    try:
        schema.upgrade(database)
    except BaseException:
        database.close()
        raise
    return database


def server_engine(url: str) -> Engine:
    """An engine for a council PostgreSQL server (no connection is made yet)."""
    return create_engine(url, pool_pre_ping=True)


def open_server(url: str, passphrase: str | None = None, *, create: bool = True) -> Database:
    """A council PostgreSQL server. The same models; the server does encryption and access."""
    try:
        engine = server_engine(url)
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except (DatabaseError, ImportError) as error:
        raise ChairDeskError(
            "cannot reach the database server: check the address in the settings"
        ) from error
    audit_seed = (passphrase or "").encode() + url.split("@")[-1].encode()
    database = Database(engine, url, hashlib.sha256(b"chairdesk audit " + audit_seed).digest())
    from chairdesk.storage import schema

    try:
        if create:
            schema.create(database)
        else:
            schema.upgrade(database)
    except BaseException:
        database.close()
        raise
    return database


def open_database(
    location: str, passphrase: str, *, create: bool = False, user: str | None = None
) -> Database:
    """The database at a file path or server URL. On a server, accounts are checked by the
    services (`AccountService.sign_in`), since the passphrase does not encrypt anything there."""
    if is_server_url(location):
        database = open_server(location, passphrase, create=True)
        database.user = user or ""
        return database
    return open_sqlite(Path(location), passphrase, create=create, user=user)
