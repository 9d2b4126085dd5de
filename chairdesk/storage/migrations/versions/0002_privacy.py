"""privacy: exclusions follow the person, timed items, people withheld, parents kept apart

Revision ID: 0002_privacy
Revises: 0001
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_privacy"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every kind of item an exclusion must cover carries the time it was recorded.
TIMED = ("danger_statement", "scaling", "decision", "recommendation", "dissent", "action")


def upgrade() -> None:
    with op.batch_alter_table("exclusion", schema=None) as batch_op:
        batch_op.add_column(sa.Column("person_id", sa.Integer(), nullable=True))
    with op.batch_alter_table("exclusion", schema=None) as batch_op:
        batch_op.drop_constraint("fk_exclusion_participant_id_participant", type_="foreignkey")
        batch_op.alter_column("participant_id", existing_type=sa.Integer(), nullable=True)
        batch_op.create_foreign_key(
            batch_op.f("fk_exclusion_participant_id_participant"),
            "participant",
            ["participant_id"],
            ["id"],
            ondelete="SET NULL",
        )
    with op.batch_alter_table("exclusion", schema=None) as batch_op:
        batch_op.create_foreign_key(
            batch_op.f("fk_exclusion_person_id_person"),
            "person",
            ["person_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_index(batch_op.f("ix_exclusion_person_id"), ["person_id"], unique=False)
    op.execute(
        "UPDATE exclusion SET person_id = (SELECT participant.person_id FROM participant "
        "WHERE participant.id = exclusion.participant_id)"
    )
    for table in TIMED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("created_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("family", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "parents_kept_apart", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("withheld_from", sa.JSON(), nullable=False, server_default="[]")
        )


def downgrade() -> None:
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_column("withheld_from")
    with op.batch_alter_table("family", schema=None) as batch_op:
        batch_op.drop_column("parents_kept_apart")
    for table in reversed(TIMED):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("created_at")
    op.execute("DELETE FROM exclusion WHERE participant_id IS NULL")
    with op.batch_alter_table("exclusion", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exclusion_person_id"))
        batch_op.drop_constraint("fk_exclusion_person_id_person", type_="foreignkey")
        batch_op.drop_constraint("fk_exclusion_participant_id_participant", type_="foreignkey")
        batch_op.alter_column("participant_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_exclusion_participant_id_participant"),
            "participant",
            ["participant_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.drop_column("person_id")
