"""indexes for every list order and filter (lectures, topics and videos by ("order", id); students,
recharge codes, notifications and bank questions newest first; a course's pending enrollments in arrival
order; the Appsembler enrollments batch by the time an enrolment took effect)

Plain ``CREATE INDEX``: it locks writes to the table while it builds. For a live deploy on big tables,
build each one first with ``CREATE INDEX CONCURRENTLY`` under the same name (``docs/indexes.md``); this
migration then finds it there and only records the revision.

Revision ID: 0017
Revises: 0016
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

# (name, table, columns): every plain index this revision adds
PLAIN = [
    ("ix_topics_order", "topics", ["order", "id"]),
    ("ix_lectures_order", "lectures", ["order", "id"]),
    ("ix_videos_order", "videos", ["order", "id"]),
    ("ix_student_profiles_created", "student_profiles", ["created_at", "id"]),
    ("ix_student_profiles_status_created", "student_profiles", ["status", "created_at", "id"]),
    ("ix_enrollments_course_enrolled", "enrollments", ["course_id", "enrolled_at", "id"]),
    ("ix_recharge_codes_created", "recharge_codes", ["created_at", "id"]),
    ("ix_recharge_codes_course_created", "recharge_codes", ["course_id", "created_at", "id"]),
    ("ix_notifications_user_created", "notifications", ["user_id", "created_at", "id"]),
    ("ix_bank_questions_created", "bank_questions", ["created_at", "id"]),
]
APPROVED = "status = 'approved'"


def upgrade() -> None:
    for name, table, columns in PLAIN:
        op.create_index(name, table, columns, if_not_exists=True)
    op.create_index(
        "ix_enrollments_approved_effective",
        "enrollments",
        [sa.text("coalesce(responded_at, enrolled_at)")],
        sqlite_where=sa.text(APPROVED),
        postgresql_where=sa.text(APPROVED),
        if_not_exists=True,
    )


def downgrade() -> None:
    op.drop_index("ix_enrollments_approved_effective", table_name="enrollments")
    for name, table, _ in reversed(PLAIN):
        op.drop_index(name, table_name=table)
