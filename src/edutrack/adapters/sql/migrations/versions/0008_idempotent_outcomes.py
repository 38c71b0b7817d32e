"""idempotent outcomes: idempotency_keys.result holds the use case's result, written in the same
transaction as the money change (ADR 0007)

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("idempotency_keys") as batch:
        batch.add_column(sa.Column("result", sa.Text(), nullable=True))
    # keys reserved by the old middleware and never answered would block their retries: drop them
    op.execute("DELETE FROM idempotency_keys WHERE status_code IS NULL")


def downgrade() -> None:
    with op.batch_alter_table("idempotency_keys") as batch:
        batch.drop_column("result")
