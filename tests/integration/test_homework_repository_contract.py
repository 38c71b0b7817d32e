"""Homework repositories and readers: the same tests on the memory fakes, SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from edutrack.composition import Container
from edutrack.core.entities.homework import HomeworkQuestion, HomeworkSubmission, SubmissionStatus
from edutrack.core.errors import Conflict, RuleViolation
from edutrack.core.policies.grading import grade_override
from edutrack.ports.homework import HomeworkFilter, HomeworkReader, HomeworkSubmissionReader, SubmissionFilter
from edutrack.ports.readers import PageRequest
from tests.support.homework import add_homework, build_class, right, submit, written

pytestmark = pytest.mark.anyio

ALL = PageRequest(offset=0, limit=None)


async def test_homework_round_trip_with_its_questions(contract_container: Container) -> None:
    c = contract_container
    cls = await build_class(c)
    homework_id = await add_homework(c, cls, cls.multi, cls.mcq)
    async with c.uow() as uow:
        homework = await uow.homeworks.get(homework_id)
        assert homework is not None
        assert homework.question_ids == [cls.multi.id, cls.mcq.id]
        assert [q.order for q in homework.questions] == [1, 2]
        assert await uow.homeworks.lecture_scope(cls.lecture) is not None
        scope = await uow.homeworks.lecture_scope(cls.other_lecture)
        assert scope is not None and scope.teacher_id == cls.world.other
        assert await uow.homeworks.lecture_scope(2**40) is None
        assert not await uow.homeworks.has_submissions(homework_id)
        homework.title = "Renamed"
        homework.close_date = homework.created_at + timedelta(days=3)
        homework.questions = [HomeworkQuestion(question_id=cls.written.id or 0, order=1)]
        await uow.homeworks.save(homework, replace_questions=True)
        await uow.commit()
    async with c.uow() as uow:
        saved = await uow.homeworks.get(homework_id)
        assert saved is not None
        assert (saved.title, saved.question_ids) == ("Renamed", [cls.written.id])
        assert saved.close_date == saved.created_at + timedelta(days=3)
        assert await uow.questions.in_use(cls.written.id or 0)
        assert not await uow.questions.in_use(cls.mcq.id or 0)
    reader = c.get(HomeworkReader)
    row = await reader.get(homework_id)
    assert row is not None
    assert (row.total_points, row.question_count, row.course_id, row.teacher_id) == (
        5,
        1,
        cls.course,
        cls.world.teacher,
    )
    (question,) = await reader.questions(homework_id)
    assert (question.question_id, question.effective_points, question.choices) == (cls.written.id, 5, ())
    async with c.uow() as uow:
        await uow.homeworks.delete(homework_id)
        await uow.commit()
    assert await reader.get(homework_id) is None


async def test_a_question_in_use_cannot_be_deleted(contract_container: Container) -> None:
    c = contract_container
    cls = await build_class(c)
    await add_homework(c, cls, cls.mcq)
    with pytest.raises(Conflict):
        async with c.uow() as uow:
            await uow.questions.delete(cls.mcq.id or 0)
            await uow.commit()


async def test_list_filters_order_and_student_scope(contract_container: Container) -> None:
    c = contract_container
    cls = await build_class(c)
    first = await add_homework(c, cls, cls.mcq, title="Alpha")
    beta = await add_homework(c, cls, cls.mcq, title="Beta", published=False)
    hers = await add_homework(c, cls, cls.foreign, title="Gamma", lecture=cls.other_lecture)
    reader = c.get(HomeworkReader)
    everything = await reader.list(HomeworkFilter(ordering=(("title", True),)), ALL)
    assert [r.id for r in everything.items] == [hers, beta, first]
    newest_first = await reader.list(HomeworkFilter(teacher=cls.world.teacher), ALL)
    assert [r.id for r in newest_first.items] == [beta, first]
    student = await reader.list(
        HomeworkFilter(lecture_ids=frozenset({cls.lecture}), student_open=True, student_id=cls.student.id),
        ALL,
    )
    assert [r.id for r in student.items] == [first] and student.items[0].my_submission is None
    assert (await reader.list(HomeworkFilter(lecture_ids=frozenset(), student_open=True), ALL)).total == 0
    assert (await reader.list(HomeworkFilter(search="ALP"), ALL)).total == 1
    assert (await reader.list(HomeworkFilter(is_published=False), ALL)).total == 1
    assert (await reader.list(HomeworkFilter(course=cls.course), PageRequest(offset=1, limit=1))).total == 2


async def test_submissions_snapshot_unique_and_grading(contract_container: Container) -> None:
    c = contract_container
    cls = await build_class(c)
    homework_id = await add_homework(c, cls, cls.mcq, cls.written)
    view = await submit(c, cls.student, homework_id, right(cls.mcq), written(cls.written, "My essay"))
    now = c.clock.now()
    async with c.uow() as uow:
        assert await uow.homework_submissions.exists(homework_id, cls.student.id)
        assert await uow.homeworks.has_submissions(homework_id)
        with pytest.raises(RuleViolation) as twice:
            await uow.homework_submissions.add(
                HomeworkSubmission(homework_id=homework_id, student_id=cls.student.id, submitted_at=now)
            )
        assert twice.value.body() == {"error": "You have already submitted this homework."}
    async with c.uow() as uow:
        submission = await uow.homework_submissions.get_for_update(view.row.id)
        assert submission is not None
        assert [a.question_id for a in submission.answers] == [cls.mcq.id, cls.written.id]
        mcq, essay = submission.answers
        assert [(ch.choice_id, ch.selected, ch.is_correct) for ch in mcq.choices] == [
            (cls.mcq.choices[0].id, True, True),
            (cls.mcq.choices[1].id, False, False),
            (cls.mcq.choices[2].id, False, False),
        ]
        assert (essay.written_answer, essay.points_awarded, essay.answered) == ("My essay", None, True)
        grade_override(essay, Decimal("2.25"), "ok", now)
        submission.score, submission.status, submission.graded_at = (
            Decimal("4.25"),
            SubmissionStatus.GRADED,
            now,
        )
        await uow.homework_submissions.save_grade(submission, essay)
        await uow.commit()
    reader = c.get(HomeworkSubmissionReader)
    row = await reader.get(view.row.id)
    assert row is not None
    assert (row.score, row.max_score, row.status, row.student_code) == (
        Decimal("4.25"),
        Decimal("7.00"),
        SubmissionStatus.GRADED,
        cls.student.code,
    )
    answers = await reader.answers(view.row.id)
    assert (answers[1].score_override, answers[1].feedback, answers[1].is_correct) == (
        Decimal("2.25"),
        "ok",
        False,
    )
    points = await reader.points_by_question(homework_id)
    assert points == {view.row.id: {cls.mcq.id: Decimal("2.00"), cls.written.id: Decimal("2.25")}}
    for student in (cls.student.code, str(cls.student.id)):
        assert (await reader.list(SubmissionFilter(homework_id, student=student), ALL)).total == 1
    assert (await reader.list(SubmissionFilter(homework_id, student="nobody"), ALL)).total == 0
    assert (
        await reader.list(SubmissionFilter(homework_id, status=SubmissionStatus.SUBMITTED), ALL)
    ).total == 0


async def test_deleting_a_lecture_deletes_its_homework(contract_container: Container) -> None:
    c = contract_container
    cls = await build_class(c)
    homework_id = await add_homework(c, cls, cls.mcq, lecture=cls.closed_lecture)
    async with c.uow() as uow:
        await uow.lectures.delete(cls.closed_lecture)
        await uow.commit()
    async with c.uow() as uow:
        assert await uow.homeworks.get(homework_id) is None
        assert not await uow.questions.in_use(cls.mcq.id or 0)
