"""Quiz repositories and readers: the same tests on the memory fakes, SQLite and PostgreSQL. The unique
indexes that decide races (one attempt in progress; one attempt per number) and the conditional close
(idempotent, summing the saved points)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from edutrack.composition import Container
from edutrack.core.entities.quizzes import AttemptStatus, ClosedBy, QuizAttempt, QuizOverride
from edutrack.core.errors import Conflict
from edutrack.core.policies.grading import record_answer
from edutrack.ports.quiz_attempts import AttemptFilter, AttemptTaken, QuizAttemptReader
from edutrack.ports.quizzes import QuizFilter, QuizReader
from edutrack.ports.readers import PageRequest
from tests.support.quizzes import add_quiz, build_class, right, start, written

pytestmark = pytest.mark.anyio

ALL = PageRequest(offset=0, limit=None)


async def test_quiz_round_trip_overrides_and_the_bank_in_use(contract_container: Container) -> None:
    c = contract_container
    cls = await build_class(c)
    quiz_id = await add_quiz(c, cls, cls.multi, cls.mcq, passing_score=Decimal("62.50"))
    now = c.clock.now()
    async with c.uow() as uow:
        quiz = await uow.quizzes.get(quiz_id)
        assert quiz is not None and quiz.question_ids == [cls.multi.id, cls.mcq.id]
        assert quiz.passing_score == Decimal("62.50")
        assert await uow.questions.in_use(cls.mcq.id or 0)
        assert not await uow.questions.in_use(cls.written.id or 0)
        assert await uow.quiz_overrides.student_of(cls.student.code) == cls.student.id
        assert await uow.quiz_overrides.student_of(str(cls.student.id)) == cls.student.id
        assert await uow.quiz_overrides.student_of("nobody") is None
        first = await uow.quiz_overrides.put(
            QuizOverride(
                quiz_id=quiz_id, student_id=cls.student.id, extra_minutes=5, created_at=now, updated_at=now
            )
        )
        second = await uow.quiz_overrides.put(
            QuizOverride(
                quiz_id=quiz_id, student_id=cls.student.id, extra_attempts=2, created_at=now, updated_at=now
            )
        )
        assert first.id == second.id
        await uow.commit()
    listed = await c.get(QuizReader).overrides(quiz_id, PageRequest(limit=None))
    assert listed.total == 1 and await c.get(QuizReader).override(listed.items[0].id) == listed.items[0]
    (row,) = listed.items
    assert (row.extra_minutes, row.extra_attempts, row.student_code) == (0, 2, cls.student.code)
    with pytest.raises(Conflict):
        async with c.uow() as uow:
            await uow.questions.delete(cls.mcq.id or 0)
            await uow.commit()
    reader = c.get(QuizReader)
    listed = await reader.list(
        QuizFilter(student_id=cls.student.id, lecture_ids=frozenset({cls.lecture})), ALL
    )
    (quiz_row,) = listed.items
    assert (quiz_row.total_points, quiz_row.question_count, quiz_row.extra_attempts) == (5, 2, 2)
    assert len(await reader.questions(quiz_id)) == 2


async def test_the_unique_indexes_refuse_a_second_open_attempt_and_a_taken_number(
    contract_container: Container,
) -> None:
    c = contract_container
    cls = await build_class(c)
    quiz_id = await add_quiz(c, cls, cls.mcq, allow_multiple_attempts=True)
    first = await start(c, cls.student, quiz_id)
    now = c.clock.now()
    async with c.uow() as uow:
        with pytest.raises(AttemptTaken):  # a second attempt in progress
            await uow.quiz_attempts.add(
                QuizAttempt(quiz_id=quiz_id, student_id=cls.student.id, attempt_number=2, started_at=now)
            )
        assert await uow.quiz_attempts.close(first.row.id, now, ClosedBy.STUDENT)
        with pytest.raises(AttemptTaken):  # the number is taken
            await uow.quiz_attempts.add(
                QuizAttempt(quiz_id=quiz_id, student_id=cls.student.id, attempt_number=1, started_at=now)
            )
        # the transaction goes on after a refused insert
        added = await uow.quiz_attempts.add(
            QuizAttempt(quiz_id=quiz_id, student_id=cls.student.id, attempt_number=2, started_at=now)
        )
        assert await uow.quiz_attempts.count(quiz_id, cls.student.id) == (2, 2)
        await uow.commit()
    async with c.uow() as uow:
        current = await uow.quiz_attempts.in_progress(quiz_id, cls.student.id)
        assert current is not None and current.id == added.id


async def test_the_conditional_close_is_idempotent_and_keeps_every_saved_answer(
    contract_container: Container,
) -> None:
    c = contract_container
    cls = await build_class(c)
    quiz_id = await add_quiz(c, cls, cls.mcq, cls.multi, cls.written)
    attempt_id = (await start(c, cls.student, quiz_id)).row.id
    now = c.clock.now()
    async with c.uow() as uow:
        attempt = await uow.quiz_attempts.get(attempt_id, lock=True)
        assert attempt is not None and len(attempt.answers) == 3
        by_question = {a.question_id: a for a in attempt.answers}
        changed = [
            record_answer(by_question[cls.mcq.id or 0], right(cls.mcq), now),
            record_answer(by_question[cls.written.id or 0], written(cls.written), now),
        ]
        await uow.quiz_attempts.save_answers(attempt_id, changed)
        await uow.quiz_attempts.set_deadline(attempt_id, now - timedelta(minutes=1))
        await uow.commit()
    async with c.uow() as uow:
        assert await uow.quiz_attempts.close_overdue(now, attempt_id=attempt_id) == 1
        assert await uow.quiz_attempts.close_overdue(now) == 0
        assert not await uow.quiz_attempts.close(attempt_id, now, ClosedBy.STUDENT)
        await uow.commit()
    reader = c.get(QuizAttemptReader)
    row = await reader.get(attempt_id)
    assert row is not None
    assert (row.status, row.closed_by, row.score) == (
        AttemptStatus.SUBMITTED,
        ClosedBy.TIMER,
        Decimal("2.00"),
    )
    assert row.submitted_at == now - timedelta(minutes=1) and row.max_score == Decimal("10.00")
    answers = {a.question_id: a for a in await reader.answers(attempt_id)}
    assert answers[cls.mcq.id or 0].selected_choice_ids == sorted(cls.mcq.correct_choice_ids)
    assert answers[cls.written.id or 0].written_answer == "Because"
    assert answers[cls.multi.id or 0].points_awarded == Decimal("0.00")
    listed = await reader.list(AttemptFilter(quiz_id=quiz_id, student=cls.student.code), ALL)
    assert [r.id for r in listed.items] == [attempt_id]
    assert (await reader.list(AttemptFilter(quiz_id=quiz_id, status=AttemptStatus.GRADED), ALL)).total == 0
