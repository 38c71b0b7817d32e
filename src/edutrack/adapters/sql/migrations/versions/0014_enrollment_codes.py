"""enrollment codes of the Appsembler-compatible API

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

UTC = advanced_alchemy.types.datetime.DateTimeUTC(timezone=True)


def upgrade() -> None:
    op.create_table(
        "enrollment_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("used_by", sa.Integer(), nullable=True),
        sa.Column("used_at", UTC, nullable=True),
        sa.Column("enrollment_id", sa.Integer(), nullable=True),
        sa.Column("created_by_client", sa.Integer(), nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
        sa.CheckConstraint("status IN ('active','cancelled')", name=op.f("ck_enrollment_codes_status")),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["courses.id"],
            name=op.f("fk_enrollment_codes_course_id_courses"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_client"],
            ["oauth_clients.id"],
            name=op.f("fk_enrollment_codes_created_by_client_oauth_clients"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["enrollment_id"],
            ["enrollments.id"],
            name=op.f("fk_enrollment_codes_enrollment_id_enrollments"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["used_by"],
            ["student_profiles.id"],
            name=op.f("fk_enrollment_codes_used_by_student_profiles"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enrollment_codes")),
        sa.UniqueConstraint("code", name=op.f("uq_enrollment_codes_code")),
    )
    op.create_index(
        "ix_enrollment_codes_course_created",
        "enrollment_codes",
        ["course_id", "created_at", "id"],
        unique=False,
    )
    op.create_index("ix_enrollment_codes_used_by", "enrollment_codes", ["used_by"], unique=False)
    op.create_index("ix_enrollment_codes_enrollment", "enrollment_codes", ["enrollment_id"], unique=False)
    op.create_index("ix_enrollment_codes_client", "enrollment_codes", ["created_by_client"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_enrollment_codes_client", table_name="enrollment_codes")
    op.drop_index("ix_enrollment_codes_enrollment", table_name="enrollment_codes")
    op.drop_index("ix_enrollment_codes_used_by", table_name="enrollment_codes")
    op.drop_index("ix_enrollment_codes_course_created", table_name="enrollment_codes")
    op.drop_table("enrollment_codes")
