"""The item analysis's groups (``quiz_item_groups``, ADR 0014), kept in the transaction that changes them.

An attempt counts in its quiz's groups from the moment it closes (submit, the timer's sweep, a start or a
save that finds it overdue) with the answers and score it closed with. A grade changes its answers' points
and its score: its old rows are taken out before the change and its new ones added after. Each change is
one ``INSERT ... SELECT ... GROUP BY ... ON CONFLICT DO UPDATE`` over the attempt's answers (20 rows for a
20-question quiz), in key order, so two transactions adding to the same groups lock them in the same
order and never deadlock; a group at 0 is deleted.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import Select, delete, func, literal, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from edutrack.adapters.sql.tables.quizzes import QuizAnswerModel as Q
from edutrack.adapters.sql.tables.quizzes import QuizAttemptModel as A
from edutrack.adapters.sql.tables.quizzes import QuizItemGroupModel as G
from edutrack.core.entities.quizzes import AttemptStatus

KEYS = ("quiz_id", "question_id", "answered", "waiting", "awarded", "points", "score", "selected_choices")


def grouped(*where: object, sign: int = 1) -> Select[tuple[object, ...]]:
    """The groups of the closed attempts ``where`` selects, with their counts times ``sign``."""
    keys = (
        A.quiz_id,
        Q.question_id,
        Q.answered,
        Q.points_awarded.is_(None).label("waiting"),
        func.coalesce(Q.points_awarded, 0).label("awarded"),
        Q.points,
        A.score,
        Q.selected_choices,
    )
    count = func.count() if sign == 1 else literal(sign) * func.count()
    return (
        select(*keys, count.label("answers"))
        .join(A, A.id == Q.attempt_id)
        .where(A.status != AttemptStatus.IN_PROGRESS.value, *where)  # type: ignore[arg-type]
        .group_by(*keys)
        .order_by(*keys)
    )


async def count_attempts(session: AsyncSession, attempt_ids: Collection[int], *, sign: int = 1) -> None:
    """Add (``sign`` 1) or take out (-1) the answers of these closed attempts to or from their quizzes'
    groups, as they are now in this transaction."""
    if not attempt_ids:
        return
    table = G.__table__
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    rows = grouped(A.id.in_(list(attempt_ids)), sign=sign)
    statement = insert(table).from_select([*KEYS, "answers"], rows)
    statement = statement.on_conflict_do_update(
        index_elements=list(KEYS), set_={"answers": table.c.answers + statement.excluded.answers}
    )
    await session.execute(statement)
    if sign < 0:
        quizzes = select(A.quiz_id).where(A.id.in_(list(attempt_ids))).distinct().scalar_subquery()
        await session.execute(delete(table).where(table.c.quiz_id.in_(quizzes), table.c.answers <= 0))


async def rebuild(session: AsyncSession, quiz_id: int | None = None) -> None:
    """Recompute the groups from the answers (the migration's backfill, a repair): every quiz, or one."""
    table = G.__table__
    where = [] if quiz_id is None else [A.quiz_id == quiz_id]
    await session.execute(delete(table).where(*([] if quiz_id is None else [table.c.quiz_id == quiz_id])))
    await session.execute(table.insert().from_select([*KEYS, "answers"], grouped(*where)))
