"""Quiz attempts in SQL: attempts with their snapshot (answers and their choices), copied to and from
the core's entities.

- An attempt is inserted in a savepoint in three statements whatever its size (the attempt; its
  answers, their ids returned with their display order; their choices); a violation of
  UNIQUE(quiz_id, student_id, attempt_number) or of the partial unique index "one in progress" becomes
  ``AttemptTaken`` and the transaction goes on (the caller then reads the winner's attempt).
- An attempt is read for answering in three statements of Core columns, no ORM entity: its row joined
  with what a response shows (locked: ``FOR UPDATE OF quiz_attempts``, never the quiz's or the
  student's rows), its answers, their choices.
- Saving answers is two statements whatever their number (an executemany UPDATE of the answers, with
  their copy of the selected choices' ids that the item analysis reads, one UPDATE of the choices whose
  ``selected`` flag changes).
- Closing is one conditional UPDATE ``WHERE status = 'in_progress'`` that sums the points already
  awarded in the database and returns what it wrote: a submit and the sweep racing close the attempt
  once, with every answer saved before.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, bindparam, case, exists, func, insert, literal, null, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from edutrack.adapters.sql import errors
from edutrack.adapters.sql.quiz_item_groups import count_attempts
from edutrack.adapters.sql.repositories.academics import valid_id
from edutrack.adapters.sql.repositories.quiz_attempt_rows import (
    ANSWER_COLUMNS,
    CHOICE_COLUMNS,
    attempt_row,
    attempt_select,
    load_answers,
    selected_choices,
)
from edutrack.adapters.sql.rows import values_of
from edutrack.adapters.sql.tables.quizzes import QuizAnswerChoiceModel, QuizAnswerModel, QuizAttemptModel
from edutrack.adapters.sql.tables.students import StudentProfileModel
from edutrack.core.entities.people import StudentStatus
from edutrack.core.entities.quizzes import GRACE, AttemptStatus, ClosedBy, QuizAnswer, QuizAttempt
from edutrack.ports.quiz_attempts import AttemptClosed, AttemptRecord, AttemptTaken

T = QuizAttemptModel
A = QuizAnswerModel
AC = QuizAnswerChoiceModel

RACE_INDEXES = ("uq_quiz_attempts_quiz_student_number", "uq_quiz_attempts_one_in_progress", "quiz_attempts.")
SAVED_COLUMNS = ("answered", "written_answer", "is_correct", "points_awarded", "graded_at", "saved_at")
PICKS = "selected_choices"  # the answer row's copy of its selected choices, written with their flags
GRADE_COLUMNS = ("is_correct", "points_awarded", "score_override", "feedback", "graded_at")


SAVE_ANSWER = (  # executemany: one parameter set per answer
    update(A.__table__)
    .where(A.__table__.c.id == bindparam("b_id"), A.__table__.c.attempt_id == bindparam("b_attempt_id"))
    .values({name: bindparam(f"b_{name}") for name in (*SAVED_COLUMNS, PICKS)})
)
RECORD = (
    attempt_select()
    .add_columns(StudentProfileModel.status.label("student_status"))
    .where(T.id == bindparam("attempt_id"))
)
RECORD_LOCKED = RECORD.with_for_update(of=T)  # the attempt's row only, never the quiz's or the student's


def attempt_of(row: QuizAttemptModel, answers: list[QuizAnswer]) -> QuizAttempt:
    return QuizAttempt(
        id=row.id,
        quiz_id=row.quiz_id,
        student_id=row.student_id,
        attempt_number=row.attempt_number,
        started_at=row.started_at,
        status=AttemptStatus(row.status),
        deadline=row.deadline,
        submitted_at=row.submitted_at,
        closed_by=ClosedBy(row.closed_by) if row.closed_by else None,
        score=row.score,
        max_score=row.max_score,
        graded_at=row.graded_at,
        answers=answers,
    )


def close_statement(
    where: ColumnElement[bool], now: datetime, closed_by: ClosedBy, *, at_deadline: bool = False
) -> Any:
    """The conditional close of the attempts ``where`` selects among those in progress, as one UPDATE:
    the status (``submitted`` while a written answer waits, else ``graded``), the score summed from the
    answers in the database, ``submitted_at`` (now, or the deadline for the timer) and ``closed_by``."""
    table = T.__table__
    answers = A.__table__
    waiting = exists().where(answers.c.attempt_id == table.c.id, answers.c.points_awarded.is_(None))
    total = (
        select(func.coalesce(func.sum(answers.c.points_awarded), 0))
        .where(answers.c.attempt_id == table.c.id)
        .scalar_subquery()
    )
    return (
        update(table)
        .where(table.c.status == AttemptStatus.IN_PROGRESS.value, where)
        .values(
            status=case((waiting, literal(AttemptStatus.SUBMITTED.value)), else_=AttemptStatus.GRADED.value),
            score=total,
            submitted_at=table.c.deadline if at_deadline else now,
            closed_by=closed_by.value,
            graded_at=case((waiting, null()), else_=literal(now, table.c.graded_at.type)),
        )
    )


class SqlQuizAttemptRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, attempt: QuizAttempt) -> QuizAttempt:
        try:
            async with self._session.begin_nested():
                attempt.id = (
                    await self._session.execute(
                        insert(T)
                        .values(
                            quiz_id=attempt.quiz_id,
                            student_id=attempt.student_id,
                            attempt_number=attempt.attempt_number,
                            status=attempt.status.value,
                            started_at=attempt.started_at,
                            deadline=attempt.deadline,
                            score=attempt.score,
                            max_score=attempt.max_score,
                        )
                        .returning(T.id)
                    )
                ).scalar_one()
        except IntegrityError as exc:
            if any(name in str(exc.orig) for name in RACE_INDEXES):
                raise AttemptTaken() from exc
            raise errors.translate(exc) from exc
        await self._insert_answers(attempt)
        return attempt

    async def _insert_answers(self, attempt: QuizAttempt) -> None:
        """Every answer in one batched INSERT returning each id with its display order (unique within
        the attempt; the rows may come back in any order), then every choice in one batched INSERT:
        two statements whatever the size."""
        if not attempt.answers:
            return
        values = [
            {
                "attempt_id": attempt.id,
                "question_type": a.question_type.value,
                PICKS: selected_choices(a),
                **values_of(a, ANSWER_COLUMNS),
            }
            for a in attempt.answers
        ]
        found = await self._session.execute(insert(A).returning(A.order, A.id), values)
        ids = {row.order: row.id for row in found}
        for answer in attempt.answers:
            answer.id = ids[answer.order]
        choices = [
            {"answer_id": a.id, **values_of(c, CHOICE_COLUMNS)} for a in attempt.answers for c in a.choices
        ]
        if choices:
            await self._session.execute(insert(AC), choices)

    async def get(self, attempt_id: int, *, lock: bool = False) -> QuizAttempt | None:
        if not valid_id(attempt_id):
            return None
        statement = select(T).where(T.id == attempt_id)
        if lock:
            statement = statement.with_for_update()
        row = await self._session.scalar(statement)
        if row is None:
            return None
        return attempt_of(row, await load_answers(self._session, row.id))

    async def in_progress(self, quiz_id: int, student_id: int) -> QuizAttempt | None:
        row = await self._session.scalar(
            select(T).where(
                T.quiz_id == quiz_id, T.student_id == student_id, T.status == AttemptStatus.IN_PROGRESS.value
            )
        )
        if row is None:
            return None
        return attempt_of(row, await load_answers(self._session, row.id))

    async def record(self, attempt_id: int, *, lock: bool = False) -> AttemptRecord | None:
        if not valid_id(attempt_id):
            return None
        statement = RECORD_LOCKED if lock else RECORD
        row = (await self._session.execute(statement, {"attempt_id": attempt_id})).one_or_none()
        if row is None:
            return None
        return AttemptRecord(row=attempt_row(row), student_status=StudentStatus(row.student_status))

    async def answers(self, attempt_id: int) -> list[QuizAnswer]:
        if not valid_id(attempt_id):
            return []
        return await load_answers(self._session, attempt_id)

    async def in_progress_id(self, quiz_id: int, student_id: int) -> int | None:
        found: int | None = await self._session.scalar(
            select(T.id).where(
                T.quiz_id == quiz_id, T.student_id == student_id, T.status == AttemptStatus.IN_PROGRESS.value
            )
        )
        return found

    async def count(self, quiz_id: int, student_id: int) -> tuple[int, int]:
        found = (
            await self._session.execute(
                select(func.count(T.id), func.coalesce(func.max(T.attempt_number), 0)).where(
                    T.quiz_id == quiz_id, T.student_id == student_id
                )
            )
        ).one()
        return int(found[0]), int(found[1])

    async def save_answers(self, attempt_id: int, answers: Sequence[QuizAnswer]) -> None:
        if not answers:
            return
        await self._session.execute(
            SAVE_ANSWER,
            [
                {
                    "b_id": a.id,
                    "b_attempt_id": attempt_id,
                    **{f"b_{name}": getattr(a, name) for name in SAVED_COLUMNS},
                    f"b_{PICKS}": selected_choices(a),
                }
                for a in answers
            ],
        )
        # one UPDATE for every choice of these answers, writing only the rows whose flag changes (a
        # resent answer writes no choice row; an index on the flag would be touched only then)
        choices = AC.__table__
        selected = choices.c.id.in_([c.id for a in answers for c in a.choices if c.selected])
        await self._session.execute(
            update(choices)
            .where(choices.c.answer_id.in_([a.id for a in answers]), choices.c.selected != selected)
            .values(selected=selected)
        )

    async def close(self, attempt_id: int, now: datetime, closed_by: ClosedBy) -> AttemptClosed | None:
        c = T.__table__.c
        statement = close_statement(c.id == attempt_id, now, closed_by).returning(
            c.status, c.score, c.submitted_at, c.graded_at
        )
        row = (await self._session.execute(statement)).one_or_none()
        if row is None:
            return None
        await count_attempts(self._session, [attempt_id])
        return AttemptClosed(
            status=AttemptStatus(row.status),
            score=Decimal(row.score),
            submitted_at=row.submitted_at,
            graded_at=row.graded_at,
        )

    async def close_overdue(
        self,
        now: datetime,
        *,
        quiz_id: int | None = None,
        student_id: int | None = None,
        attempt_id: int | None = None,
    ) -> int:
        c = T.__table__.c
        conditions = [c.deadline.is_not(None), c.deadline <= now - GRACE]
        if quiz_id is not None:
            conditions.append(c.quiz_id == quiz_id)
        if student_id is not None:
            conditions.append(c.student_id == student_id)
        if attempt_id is not None:
            conditions.append(c.id == attempt_id)
        # lock the rows first (in id order: two sweeps never deadlock), then close them in a statement of
        # its own: on PostgreSQL it sees every answer a concurrent autosave committed while we waited
        ids = list(
            (
                await self._session.scalars(
                    select(c.id)
                    .where(c.status == AttemptStatus.IN_PROGRESS.value, *conditions)
                    .order_by(c.id)
                    .with_for_update()
                )
            ).all()
        )
        if not ids:
            return 0
        result = await self._session.execute(
            close_statement(c.id.in_(ids), now, ClosedBy.TIMER, at_deadline=True)
        )
        await count_attempts(self._session, ids)  # locked and in progress: every one of them was closed
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def set_deadline(self, attempt_id: int, deadline: datetime | None) -> None:
        await self._session.execute(
            update(T)
            .where(T.id == attempt_id, T.status == AttemptStatus.IN_PROGRESS.value)
            .values(deadline=deadline)
        )

    async def save_grade(self, attempt: QuizAttempt, answer: QuizAnswer) -> None:
        assert attempt.id is not None and answer.id is not None
        await count_attempts(self._session, [attempt.id], sign=-1)  # out with its old points and score
        await self._session.execute(
            update(A)
            .where(A.id == answer.id, A.attempt_id == attempt.id)
            .values(**values_of(answer, GRADE_COLUMNS))
        )
        await self._session.execute(
            update(T)
            .where(T.id == attempt.id)
            .values(status=attempt.status.value, score=attempt.score, graded_at=attempt.graded_at)
        )
        await count_attempts(self._session, [attempt.id])

    async def closed_student_users(self, quiz_id: int) -> list[int]:
        statement = (
            select(StudentProfileModel.user_id)
            .where(
                exists().where(
                    T.student_id == StudentProfileModel.id,
                    T.quiz_id == quiz_id,
                    T.status != AttemptStatus.IN_PROGRESS.value,
                )
            )
            .order_by(StudentProfileModel.user_id)
        )
        return list((await self._session.scalars(statement)).all())
