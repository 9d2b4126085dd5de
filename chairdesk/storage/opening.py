"""Opening a database: an encrypted file (the default) or a council's PostgreSQL server.

Opening a file that is already at the newest schema loads no SQLAlchemy: the key is derived,
the lock taken and the file probed through the driver, and the engine is built the first time
a service needs it (storage/database.py). A new file, or one to upgrade, gets its engine at once.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from chairdesk import files
from chairdesk.errors import (
    ChairDeskError,
    DatabaseMissingError,
    IncorrectPassphraseError,
    StorageError,
)
from chairdesk.storage import identity, keys, open_check, unlock
from chairdesk.storage.database import Database
from chairdesk.storage.revision import HEAD_REVISION
from chairdesk.storage.sqlcipher import DamagedFileError, probe_encrypted_file, sqlcipher_module

if TYPE_CHECKING:
    from sqlalchemy import Engine

log = logging.getLogger(__name__)


def is_server_url(location: str) -> bool:
    return location.startswith(("postgresql", "postgres://"))


def _build_sqlite_engine(database: Database) -> Engine:
    from chairdesk.storage import engine

    return engine.sqlite_engine_for(database)


def _file_database(path: Path, unlocked: unlock.Unlocked, key: bytes) -> Database:
    database = Database(
        str(path),
        keys.subkey(key, "audit"),
        path=path,
        raw_key=key,
        build_engine=_build_sqlite_engine,
    )
    database.user = unlocked.user
    database.failed_unlocks = unlocked.failed_unlocks
    return database


def _move_strays_aside(path: Path) -> None:
    """A -wal or -shm without its database must not be replayed into a new one."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    for suffix in ("-wal", "-shm"):
        stray = path.with_name(path.name + suffix)
        if stray.exists():
            files.move_into_place(stray, stray.with_name(f"{stray.name}.orphan-{stamp}"))


def _key_for_new_database(
    path: Path, passphrase: str, user: str | None
) -> tuple[unlock.Unlocked, bytes]:
    """A new key file, or the existing one when the database was moved aside (backups need it)."""
    if keys.sidecar_path(path).exists():
        unlocked = unlock.unlock_key(path, passphrase, user)
        key_file = keys.read_key_file(path)
        if key_file.has_accounts:
            # Its accounts' keys belong to the file moved aside; a new file starts without any.
            raise StorageError(
                "the key file beside the database belongs to the file that was moved aside; "
                "restore that file from a backup, or move the key file aside to start afresh"
            )
        return unlocked, keys.sqlcipher_key(unlocked.key, key_file.file_salt)
    key_file, key = keys.new_key_file(passphrase)
    try:
        keys.write_key_file(path, key_file)
    except OSError as error:
        raise StorageError(f"cannot write in {path.parent}: {error.strerror}") from error
    return unlock.Unlocked(key[:32], ""), key


def _create_sqlite(path: Path, passphrase: str, user: str | None) -> Database:
    from chairdesk.storage import lock, schema

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StorageError(f"cannot create the folder {path.parent}: {error.strerror}") from error
    unlocked, key = _key_for_new_database(path, passphrase, user)
    held = lock.acquire_lock(path)
    try:
        _move_strays_aside(path)
        files.create_private(path)  # 0600 before SQLite first writes it (chairdesk/files.py)
        database = _file_database(path, unlocked, key)
    except BaseException:
        held.release()
        raise
    database.add_closer(held.release)
    database.add_closer(lambda: open_check.record_clean_close(path, date.today()))
    database.stale_lock = held.stale_holder
    try:
        schema.create(database)
        identity.confirm(database, unlocked, rekeyed=False)
    except BaseException:
        database.close()
        raise
    database.changed = False  # empty tables alone need no backup when it closes
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
    from chairdesk.storage import lock, safety

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
        unlocked = unlock.Unlocked(derived_key[:32], user or "")
    else:
        unlocked = unlock.unlock_key(path, passphrase, user)
    key_file = keys.read_key_file(path)
    held = lock.acquire_lock(path)
    try:
        key, rekeyed = identity.file_key(path, key_file, unlocked)
        # Every page only when the file may have changed since a clean close (open_check.py).
        full = open_check.full_check_needed(path)
        checked_on = date.today() if full else open_check.last_full_check(path)
        revision, connection = probe_encrypted_file(path, key, full=full)
    except DamagedFileError as damage:
        log.warning("database failed to open: %s", damage)
        try:
            safety.quarantine_and_raise(path)
        finally:
            held.release()
    except BaseException:
        held.release()
        raise
    database = _file_database(path, unlocked, key)
    database.add_closer(held.release)
    # Closers run last first: the marker is written once every connection has closed.
    database.add_closer(lambda: open_check.record_clean_close(path, checked_on))
    database.stale_lock = held.stale_holder
    if connection is not None:
        database.adopt_reader(connection)
    try:
        if revision != HEAD_REVISION:
            from chairdesk.storage import schema

            schema.upgrade(database)
        identity.confirm(database, unlocked, rekeyed)
    except BaseException:
        database.close()
        raise
    return database


def open_server(url: str, passphrase: str | None = None, *, create: bool = True) -> Database:
    """A council PostgreSQL server. The same models; the server does encryption and access."""
    from sqlalchemy import text
    from sqlalchemy.exc import DatabaseError

    from chairdesk.storage import engine as engines
    from chairdesk.storage import schema

    try:
        engine = engines.server_engine(url)
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except (DatabaseError, ImportError) as error:
        raise ChairDeskError(
            "cannot reach the database server: check the address in the settings"
        ) from error
    audit_seed = (passphrase or "").encode() + url.split("@")[-1].encode()
    database = Database(
        url, hashlib.sha256(b"chairdesk audit " + audit_seed).digest(), engine=engine
    )
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
