"""sales rollups: lecture_sales and student_sales, filled from the existing purchases (ADR 0005)

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lecture_sales",
        sa.Column("lecture_id", sa.Integer(), nullable=False),
        sa.Column("purchase_count", sa.Integer(), nullable=False),
        sa.Column("revenue", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.CheckConstraint("purchase_count >= 0", name=op.f("ck_lecture_sales_purchase_count_not_negative")),
        sa.CheckConstraint("revenue >= 0", name=op.f("ck_lecture_sales_revenue_not_negative")),
        sa.ForeignKeyConstraint(
            ["lecture_id"],
            ["lectures.id"],
            name=op.f("fk_lecture_sales_lecture_id_lectures"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("lecture_id", name=op.f("pk_lecture_sales")),
    )
    op.create_table(
        "student_sales",
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("purchase_count", sa.Integer(), nullable=False),
        sa.Column("lecture_count", sa.Integer(), nullable=False),
        sa.Column("spent", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column(
            "last_purchase_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False
        ),
        sa.CheckConstraint("lecture_count >= 0", name=op.f("ck_student_sales_lecture_count_not_negative")),
        sa.CheckConstraint("spent >= 0", name=op.f("ck_student_sales_spent_not_negative")),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["student_profiles.id"],
            name=op.f("fk_student_sales_student_id_student_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("student_id", name=op.f("pk_student_sales")),
    )
    # the purchases made before this revision (frozen SQL: the same sums as adapters/sql/rollups.rebuild)
    op.execute(
        "INSERT INTO lecture_sales (lecture_id, purchase_count, revenue) "
        "SELECT lecture_id, count(*), sum(amount_paid) FROM purchases GROUP BY lecture_id"
    )
    op.execute(
        "INSERT INTO student_sales (student_id, purchase_count, lecture_count, spent, last_purchase_at) "
        "SELECT student_id, count(*), count(DISTINCT lecture_id), sum(amount_paid), max(purchased_at) "
        "FROM purchases GROUP BY student_id"
    )


def downgrade() -> None:
    op.drop_table("student_sales")
    op.drop_table("lecture_sales")
