"""Alembic migrations: the first revision matches the models; upgrades back up first."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from chairdesk.models import Base, Conference, Entry, Family, Person
from chairdesk.storage import backup, open_database, schema
from chairdesk.storage.engine import connect_encrypted
from tests.conftest import PASSPHRASE
from tests.storage.support import add_case, fingerprint, new_markers


def _differences(connection) -> list[object]:  # type: ignore[no-untyped-def]
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


def test_migrations_new_database_is_at_head_and_matches_the_models(database) -> None:  # type: ignore[no-untyped-def]
    assert schema.current_revision(database) == schema.head_revision()
    with database.engine.connect() as connection:
        assert _differences(connection) == []


def test_migrations_from_nothing_build_exactly_the_models(database) -> None:  # type: ignore[no-untyped-def]
    """Down to an empty database and up again through every migration: no difference."""
    with database.engine.begin() as connection:
        command.downgrade(schema.alembic_config(connection), "base")
    with database.engine.connect() as connection:
        assert inspect(connection).get_table_names() == ["alembic_version"]
    with database.engine.begin() as connection:
        command.upgrade(schema.alembic_config(connection), "head")
    with database.engine.connect() as connection:
        assert _differences(connection) == []
        names = {index["name"] for index in inspect(connection).get_indexes("conference")}
    assert "ix_conference_scheduled_at" in names
    assert schema.current_revision(database) == schema.head_revision()


def test_migrations_models_round_trip(database) -> None:  # type: ignore[no-untyped-def]
    markers = new_markers()
    add_case(database, markers)
    with database.transaction() as session:
        family = session.query(Family).one()
        assert family.family_name == markers.family_name
        assert [p.name for p in family.people] == [markers.person_name]
        conference = session.query(Conference).one()
        assert conference.scheduled_at == datetime(2025, 3, 4, 10, 0)
        assert session.query(Entry).one().text == markers.entry_text
        session.delete(family)
    with database.transaction() as session:
        # Foreign keys are on everywhere: deleting the family removed what hangs from it.
        assert session.query(Person).count() == 0
        assert session.query(Entry).count() == 0


def test_migrations_upgrade_at_head_does_nothing(database) -> None:  # type: ignore[no-untyped-def]
    schema.upgrade(database)
    assert schema.current_revision(database) == schema.head_revision()
    if database.is_sqlite:
        assert backup.list_backups(database.path) == []


def test_migrations_upgrade_of_an_older_database_backs_up_first(tmp_path: Path) -> None:
    path = tmp_path / "chairdesk.db"
    db = open_database(str(path), PASSPHRASE, create=True)
    key = db.key
    with db.engine.begin() as connection:
        command.downgrade(schema.alembic_config(connection), "base")
    db.close()
    before = set(backup.list_backups(path))

    db = open_database(str(path), PASSPHRASE)
    try:
        assert schema.current_revision(db) == schema.head_revision()
        add_case(db)
    finally:
        db.close()
    taken = sorted(set(backup.list_backups(path)) - before)
    assert len(taken) == 2  # before the upgrade, and on closing after the new case
    # The first was taken before the upgrade: it still holds the older revision.
    assert key is not None
    connection = connect_encrypted(taken[0], key, read_only=True)
    try:
        assert connection.execute("SELECT count(*) FROM alembic_version").fetchone() == (0,)
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        assert "family" not in tables
    finally:
        connection.close()


def test_migrations_database_from_a_newer_version_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "chairdesk.db"
    db = open_database(str(path), PASSPHRASE, create=True)
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'f00dfeed'"))
    db.close()
    before = fingerprint(tmp_path)
    with pytest.raises(schema.NewerDatabaseError, match="newer version of ChairDesk"):
        open_database(str(path), PASSPHRASE)
    assert fingerprint(tmp_path) == before  # no byte changed, no backup added


def test_migrations_database_made_before_migrations_is_stamped(tmp_path: Path) -> None:
    """A database made by create_all before migrations existed has the first revision's shape."""
    path = tmp_path / "chairdesk.db"
    db = open_database(str(path), PASSPHRASE, create=True)
    with db.engine.begin() as connection:
        # Before migrations the tables were those of the first revision, with no version row.
        command.downgrade(schema.alembic_config(connection), schema.INITIAL_REVISION)
        connection.execute(text("DROP TABLE alembic_version"))
    db.close()
    db = open_database(str(path), PASSPHRASE)
    try:
        assert schema.current_revision(db) == schema.head_revision()
    finally:
        db.close()


def test_migrations_head_constant_matches_the_scripts() -> None:
    assert schema.head_revision() == schema.HEAD_REVISION


def test_migrations_opening_a_current_database_does_not_load_alembic(tmp_path: Path) -> None:
    """Start-up stays quick: a database at head is recognised from one row."""
    import subprocess
    import sys

    from tests.storage.support import REPOSITORY

    path = tmp_path / "chairdesk.db"
    open_database(str(path), PASSPHRASE, create=True).close()
    script = (
        "import sys\n"
        "from chairdesk.storage import open_database\n"
        f"open_database({str(path)!r}, {PASSPHRASE!r}).close()\n"
        "print(sorted(m for m in sys.modules if m.startswith('alembic')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=REPOSITORY, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
