"""split sittings: parts of one conference held with some of the family only; two foreign keys
of the same session's tables indexed

Revision ID: 0009_sittings
Revises: 0008_scale
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_sittings"
down_revision: str | None = "0008_scale"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sitting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conference_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=500), nullable=False),
        sa.Column("person_ids", sa.JSON(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["conference_id"],
            ["conference.id"],
            name=op.f("fk_sitting_conference_id_conference"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sitting")),
    )
    with op.batch_alter_table("sitting", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sitting_conference_id"), ["conference_id"], unique=False
        )
    with op.batch_alter_table("child_statement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_child_statement_child_id"), ["child_id"], unique=False)
    with op.batch_alter_table("issued_document", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_issued_document_recipient_person_id"),
            ["recipient_person_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("issued_document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_issued_document_recipient_person_id"))
    with op.batch_alter_table("child_statement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_child_statement_child_id"))
    with op.batch_alter_table("sitting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sitting_conference_id"))
    op.drop_table("sitting")
