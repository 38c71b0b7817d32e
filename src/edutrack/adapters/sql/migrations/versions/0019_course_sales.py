"""course sales: the per-course rollup of the purchases (ADR 0005), filled from the lecture rollups

Revision ID: 0019
Revises: 0018
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "course_sales",
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("purchase_count", sa.Integer(), nullable=False),
        sa.Column("revenue", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.CheckConstraint("purchase_count >= 0", name=op.f("ck_course_sales_purchase_count_not_negative")),
        sa.CheckConstraint("revenue >= 0", name=op.f("ck_course_sales_revenue_not_negative")),
        sa.ForeignKeyConstraint(
            ["course_id"], ["courses.id"], name=op.f("fk_course_sales_course_id_courses"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("course_id", name=op.f("pk_course_sales")),
    )
    # frozen SQL: the same sums as adapters/sql/rollups.rebuild (the lecture rollups by their course now)
    op.execute(
        "INSERT INTO course_sales (course_id, purchase_count, revenue) "
        "SELECT t.course_id, sum(s.purchase_count), sum(s.revenue) FROM lecture_sales s "
        "JOIN lectures l ON l.id = s.lecture_id JOIN topics t ON t.id = l.topic_id GROUP BY t.course_id"
    )


def downgrade() -> None:
    op.drop_table("course_sales")
