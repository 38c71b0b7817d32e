"""homework: homeworks, their questions, submissions and their snapshots

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 17:11:16.241408
"""

from __future__ import annotations

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "homeworks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lecture_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("model_answer", sa.Text(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("is_published", sa.Boolean(), nullable=False),
        sa.Column("open_date", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.Column("close_date", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.CheckConstraint(
            "open_date IS NULL OR close_date IS NULL OR open_date < close_date",
            name=op.f("ck_homeworks_dates_in_order"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_homeworks_created_by_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["lecture_id"], ["lectures.id"], name=op.f("fk_homeworks_lecture_id_lectures"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_homeworks")),
    )
    with op.batch_alter_table("homeworks", schema=None) as batch_op:
        batch_op.create_index("ix_homeworks_created", ["created_at", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_homeworks_created_by"), ["created_by"], unique=False)
        batch_op.create_index(
            "ix_homeworks_lecture_created", ["lecture_id", "created_at", "id"], unique=False
        )

    op.create_table(
        "homework_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("homework_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("order", sa.Integer(), nullable=False),
        sa.Column("points_override", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["homework_id"],
            ["homeworks.id"],
            name=op.f("fk_homework_questions_homework_id_homeworks"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["bank_questions.id"],
            name=op.f("fk_homework_questions_question_id_bank_questions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_homework_questions")),
        sa.UniqueConstraint("homework_id", "question_id", name="uq_homework_questions_homework_question"),
    )
    with op.batch_alter_table("homework_questions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_homework_questions_homework_order", ["homework_id", "order", "id"], unique=False
        )
        batch_op.create_index("ix_homework_questions_question", ["question_id"], unique=False)

    op.create_table(
        "homework_submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("homework_id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("submitted_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("graded_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.Column("score", sa.Numeric(precision=8, scale=2), nullable=False),
        sa.Column("max_score", sa.Numeric(precision=8, scale=2), nullable=False),
        sa.CheckConstraint(
            "status IN ('submitted', 'graded')", name=op.f("ck_homework_submissions_status_known")
        ),
        sa.ForeignKeyConstraint(
            ["homework_id"],
            ["homeworks.id"],
            name=op.f("fk_homework_submissions_homework_id_homeworks"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["student_profiles.id"],
            name=op.f("fk_homework_submissions_student_id_student_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_homework_submissions")),
        sa.UniqueConstraint("homework_id", "student_id", name="uq_homework_submissions_homework_student"),
    )
    with op.batch_alter_table("homework_submissions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_homework_submissions_homework_status",
            ["homework_id", "status", "submitted_at", "id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_homework_submissions_homework_submitted", ["homework_id", "submitted_at", "id"], unique=False
        )
        batch_op.create_index("ix_homework_submissions_student", ["student_id", "submitted_at"], unique=False)

    op.create_table(
        "homework_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("order", sa.Integer(), nullable=False),
        sa.Column("question_type", sa.String(length=20), nullable=False),
        sa.Column("question_text", sa.Text(), nullable=False),
        sa.Column("question_image", sa.String(length=500), nullable=True),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("answered", sa.Boolean(), nullable=False),
        sa.Column("written_answer", sa.Text(), nullable=True),
        sa.Column("is_correct", sa.Boolean(), nullable=True),
        sa.Column("points_awarded", sa.Numeric(precision=8, scale=2), nullable=True),
        sa.Column("score_override", sa.Numeric(precision=8, scale=2), nullable=True),
        sa.Column("feedback", sa.Text(), nullable=False),
        sa.Column("graded_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["homework_submissions.id"],
            name=op.f("fk_homework_answers_submission_id_homework_submissions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_homework_answers")),
    )
    with op.batch_alter_table("homework_answers", schema=None) as batch_op:
        batch_op.create_index(
            "ix_homework_answers_submission_order", ["submission_id", "order", "id"], unique=False
        )

    op.create_table(
        "homework_answer_choices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("choice_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("image", sa.String(length=500), nullable=True),
        sa.Column("is_correct", sa.Boolean(), nullable=False),
        sa.Column("order", sa.Integer(), nullable=False),
        sa.Column("selected", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["answer_id"],
            ["homework_answers.id"],
            name=op.f("fk_homework_answer_choices_answer_id_homework_answers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_homework_answer_choices")),
    )
    with op.batch_alter_table("homework_answer_choices", schema=None) as batch_op:
        batch_op.create_index(
            "ix_homework_answer_choices_answer_order", ["answer_id", "order", "id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("homework_answer_choices", schema=None) as batch_op:
        batch_op.drop_index("ix_homework_answer_choices_answer_order")

    op.drop_table("homework_answer_choices")
    with op.batch_alter_table("homework_answers", schema=None) as batch_op:
        batch_op.drop_index("ix_homework_answers_submission_order")

    op.drop_table("homework_answers")
    with op.batch_alter_table("homework_submissions", schema=None) as batch_op:
        batch_op.drop_index("ix_homework_submissions_student")
        batch_op.drop_index("ix_homework_submissions_homework_submitted")
        batch_op.drop_index("ix_homework_submissions_homework_status")

    op.drop_table("homework_submissions")
    with op.batch_alter_table("homework_questions", schema=None) as batch_op:
        batch_op.drop_index("ix_homework_questions_question")
        batch_op.drop_index("ix_homework_questions_homework_order")

    op.drop_table("homework_questions")
    with op.batch_alter_table("homeworks", schema=None) as batch_op:
        batch_op.drop_index("ix_homeworks_lecture_created")
        batch_op.drop_index(batch_op.f("ix_homeworks_created_by"))
        batch_op.drop_index("ix_homeworks_created")

    op.drop_table("homeworks")
