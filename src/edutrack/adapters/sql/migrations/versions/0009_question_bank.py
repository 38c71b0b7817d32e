"""question bank: chapters, lessons, questions and their choices (issue #12)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 17:10:50.677455
"""

from __future__ import annotations

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bank_chapters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("order", sa.Integer(), nullable=False),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["subjects.id"],
            name=op.f("fk_bank_chapters_subject_id_subjects"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"],
            ["teacher_profiles.id"],
            name=op.f("fk_bank_chapters_teacher_id_teacher_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_chapters")),
    )
    with op.batch_alter_table("bank_chapters", schema=None) as batch_op:
        batch_op.create_index("ix_bank_chapters_subject_order", ["subject_id", "order", "id"], unique=False)
        batch_op.create_index("ix_bank_chapters_teacher_order", ["teacher_id", "order", "id"], unique=False)

    op.create_table(
        "bank_lessons",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chapter_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("order", sa.Integer(), nullable=False),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["chapter_id"],
            ["bank_chapters.id"],
            name=op.f("fk_bank_lessons_chapter_id_bank_chapters"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_lessons")),
    )
    with op.batch_alter_table("bank_lessons", schema=None) as batch_op:
        batch_op.create_index("ix_bank_lessons_chapter_order", ["chapter_id", "order", "id"], unique=False)

    op.create_table(
        "bank_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lesson_id", sa.Integer(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("question_type", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("image", sa.String(length=500), nullable=True),
        sa.Column("difficulty", sa.String(length=10), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("is_global", sa.Boolean(), nullable=False),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.CheckConstraint(
            "difficulty IN ('easy', 'medium', 'hard')", name=op.f("ck_bank_questions_difficulty_known")
        ),
        sa.CheckConstraint(
            "question_type IN ('mcq_single', 'mcq_multiple', 'written')",
            name=op.f("ck_bank_questions_question_type_known"),
        ),
        sa.CheckConstraint("points >= 1", name=op.f("ck_bank_questions_points_positive")),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_bank_questions_created_by_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["lesson_id"],
            ["bank_lessons.id"],
            name=op.f("fk_bank_questions_lesson_id_bank_lessons"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"],
            ["teacher_profiles.id"],
            name=op.f("fk_bank_questions_teacher_id_teacher_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_questions")),
    )
    with op.batch_alter_table("bank_questions", schema=None) as batch_op:
        batch_op.create_index("ix_bank_questions_created_by", ["created_by"], unique=False)
        batch_op.create_index(
            "ix_bank_questions_global_created", ["is_global", "created_at", "id"], unique=False
        )
        batch_op.create_index("ix_bank_questions_lesson", ["lesson_id", "id"], unique=False)
        batch_op.create_index(
            "ix_bank_questions_teacher_created", ["teacher_id", "created_at", "id"], unique=False
        )

    op.create_table(
        "bank_choices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("image", sa.String(length=500), nullable=True),
        sa.Column("is_correct", sa.Boolean(), nullable=False),
        sa.Column("order", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["bank_questions.id"],
            name=op.f("fk_bank_choices_question_id_bank_questions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_choices")),
    )
    with op.batch_alter_table("bank_choices", schema=None) as batch_op:
        batch_op.create_index("ix_bank_choices_question_order", ["question_id", "order", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("bank_choices", schema=None) as batch_op:
        batch_op.drop_index("ix_bank_choices_question_order")

    op.drop_table("bank_choices")
    with op.batch_alter_table("bank_questions", schema=None) as batch_op:
        batch_op.drop_index("ix_bank_questions_teacher_created")
        batch_op.drop_index("ix_bank_questions_lesson")
        batch_op.drop_index("ix_bank_questions_global_created")
        batch_op.drop_index("ix_bank_questions_created_by")

    op.drop_table("bank_questions")
    with op.batch_alter_table("bank_lessons", schema=None) as batch_op:
        batch_op.drop_index("ix_bank_lessons_chapter_order")

    op.drop_table("bank_lessons")
    with op.batch_alter_table("bank_chapters", schema=None) as batch_op:
        batch_op.drop_index("ix_bank_chapters_teacher_order")
        batch_op.drop_index("ix_bank_chapters_subject_order")

    op.drop_table("bank_chapters")
