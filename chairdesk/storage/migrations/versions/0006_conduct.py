"""conduct: the interpreter, who attends separately, adjournment, late arrival, child statements

Revision ID: 0006_conduct
Revises: 0005_trust_keys
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_conduct"
down_revision: str | None = "0005_trust_keys"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("conference", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "interpreter_language", sa.String(length=500), nullable=False, server_default=""
            )
        )
        batch_op.add_column(
            sa.Column("interpreter_name", sa.String(length=500), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("attends_separately", sa.Text(), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("adjourned_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("reconvene_on", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("adjourn_reason", sa.Text(), nullable=False, server_default="")
        )
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.add_column(sa.Column("arrived_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("items_missed", sa.Text(), nullable=False, server_default=""))
    op.create_table(
        "child_statement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conference_id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=500), nullable=False),
        sa.Column("media_type", sa.String(length=500), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column(
            "visibility",
            sa.Enum(
                "shared",
                "professionals",
                "withheld",
                name="visibility",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"],
            ["person.id"],
            name=op.f("fk_child_statement_child_id_person"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["conference_id"],
            ["conference.id"],
            name=op.f("fk_child_statement_conference_id_conference"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_child_statement")),
    )
    with op.batch_alter_table("child_statement", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_child_statement_conference_id"), ["conference_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("child_statement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_child_statement_conference_id"))
    op.drop_table("child_statement")
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.drop_column("items_missed")
        batch_op.drop_column("arrived_at")
    with op.batch_alter_table("conference", schema=None) as batch_op:
        for name in (
            "adjourn_reason",
            "reconvene_on",
            "adjourned_at",
            "attends_separately",
            "interpreter_name",
            "interpreter_language",
        ):
            batch_op.drop_column(name)
