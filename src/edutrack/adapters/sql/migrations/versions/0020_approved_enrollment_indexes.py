"""approved enrollments by course and by student (partial indexes): the revenue summary's counts read
them index-only

Revision ID: 0020
Revises: 0019
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

APPROVED = "status = 'approved'"
COLUMNS = ("course_id", "student_id")


def upgrade() -> None:
    for column in COLUMNS:
        op.create_index(
            f"ix_enrollments_approved_{column}",
            "enrollments",
            [column],
            sqlite_where=sa.text(APPROVED),
            postgresql_where=sa.text(APPROVED),
            if_not_exists=True,
        )


def downgrade() -> None:
    for column in reversed(COLUMNS):
        op.drop_index(f"ix_enrollments_approved_{column}", table_name="enrollments")
