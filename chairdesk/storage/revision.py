"""The schema revisions ChairDesk knows, readable without loading the migration machinery."""

from __future__ import annotations

INITIAL_REVISION = "0001"
# The newest revision in migrations/versions. Opening a database that is already there reads
# one row and never imports Alembic or SQLAlchemy (a test keeps this equal to the scripts' head).
HEAD_REVISION = "0009_sittings"
