"""The one place that builds an engine: encrypted SQLite by default, PostgreSQL on a server.

Importing this module loads SQLAlchemy; opening a database (storage/opening.py) does not, and
asks for an engine here only when a service first needs one.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from chairdesk.storage.database import Database
from chairdesk.storage.opening import (
    is_server_url,
    open_database,
    open_server,
    open_sqlite,
)
from chairdesk.storage.sqlcipher import (
    configure_connection,
    connect_encrypted,
    connect_for_reading,
    sqlcipher_module,
)

__all__ = [
    "Database",
    "connect_encrypted",
    "connect_for_reading",
    "is_server_url",
    "open_database",
    "open_server",
    "open_sqlite",
    "server_engine",
    "sqlcipher_module",
    "sqlite_engine",
    "sqlite_engine_for",
]

log = logging.getLogger(__name__)

_WRITING_STATEMENTS = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER")
# What a reading session writes: its own audit events (the unlock, an export). They alone do
# not make a backup, so a burst of reads never rotates an older backup out.
_READING_SESSION_WRITES = ("INSERT INTO AUDIT_EVENT ", "UPDATE AUDIT_EVENT ")


def sqlite_engine(path: Path, key: bytes) -> Engine:
    engine = create_engine(
        "sqlite+pysqlite://",
        module=sqlcipher_module(),
        # Looked up when each connection is made, so a test can swap the connector.
        creator=lambda: connect_encrypted(path, key),
        poolclass=QueuePool,
        pool_size=2,
        max_overflow=2,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        configure_connection(dbapi_connection)

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # SQLAlchemy's recipe for pysqlite: the driver would otherwise skip BEGIN before DDL.
        connection.exec_driver_sql("BEGIN")

    return engine


def sqlite_engine_for(database: Database) -> Engine:
    """The engine of an open database file, noting in `database.changed` what it writes."""
    assert database.path is not None and database.key is not None
    engine = sqlite_engine(database.path, database.key)

    @event.listens_for(engine, "after_cursor_execute")
    def _after_execute(*args: Any) -> None:
        statement = str(args[2]).lstrip()[:40].upper()
        if statement.startswith(_READING_SESSION_WRITES):
            # Only the trail grew: no backup for that, but the key file's head must follow.
            database.audited = True
        elif statement.startswith(_WRITING_STATEMENTS):
            database.changed = True

    return engine


def server_engine(url: str) -> Engine:
    """An engine for a council PostgreSQL server (no connection is made yet)."""
    return create_engine(url, pool_pre_ping=True)
