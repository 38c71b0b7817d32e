"""unenrolled enrollments: an integration (Appsembler API) may take a student out of a course

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("enrollments") as batch:
        batch.drop_constraint(op.f("ck_enrollments_status"), type_="check")
        batch.create_check_constraint("status", "status IN ('pending','approved','rejected','unenrolled')")


def downgrade() -> None:
    op.execute("UPDATE enrollments SET status = 'rejected' WHERE status = 'unenrolled'")
    with op.batch_alter_table("enrollments") as batch:
        batch.drop_constraint(op.f("ck_enrollments_status"), type_="check")
        batch.create_check_constraint("status", "status IN ('pending','approved','rejected')")
