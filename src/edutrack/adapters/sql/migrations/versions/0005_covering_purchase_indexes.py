"""covering purchase indexes for the revenue reports (PostgreSQL INCLUDE; plain on SQLite)

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_purchases_purchased_at", table_name="purchases")
    op.drop_index("ix_purchases_student_purchased", table_name="purchases")
    op.create_index(
        "ix_purchases_purchased_at", "purchases", ["purchased_at"], postgresql_include=["amount_paid"]
    )
    op.create_index(
        "ix_purchases_student_purchased",
        "purchases",
        ["student_id", "purchased_at"],
        postgresql_include=["amount_paid", "lecture_id"],
    )


def downgrade() -> None:
    op.drop_index("ix_purchases_student_purchased", table_name="purchases")
    op.drop_index("ix_purchases_purchased_at", table_name="purchases")
    op.create_index("ix_purchases_student_purchased", "purchases", ["student_id", "purchased_at"])
    op.create_index("ix_purchases_purchased_at", "purchases", ["purchased_at"])
