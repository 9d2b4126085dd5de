"""Creating and upgrading the schema with Alembic, configured in code; a backup before upgrades."""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect, text
from sqlalchemy.exc import DatabaseError

from chairdesk.errors import ChairDeskError, StorageError
from chairdesk.models import Base
from chairdesk.storage.revision import HEAD_REVISION, INITIAL_REVISION

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from chairdesk.storage.database import Database

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class NewerDatabaseError(ChairDeskError):
    def __init__(self) -> None:
        super().__init__(
            "this database was last used by a newer version of ChairDesk; "
            "install that version to open it (the database was not changed)"
        )


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration without an alembic.ini; the open connection goes in attributes."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@lru_cache(maxsize=1)
def script_directory() -> ScriptDirectory:
    """The migration scripts (read once per process)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = script_directory().get_current_head()
    assert head is not None, "the migrations folder holds no revision"
    return head


def current_revision(database: Database) -> str | None:
    """The revision the database is at; None for an empty database (or one before Alembic)."""
    from alembic.runtime.migration import MigrationContext

    with database.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _stamp(connection: Connection, revision: str) -> None:
    from alembic.runtime.migration import MigrationContext

    MigrationContext.configure(connection).stamp(script_directory(), revision)


def create(database: Database) -> None:
    """Make a new, empty database at the newest revision; bring an existing one up to date.

    An empty database gets the tables straight from the models and is stamped at head, which the
    tests prove equals running every migration (`tests/storage/test_migrations.py`).
    """
    with database.engine.begin() as connection:
        existing = bool(inspect(connection).get_table_names())
        if not existing:
            Base.metadata.create_all(connection)
            _stamp(connection, "head")
    if existing:
        upgrade(database)


def _recorded_revision(database: Database) -> str | None:
    """The revision in alembic_version by plain SQL; None when there is none (or no table)."""
    try:
        with database.engine.connect() as connection:
            row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
    except DatabaseError:
        return None
    return str(row[0]) if row else None


def is_behind(database: Database) -> bool:
    """True when the database needs upgrading; raises NewerDatabaseError if it is ahead."""
    current = current_revision(database)
    if current == head_revision():
        return False
    if current is not None:
        try:
            script_directory().get_revision(current)
        except Exception as error:  # alembic raises several kinds for an unknown revision
            raise NewerDatabaseError() from error
    return True


def upgrade(database: Database) -> None:
    """Upgrade to the newest revision: a backup first (SQLite), nothing at all if already there."""
    if _recorded_revision(database) == HEAD_REVISION:
        return
    with database.engine.connect() as connection:
        tables = inspect(connection).get_table_names()
    if not tables:
        create(database)
        return
    if "alembic_version" not in tables:
        # Made by create_all before the schema had migrations: it matches the first revision.
        log.warning("stamping a database made before migrations at the first revision")
        with database.engine.begin() as connection:
            _stamp(connection, INITIAL_REVISION)
    if not is_behind(database):
        return
    backup_path = None
    if database.is_sqlite:
        from chairdesk.storage import backup

        backup_path = backup.backup_now(database)
    try:
        _run_upgrade(database)
    except DatabaseError as error:
        where = f"; the backup taken before is {backup_path}" if backup_path else ""
        raise StorageError(
            f"the database could not be upgraded, so nothing was changed{where}"
        ) from error
    log.info("database upgraded")


def _run_upgrade(database: Database) -> None:
    from alembic import command

    with database.engine.connect() as connection:
        if database.is_sqlite:
            # Batch migrations copy and drop tables: with foreign keys on, a DROP would cascade
            # deletes into child tables. SQLite's own advice: switch them off, check, switch on.
            raw = connection.connection.driver_connection
            assert raw is not None
            raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                command.upgrade(alembic_config(connection), "head")
                if database.is_sqlite:
                    broken = connection.execute(text("PRAGMA foreign_key_check")).fetchall()
                    if broken:
                        raise StorageError(
                            "the upgrade would break links between records, so nothing was changed"
                        )
        finally:
            if database.is_sqlite:
                raw = connection.connection.driver_connection
                assert raw is not None
                raw.execute("PRAGMA foreign_keys=ON")
