"""Alembic's environment for ChairDesk: runs on the connection the caller passes in."""

from __future__ import annotations

from alembic import context

from chairdesk.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "ChairDesk migrations run through chairdesk.storage.schema, which passes the open "
        "connection; there is no alembic.ini"
    )

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot alter most things in place: batch mode copies the table instead.
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)

with context.begin_transaction():
    context.run_migrations()
