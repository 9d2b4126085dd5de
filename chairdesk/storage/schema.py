"""Creating and upgrading the schema. The storage helper replaces this with Alembic migrations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chairdesk.models import Base

if TYPE_CHECKING:
    from chairdesk.storage.engine import Database


def create(database: Database) -> None:
    Base.metadata.create_all(database.engine)


def upgrade(database: Database) -> None:
    Base.metadata.create_all(database.engine)
