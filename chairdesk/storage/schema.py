"""Creating and upgrading the schema with Alembic, configured in code; a backup before upgrades."""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect, text
from sqlalchemy.exc import DatabaseError

from chairdesk.errors import ChairDeskError, StorageError
from chairdesk.models import Base

if TYPE_CHECKING:
    from chairdesk.storage.engine import Database

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
INITIAL_REVISION = "0001"


class NewerDatabaseError(ChairDeskError):
    def __init__(self) -> None:
        super().__init__(
            "this database was last used by a newer version of ChairDesk; "
            "install that version to open it (the database was not changed)"
        )


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration without an alembic.ini; the open connection goes in attributes."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@lru_cache(maxsize=1)
def script_directory() -> ScriptDirectory:
    """The migration scripts (read once per process)."""
    return ScriptDirectory.from_config(alembic_config())


_scripts = script_directory


def head_revision() -> str:
    head = _scripts().get_current_head()
    assert head is not None, "the migrations folder holds no revision"
    return head


def current_revision(database: Database) -> str | None:
    """The revision the database is at; None for an empty database (or one before Alembic)."""
    with database.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def create(database: Database) -> None:
    """Make a new, empty database at the newest revision; bring an existing one up to date.

    An empty database gets the tables straight from the models and is stamped at head, which the
    tests prove equals running every migration (`tests/storage/test_migrations.py`).
    """
    with database.engine.begin() as connection:
        existing = bool(inspect(connection).get_table_names())
        if not existing:
            Base.metadata.create_all(connection)
            MigrationContext.configure(connection).stamp(_scripts(), "head")
    if existing:
        upgrade(database)


def is_behind(database: Database) -> bool:
    """True when the database needs upgrading; raises NewerDatabaseError if it is ahead."""
    current = current_revision(database)
    if current == head_revision():
        return False
    if current is not None:
        try:
            _scripts().get_revision(current)
        except Exception as error:  # alembic raises several kinds for an unknown revision
            raise NewerDatabaseError() from error
    return True


def upgrade(database: Database) -> None:
    """Upgrade to the newest revision: a backup first (SQLite), nothing at all if already there."""
    with database.engine.connect() as connection:
        tables = inspect(connection).get_table_names()
    if not tables:
        create(database)
        return
    if "alembic_version" not in tables:
        # Made by create_all before the schema had migrations: it matches the first revision.
        log.warning("stamping a database made before migrations at the first revision")
        with database.engine.begin() as connection:
            MigrationContext.configure(connection).stamp(_scripts(), INITIAL_REVISION)
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
