"""quiz answer picks: the selected choices' bank ids on the answer row (the item analysis reads the
answers only)

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

# the selected choices of each answer, ascending bank id, comma-separated; answers without one keep ''
BACKFILL = {
    "postgresql": """
        UPDATE quiz_answers a SET selected_choices = s.ids
        FROM (SELECT answer_id, string_agg(choice_id::text, ',' ORDER BY choice_id) AS ids
              FROM quiz_answer_choices WHERE selected GROUP BY answer_id) s
        WHERE s.answer_id = a.id
    """,
    "sqlite": """
        UPDATE quiz_answers SET selected_choices = (
            SELECT group_concat(choice_id, ',') FROM (
                SELECT choice_id FROM quiz_answer_choices c
                WHERE c.answer_id = quiz_answers.id AND c.selected ORDER BY choice_id))
        WHERE EXISTS (SELECT 1 FROM quiz_answer_choices c WHERE c.answer_id = quiz_answers.id AND c.selected)
    """,
}


def upgrade() -> None:
    with op.batch_alter_table("quiz_answers") as batch:
        batch.add_column(sa.Column("selected_choices", sa.Text(), server_default="", nullable=False))
    op.execute(BACKFILL[op.get_bind().dialect.name])


def downgrade() -> None:
    with op.batch_alter_table("quiz_answers") as batch:
        batch.drop_column("selected_choices")
