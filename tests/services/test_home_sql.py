"""Home's plain SQL (services/listing.py, due_rules.py, settings.py), and the account and audit
trail SQL of the unlock (storage/identity.py, services/unlock_audit.py), runs against the tables
the models define, on SQLite and on PostgreSQL: a column renamed in a model fails here, not on a
chair's first screen or at unlock. Each statement is a module constant named *_SQL, so none is
missed.

The other plain SQL under chairdesk/ touches no model's table: SQLite and SQLCipher PRAGMAs,
sqlite_master and alembic_version (schema.py, check.py, sqlcipher.py, selftest.py), `SELECT 1`
(opening.py), statement prefixes (engine.py) and migrations, which run against the schema of
their own revision and are tested by the migration tests."""

from __future__ import annotations

import ast
import inspect
import re
from collections.abc import Iterator
from datetime import date, datetime

import pytest
from sqlalchemy import Column, Engine, MetaData, create_engine, text
from sqlalchemy.exc import DBAPIError, StatementError

from chairdesk.models import Base
from chairdesk.services import due_rules, listing, settings, unlock_audit
from chairdesk.storage import identity
from chairdesk.storage.database import reader_on
from tests.support import postgres

MODULES = (listing, due_rules, settings, identity, unlock_audit)
#: Every condition on `conference c` the due rules are given.
WHERES = (due_rules.WINDOW_WHERE, due_rules.ids_clause({1, 2}), due_rules.ids_clause(set()))
VALUES: dict[str, object] = {
    "start": datetime(2026, 1, 5, 9, 0),
    "end": datetime(2026, 3, 5, 17, 0),
    "first": date(2026, 1, 1),
    "last": date(2026, 3, 31),
    "today": date(2026, 2, 1),
    "limit": 50,
    "offset": 0,
    "child": "child",
    "unborn": "unborn",
    "pre_birth": "pre_birth",
    "plan": "plan",
    # storage/identity.py
    "id": 1,
    "account_id": 1,
    "key": b"chain key",
    "key_id": "key-1",
    "name": "A Chair",
    "public": b"public",
    "wrap": b"wrap",
    "entry": b"entry",
    "at": datetime(2026, 1, 5, 9, 0),
    "skip": 0,
    # services/unlock_audit.py
    "user": "A Chair",
    "action": "unlock",
    "detail": "{}",
    "digest": "d",
    "signature": "s",
}


def _statements() -> list[tuple[str, str]]:
    """(name, SQL) for every *_SQL constant, each `{where}` filled in every way it is."""
    found = []
    for module in MODULES:
        for name, value in vars(module).items():
            if not name.endswith("_SQL"):
                continue
            assert isinstance(value, str)
            label = f"{module.__name__.rsplit('.', 1)[-1]}.{name}"
            if "{where}" in value:
                found += [(f"{label}[{w}]", value.format(where=w)) for w in WHERES]
            else:
                found.append((label, value))
    return found


def _run_all(engine: Engine, on_sqlite: bool) -> list[str]:
    """Each statement run once on an empty schema; the failures, named."""
    failures = []
    for label, sql in _statements():
        wanted = set(re.findall(r"(?<!:):([a-z_]+)", sql))
        with engine.connect() as connection, connection.begin():
            values = {k: VALUES[k] for k in wanted}
            try:
                if sql.lstrip().upper().startswith("SELECT "):
                    reader_on(connection, on_sqlite)(sql, values)
                else:  # written as the storage layer writes them, through the engine
                    connection.execute(text(sql), values)
            except (DBAPIError, StatementError) as error:
                failures.append(f"{label}: {error.orig if hasattr(error, 'orig') else error!s}")
    return failures


@pytest.fixture(params=["sqlite", "postgres"])
def engine(
    request: pytest.FixtureRequest, postgres_server: postgres.Server | None
) -> Iterator[Engine]:
    """An empty schema made from the models alone (Base.metadata.create_all), not migrations."""
    if request.param == "sqlite":
        made = create_engine("sqlite://")
    else:
        if postgres_server is None:
            pytest.skip("PostgreSQL is not installed here (CI installs it and requires it)")
        made = create_engine(postgres_server.new_database("home_sql"))
    Base.metadata.create_all(made)
    try:
        yield made
    finally:
        made.dispose()


def test_home_sql_runs_against_the_models_tables(engine: Engine) -> None:
    assert len(_statements()) >= 36
    failures = _run_all(engine, engine.dialect.name == "sqlite")
    assert not failures, "plain SQL no longer matches the models:\n" + "\n".join(failures)


def test_home_sql_a_renamed_column_is_named() -> None:
    """The check itself: with conference.venue renamed in the models, the upcoming list fails."""
    metadata = MetaData()
    for table in Base.metadata.sorted_tables:
        copy = table.to_metadata(metadata)
        if table.name == "conference":
            venue: Column[str] = copy.c.venue
            venue.name = "place"
    made = create_engine("sqlite://")
    metadata.create_all(made)
    failures = _run_all(made, on_sqlite=True)
    assert [f.split(":")[0] for f in failures] == ["listing.UPCOMING_SQL"]
    assert "venue" in failures[0]


def test_home_sql_every_statement_in_those_modules_is_a_named_constant() -> None:
    """A SELECT written inline in a call would escape the check above."""
    inline = []
    for module in MODULES:
        tree = ast.parse(inspect.getsource(module))
        named = {
            id(inner)
            for node in ast.walk(tree)
            if isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id.endswith("_SQL") for t in node.targets)
            for inner in ast.walk(node.value)
        }
        inline += [
            f"{module.__name__} line {node.lineno}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and _is_sql(node.value) and id(node) not in named
        ]
    assert not inline, f"name these statements *_SQL at the top of their module: {inline}"


def _is_sql(value: object) -> bool:
    words = ("SELECT ", "INSERT ", "UPDATE ", "DELETE ")
    return isinstance(value, str) and value.lstrip().upper().startswith(words)
