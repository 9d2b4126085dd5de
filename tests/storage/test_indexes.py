"""Every foreign key has an index, in the models and in a database built by the migrations."""

from __future__ import annotations

from sqlalchemy import UniqueConstraint, inspect

from chairdesk.models import Base


def _leading(columns: list[str], groups: list[list[str]]) -> bool:
    return any(group[: len(columns)] == columns for group in groups)


def test_indexes_every_foreign_key_has_one_in_the_models() -> None:
    missing = []
    for table in Base.metadata.sorted_tables:
        groups = [[c.name for c in index.columns] for index in table.indexes]
        groups.append([c.name for c in table.primary_key.columns])
        # A unique constraint is kept with an index of its own.
        groups += [
            [c.name for c in constraint.columns]
            for constraint in table.constraints
            if isinstance(constraint, UniqueConstraint)
        ]
        for key in table.foreign_key_constraints:
            columns = [c.name for c in key.columns]
            if not _leading(columns, groups):
                missing.append(f"{table.name}.{','.join(columns)}")
    assert missing == []


def test_indexes_every_foreign_key_has_one_in_the_database(database) -> None:  # type: ignore[no-untyped-def]
    with database.engine.connect() as connection:
        found = inspect(connection)
        missing = []
        for table in found.get_table_names():
            groups = [list(index["column_names"]) for index in found.get_indexes(table)]
            groups.append(list(found.get_pk_constraint(table)["constrained_columns"]))
            groups += [list(u["column_names"]) for u in found.get_unique_constraints(table)]
            for key in found.get_foreign_keys(table):
                if not _leading(list(key["constrained_columns"]), groups):
                    missing.append(f"{table}.{','.join(key['constrained_columns'])}")
    assert missing == []
    assert "ix_person_family_id" in {
        i["name"] for i in inspect(database.engine).get_indexes("person")
    }
