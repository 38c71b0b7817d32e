"""The item analysis's groups under ``average`` scoring are kept as attempts close and are graded (ADR
0014): after every kind of change they equal the quiz's answers grouped afresh, on SQLite and PostgreSQL.
The statistics bodies read from them are pinned in ``test_quiz_statistics_pinned.py``; the races of
``test_quiz_races.py`` check them too."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from edutrack.adapters.sql import quiz_item_groups
from edutrack.adapters.sql.tables.quizzes import QuizAnswerModel, QuizAttemptModel, QuizItemGroupModel
from edutrack.composition import Container
from edutrack.core.entities.quizzes import AttemptScoring
from edutrack.core.use_cases.quizzes.manage import GradeQuizWrittenAnswer, QuizWrittenGrade
from edutrack.core.use_cases.quizzes.write_quizzes import DeleteQuiz
from tests.support.quiz_results import add_attempt, answer_of, build_example, item_groups
from tests.support.quizzes import close_overdue

pytestmark = pytest.mark.anyio


async def _waiting_written(container: Container, quiz: int) -> tuple[int, int]:
    assert container.write_sessions is not None
    async with container.write_sessions() as session:
        row = (
            await session.execute(
                select(QuizAnswerModel.attempt_id, QuizAnswerModel.id)
                .join(QuizAttemptModel, QuizAttemptModel.id == QuizAnswerModel.attempt_id)
                .where(
                    QuizAttemptModel.quiz_id == quiz,
                    QuizAttemptModel.status == "submitted",
                    QuizAnswerModel.answered.is_(True),
                    QuizAnswerModel.points_awarded.is_(None),
                )
            )
        ).one()
    return row.attempt_id, row.id


async def _rows(container: Container, quiz: int) -> int:
    assert container.write_sessions is not None
    async with container.write_sessions() as session:
        found = await session.scalar(
            select(func.count()).select_from(QuizItemGroupModel).where(QuizItemGroupModel.quiz_id == quiz)
        )
    return int(found or 0)


async def test_the_groups_follow_every_close_and_grade(container: Container) -> None:
    ex = await build_example(container, AttemptScoring.AVERAGE)  # closed by the students, one waiting
    kept, fresh = await item_groups(container, ex.quiz)
    assert kept == fresh and sum(int(r[-1]) for r in kept) == 4 * 3  # 4 closed attempts x 3 questions
    assert any(r[3] is True for r in kept)  # the written answer that waits: waiting, awarded 0

    actor = ex.cls.teacher
    attempt, answer = await _waiting_written(container, ex.quiz)
    grade = container.get(GradeQuizWrittenAnswer)
    for points in ("2.50", "4.00", "4.00"):  # a grade, a regrade, the same grade again
        await grade.execute(actor, QuizWrittenGrade(attempt, answer, Decimal(points)))
        kept, fresh = await item_groups(container, ex.quiz)
        assert kept == fresh, points
        assert all(int(r[-1]) > 0 for r in kept)  # a group left empty by the regrade is gone

    # an attempt in progress, overdue: closed by the timer's sweep, counted with what it saved
    mcq = ex.questions[0]
    late = await add_attempt(container, ex.quiz, ex.s1, 3, [answer_of(mcq, 1, when=ex.start)], None)
    async with container.uow() as uow:
        await uow.quiz_attempts.set_deadline(late, container.clock.now() - timedelta(minutes=5))
        await uow.commit()
    assert await close_overdue(container) >= 1
    kept, fresh = await item_groups(container, ex.quiz)
    assert kept == fresh and sum(int(r[-1]) for r in kept) == 4 * 3 + 1  # + the late one's one answer

    # a repair recomputes the same rows
    assert container.write_sessions is not None
    async with container.write_sessions() as session, session.begin():
        await quiz_item_groups.rebuild(session, ex.quiz)
    assert (await item_groups(container, ex.quiz))[0] == kept

    await container.get(DeleteQuiz).execute(actor, ex.quiz)
    assert await _rows(container, ex.quiz) == 0
