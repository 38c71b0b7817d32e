"""atomic throttles and the refresh grace window: throttle_counters replaces throttle_attempts (one
counter row per scope and key, bumped by one upsert); refresh_tokens.successor_jti names the token
that replaced a used one, so a parallel refresh inside the grace window gets the same successor

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "throttle_counters",
        sa.Column("scope", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column(
            "window_started_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False
        ),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("scope", "key", name=op.f("pk_throttle_counters")),
    )
    with op.batch_alter_table("throttle_attempts", schema=None) as batch_op:
        batch_op.drop_index("ix_throttle_attempts_scope_key_at")
    op.drop_table("throttle_attempts")
    with op.batch_alter_table("refresh_tokens", schema=None) as batch_op:
        batch_op.add_column(sa.Column("successor_jti", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("refresh_tokens", schema=None) as batch_op:
        batch_op.drop_column("successor_jti")
    op.create_table(
        "throttle_attempts",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("scope", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_throttle_attempts")),
    )
    with op.batch_alter_table("throttle_attempts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_throttle_attempts_scope_key_at", ["scope", "key", "created_at"], unique=False
        )
    op.drop_table("throttle_counters")
