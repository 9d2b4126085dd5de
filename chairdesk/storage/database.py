"""An open database: where it is, its keys, its engine (built on first use) and plain reads.

Opening a file (storage/opening.py) never loads SQLAlchemy. The engine and session factory are
made the first time a service asks for them, so the home screen can be read through the driver
alone (`Database.read`) and painted before the ORM has loaded.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chairdesk.errors import ChairDeskError, StorageError
from chairdesk.storage.faults import is_storage_fault, plain_storage_message

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine
    from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

Row = tuple[Any, ...]


def sqlite_value(value: object) -> object:
    """A parameter as SQLAlchemy stores it in SQLite: dates and times as ISO text."""
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M:%S}.{value.microsecond:06d}"
    if isinstance(value, date):
        return value.isoformat()
    return value


def reader_on(
    connection: Connection, on_sqlite: bool
) -> Callable[[str, Mapping[str, object]], list[Row]]:
    """`Database.reading`'s read function over a SQLAlchemy connection already open."""
    from sqlalchemy import text

    def read(sql: str, parameters: Mapping[str, object]) -> list[Row]:
        if on_sqlite:
            parameters = {k: sqlite_value(v) for k, v in parameters.items()}
        return [tuple(row) for row in connection.execute(text(sql), parameters)]

    return read


class Database:
    """An open database: the engine, a session factory and what the services need to know."""

    def __init__(
        self,
        location: str,
        audit_key: bytes,
        *,
        path: Path | None = None,
        raw_key: bytes | None = None,
        engine: Engine | None = None,
        build_engine: Callable[[Database], Engine] | None = None,
    ) -> None:
        if engine is None and build_engine is None:
            raise ValueError("a database needs an engine or a way to build one")
        self.location = location
        self.audit_key = audit_key
        self.path = path
        # The raw SQLCipher key, for backups (encrypted with it). Private, and the class has no
        # repr that shows it, so no test failure report or log ever prints it.
        self._key = raw_key
        self._engine = engine
        self._build_engine = build_engine
        self._sessions: sessionmaker[Session] | None = None
        self._reader: Any = None
        self._closers: list[Callable[[], object]] = []
        #: Set when something was written since opening (or since the last backup).
        self.changed = False
        self.audited = False  # audit events were written (the key file's head follows them)
        #: Transactions committed through the ORM in this session (models/due.py counts them):
        #: a screen can tell that nothing has changed since it last looked.
        self.writes = 0
        self.closed = False
        #: Who held the lock when the previous session ended without closing (a crash), else
        #: "". The UI may say "ChairDesk did not close properly last time; saved work is kept".
        self.stale_lock = ""
        #: The account whose passphrase opened the file ("" before accounts, or on a server).
        self.user = ""
        #: Failed unlocks since the last success, for the audit trail: (account tried, ISO time).
        self.failed_unlocks: tuple[tuple[str, str], ...] = ()
        #: The unlocking account's id (its entry authenticated and the account table agreed).
        self.account_id: int | None = None
        # Its private keys (storage/keyring.py AccountKeys): the audit trail is signed with them.
        self._account_keys: Any = None
        # Other accounts' keys met in this session (made here, or a second person's approval).
        self._known_keys: dict[str, Any] = {}
        self._before_close: list[Callable[[], object]] = []
        #: This opening's own random name, kept in its unlock event: no two unlocks chain to
        #: the same digest, so an unlock deleted from the end of the trail cannot be made again
        #: by the next one in the same second (the key file's head would not see the loss).
        self.session_id = secrets.token_hex(8)

    def __repr__(self) -> str:
        where = "server" if self.path is None else "file"
        return f"<Database on a {where}{', closed' if self.closed else ''}>"

    @property
    def key(self) -> bytes | None:
        """The raw SQLCipher key (None on a server)."""
        return self._key

    @property
    def account_keys(self) -> Any:
        """The acting account's private keys (None before accounts, and on a server)."""
        return self._account_keys

    def use_account_keys(self, account_keys: Any) -> None:
        self._account_keys = account_keys

    def remember_keys(self, name: str, account_keys: Any) -> None:
        from chairdesk.storage.keys import account_key_name

        self._known_keys[account_key_name(name)] = account_keys

    def keys_for(self, name: str) -> Any:
        """The keys that sign for `name`: theirs if met in this session, else the session's."""
        from chairdesk.storage.keys import account_key_name

        return self._known_keys.get(account_key_name(name), self._account_keys)

    def before_close(self, step: Callable[[], object]) -> None:
        """Run `step` while the database is still open, when it closes (the audit head)."""
        self._before_close.append(step)

    def rekey(self, new_key: bytes) -> None:
        """Re-encrypt the file with `new_key` (SQLCipher's rekey) on one connection of its own;
        the engine is rebuilt with the new key when next needed."""
        from chairdesk.storage.sqlcipher import rekey_file

        assert self.path is not None and self._key is not None
        self._close_reader()
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
            self._sessions = None
        rekey_file(self.path, self._key, new_key)
        self._key = new_key

    @property
    def is_sqlite(self) -> bool:
        return self.path is not None

    @property
    def engine_loaded(self) -> bool:
        """True once the engine (and so SQLAlchemy) has been loaded for this database."""
        return self._engine is not None

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, built (and SQLAlchemy loaded) the first time it is asked for."""
        if self._engine is None:
            if self.closed:
                raise StorageError("the database is closed")
            assert self._build_engine is not None
            # The reading connection stays open (idle, read-only) until the database closes:
            # closing it now, as the only connection, would checkpoint and remove the WAL for
            # the engine's first connection to make again.
            self._engine = self._build_engine(self)
        return self._engine

    @property
    def sessions(self) -> sessionmaker[Session]:
        if self._sessions is None:
            from sqlalchemy.orm import sessionmaker

            # Services that act as a session commits find the database in its info.
            self._sessions = sessionmaker(
                self.engine, expire_on_commit=False, info={"database": self}
            )
        return self._sessions

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One short transaction; committed when the block ends, rolled back on error."""
        from sqlalchemy.exc import DatabaseError

        changed_before = self.changed
        try:
            with self.sessions.begin() as session:
                yield session
        except BaseException as error:
            # Rolled back: nothing was written, so no backup is owed for it.
            self.changed = changed_before
            if not isinstance(error, DatabaseError) or not is_storage_fault(error):
                raise
            raise StorageError(plain_storage_message(error)) from error

    @contextmanager
    def reading(self) -> Iterator[Callable[[str, Mapping[str, object]], list[Row]]]:
        """Plain reads: a function from SQL with :name parameters to rows, in one transaction.

        Values come back as the database holds them: on SQLite dates and times are ISO text,
        on a server they are dates and datetimes. Until the engine is loaded, SQLite is read
        through the driver alone, so the first screen does not wait for SQLAlchemy.
        """
        if self._engine is None and self.path is not None:
            with self._driver_reading() as read:
                yield read
            return
        from sqlalchemy.exc import DatabaseError

        try:
            with self.engine.connect() as connection, connection.begin():
                yield reader_on(connection, self.is_sqlite)
        except DatabaseError as error:
            if not is_storage_fault(error):
                raise
            raise StorageError(plain_storage_message(error, "nothing was read")) from error

    @contextmanager
    def _driver_reading(self) -> Iterator[Callable[[str, Mapping[str, object]], list[Row]]]:
        from chairdesk.storage.sqlcipher import connect_encrypted, sqlcipher_module

        assert self.path is not None and self._key is not None
        if self.closed:
            raise StorageError("the database is closed")
        errors = sqlcipher_module().Error
        try:
            if self._reader is None:
                self.adopt_reader(connect_encrypted(self.path, self._key))
            connection = self._reader
            connection.execute("BEGIN")
        except errors as error:
            self._close_reader()
            raise StorageError(plain_storage_message(error, "nothing was read")) from error

        def read(sql: str, parameters: Mapping[str, object]) -> list[Row]:
            values = {k: sqlite_value(v) for k, v in parameters.items()}
            return [tuple(row) for row in connection.execute(sql, values).fetchall()]

        try:
            yield read
        except errors as error:
            raise StorageError(plain_storage_message(error, "nothing was read")) from error
        finally:
            try:
                connection.execute("COMMIT")
            except errors:
                self._close_reader()

    def adopt_reader(self, connection: Any) -> None:
        """Keep a driver connection (opened with the key) for `reading`; it is made read-only."""
        self._close_reader()
        connection.isolation_level = None
        connection.execute("PRAGMA query_only = ON")
        self._reader = connection

    def _close_reader(self) -> None:
        if self._reader is not None:
            reader, self._reader = self._reader, None
            try:
                reader.close()
            except Exception as error:  # closing a read-only connection changes nothing
                log.debug("the reading connection did not close cleanly: %s", type(error).__name__)

    def add_closer(self, closer: Callable[[], object]) -> None:
        self._closers.append(closer)

    def close(self) -> None:
        """Back up if anything changed (SQLite), close every connection and release the lock."""
        if self.closed:
            return
        for step in self._before_close:
            try:
                step()
            except Exception as error:  # closing must go on: backup, connections, the lock
                log.warning("a closing step did not finish: %s", type(error).__name__)
        self._before_close.clear()
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
            self.closed = True
            self._close_reader()
            if self._engine is not None:
                self._engine.dispose()
            for closer in reversed(self._closers):
                closer()
            self._closers.clear()
