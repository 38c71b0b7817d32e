"""quiz item groups: the item analysis's per-(question, answered, points, score, picks) counts over every
closed attempt, kept as attempts close and are graded (ADR 0014), filled here from the existing answers

Revision ID: 0018
Revises: 0017
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

BACKFILL = """
    INSERT INTO quiz_item_groups
        (quiz_id, question_id, answered, waiting, awarded, points, score, selected_choices, answers)
    SELECT t.quiz_id, a.question_id, a.answered, a.points_awarded IS NULL, COALESCE(a.points_awarded, 0),
           a.points, t.score, a.selected_choices, count(*)
    FROM quiz_answers a JOIN quiz_attempts t ON t.id = a.attempt_id
    WHERE t.status != 'in_progress'
    GROUP BY t.quiz_id, a.question_id, a.answered, a.points_awarded IS NULL, COALESCE(a.points_awarded, 0),
             a.points, t.score, a.selected_choices
"""


def upgrade() -> None:
    op.create_table(
        "quiz_item_groups",
        sa.Column("quiz_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("answered", sa.Boolean(), nullable=False),
        sa.Column("waiting", sa.Boolean(), nullable=False),
        sa.Column("awarded", sa.Numeric(8, 2), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("score", sa.Numeric(8, 2), nullable=False),
        sa.Column("selected_choices", sa.Text(), nullable=False),
        sa.Column("answers", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["quiz_id"], ["quizzes.id"], name=op.f("fk_quiz_item_groups_quiz_id_quizzes"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint(
            "quiz_id",
            "question_id",
            "answered",
            "waiting",
            "awarded",
            "points",
            "score",
            "selected_choices",
            name=op.f("pk_quiz_item_groups"),
        ),
    )
    op.execute(BACKFILL)


def downgrade() -> None:
    op.drop_table("quiz_item_groups")
