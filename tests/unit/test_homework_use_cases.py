"""Homework over the memory fakes: scope, visibility, submit windows, the snapshot, grading rules."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from edutrack.adapters.clock import FrozenClock
from edutrack.composition import Container
from edutrack.core.actor import SYSTEM
from edutrack.core.entities.homework import HomeworkAnswer, SubmissionStatus
from edutrack.core.entities.questions import Choice, Question, QuestionType
from edutrack.core.errors import (
    AccountNotVerified,
    NotFound,
    PermissionDenied,
    RuleViolation,
    ValidationFailed,
)
from edutrack.core.policies.grading import (
    AnswerInput,
    answer_problems,
    choices_correct,
    percentage,
    snapshot_answer,
    status_of,
    total_score,
)
from edutrack.core.use_cases.homework.grade_written import GradeWrittenAnswer, WrittenGrade
from edutrack.core.use_cases.homework.read_homework import GetHomework, HomeworkQuery, ListHomeworks
from edutrack.core.use_cases.homework.read_submissions import (
    ExportHomeworkResults,
    GetHomeworkSubmission,
    HomeworkResults,
)
from edutrack.core.use_cases.homework.write_homework import (
    CreateHomework,
    DeleteHomework,
    HomeworkChanges,
    NewHomework,
    UpdateHomework,
)
from edutrack.ports.readers import PageRequest
from tests.support.homework import Class, add_homework, build_class, right, submit, written, wrong

pytestmark = pytest.mark.anyio

ALL = PageRequest(offset=0, limit=None)


@pytest.fixture
async def cls(container: Container) -> Class:
    return await build_class(container)


def _question(kind: QuestionType, *correct: bool) -> Question:
    now = FrozenClock().now()
    return Question(
        id=7,
        lesson_id=1,
        question_type=kind,
        text="Q",
        created_by=None,
        created_at=now,
        updated_at=now,
        points=4,
        choices=[Choice(id=70 + i, text=str(i), is_correct=c, order=i) for i, c in enumerate(correct)],
    )


# --- the pure grading rules -------------------------------------------------------------------------


def test_mcq_is_all_or_nothing() -> None:
    assert choices_correct(frozenset({1, 2}), frozenset({1, 2}))
    assert not choices_correct(frozenset({1}), frozenset({1, 2}))
    assert not choices_correct(frozenset({1, 2, 3}), frozenset({1, 2}))
    assert not choices_correct(frozenset(), frozenset())
    multi = _question(QuestionType.MCQ_MULTIPLE, True, True, False)
    now = FrozenClock().now()
    full = snapshot_answer(multi, 1, 4, AnswerInput(7, (70, 71)), now)
    part = snapshot_answer(multi, 1, 4, AnswerInput(7, (70,)), now)
    none = snapshot_answer(multi, 1, 4, None, now)
    assert (full.is_correct, full.points_awarded) == (True, Decimal("4.00"))
    assert (part.is_correct, part.points_awarded) == (False, Decimal("0.00"))
    assert (none.answered, none.points_awarded) == (False, Decimal("0.00"))
    assert [c.selected for c in full.choices] == [True, True, False]


def test_written_answers_wait_unless_blank_and_the_status_follows() -> None:
    question = _question(QuestionType.WRITTEN)
    now = FrozenClock().now()
    waiting = snapshot_answer(question, 1, 4, AnswerInput(7, written_answer="text"), now)
    blank = snapshot_answer(question, 2, 4, AnswerInput(7, written_answer="  "), now)
    assert (waiting.is_correct, waiting.points_awarded, waiting.waits_for_grade) == (None, None, True)
    assert (blank.is_correct, blank.points_awarded, blank.answered) == (False, Decimal("0.00"), False)
    assert status_of([waiting, blank]) is SubmissionStatus.SUBMITTED
    assert status_of([blank]) is SubmissionStatus.GRADED
    assert total_score([waiting, blank]) == Decimal("0.00")
    assert percentage(Decimal("1"), Decimal("3")) == Decimal("33.33")
    assert percentage(Decimal("0"), Decimal("0")) == Decimal("0.00")


def test_answer_problems_are_all_reported_in_order() -> None:
    single = _question(QuestionType.MCQ_SINGLE, True, False)
    essay = _question(QuestionType.WRITTEN)
    essay.id = 8
    problems = answer_problems(
        {7: single, 8: essay},
        [
            AnswerInput(7, (70, 71, 99)),
            AnswerInput(8, (70,)),
            AnswerInput(7, (70,)),
            AnswerInput(5),
            AnswerInput(8, written_answer="x"),
        ],
    )
    assert problems == [
        "Answer 1: choice 99 is not a choice of question 7.",
        "Answer 1: question 7 takes only one choice.",
        "Answer 2: question 8 is a written question: it takes no choices.",
        "Answer 3: question 7 is answered more than once.",
        "Answer 4: question 5 is not a question of this homework.",
        "Answer 5: question 8 is answered more than once.",
    ]
    assert answer_problems({7: single}, [AnswerInput(7, written_answer="")]) == [
        "Answer 1: question 7 is a multiple-choice question: it takes no written answer."
    ]


# --- writing homework ---------------------------------------------------------------------------------


async def test_create_checks_everything_at_once_and_writes_nothing(container: Container, cls: Class) -> None:
    create = container.get(CreateHomework)
    now = container.clock.now()
    with pytest.raises(ValidationFailed) as caught:
        await create.execute(
            cls.teacher,
            NewHomework(
                lecture_id=cls.lecture,
                title="  ",
                open_date=now,
                close_date=now - timedelta(days=1),
                question_ids=(cls.mcq.id or 0, cls.foreign.id or 0, 999, cls.mcq.id or 0),
            ),
        )
    assert caught.value.fields == {
        "title": ["This field may not be blank."],
        "close_date": ["Close date must be after open date."],
        "question_ids": [
            f"Question {cls.mcq.id} is listed more than once.",
            f'Invalid pk "{cls.foreign.id}" - object does not exist.',
            'Invalid pk "999" - object does not exist.',
        ],
    }
    with pytest.raises(ValidationFailed) as missing:
        await create.execute(cls.teacher, NewHomework(lecture_id=999, title="x"))
    assert missing.value.fields == {"lecture": ['Invalid pk "999" - object does not exist.']}
    with pytest.raises(PermissionDenied):
        await create.execute(cls.other, NewHomework(lecture_id=cls.lecture, title="x"))
    with pytest.raises(PermissionDenied):
        await create.execute(Class.as_student(cls.student), NewHomework(lecture_id=cls.lecture, title="x"))
    page = await container.get(ListHomeworks).execute(SYSTEM, HomeworkQuery(), ALL)
    assert page.total == 0


async def test_a_global_question_of_another_teacher_may_be_used(container: Container, cls: Class) -> None:
    view = await container.get(CreateHomework).execute(
        cls.teacher,
        NewHomework(lecture_id=cls.lecture, title="HW", question_ids=(cls.shared.id or 0, cls.mcq.id or 0)),
    )
    assert [q.question_id for q in view.questions or ()] == [cls.shared.id, cls.mcq.id]
    assert (view.row.total_points, view.row.question_count) == (3, 2)


async def test_update_keeps_unsent_fields_and_locks_questions_once_submitted(
    container: Container, cls: Class
) -> None:
    homework = await add_homework(container, cls, cls.mcq)
    update = container.get(UpdateHomework)
    view = await update.execute(
        cls.teacher, HomeworkChanges(homework, title="Renamed", question_ids=(cls.multi.id or 0,))
    )
    assert (view.row.title, view.row.model_answer, view.row.total_points) == (
        "Renamed",
        "The model answer",
        3,
    )
    await submit(container, cls.student, homework, right(cls.multi))
    with pytest.raises(ValidationFailed) as locked:
        await update.execute(cls.teacher, HomeworkChanges(homework, question_ids=(cls.mcq.id or 0,)))
    assert locked.value.fields == {
        "question_ids": ["Cannot change the questions: students have already submitted this homework."]
    }
    same = await update.execute(cls.teacher, HomeworkChanges(homework, question_ids=(cls.multi.id or 0,)))
    assert same.row.question_count == 1
    with pytest.raises(PermissionDenied):
        await update.execute(cls.other, HomeworkChanges(homework, title="Mine"))
    with pytest.raises(ValidationFailed):
        await update.execute(
            cls.teacher,
            HomeworkChanges(homework, close_date=container.clock.now(), open_date=container.clock.now()),
        )


async def test_delete_takes_the_submissions_and_frees_the_questions(container: Container, cls: Class) -> None:
    homework = await add_homework(container, cls, cls.mcq)
    await submit(container, cls.student, homework, right(cls.mcq))
    async with container.uow() as uow:
        assert await uow.questions.in_use(cls.mcq.id or 0)
    with pytest.raises(PermissionDenied):
        await container.get(DeleteHomework).execute(cls.other, homework)
    await container.get(DeleteHomework).execute(cls.teacher, homework)
    async with container.uow() as uow:
        assert not await uow.questions.in_use(cls.mcq.id or 0)
    with pytest.raises(NotFound):
        await container.get(GetHomework).execute(SYSTEM, homework)


# --- reading ------------------------------------------------------------------------------------------


async def test_students_see_only_published_active_homework_of_lectures_they_hold(
    container: Container, cls: Class
) -> None:
    visible = await add_homework(container, cls, cls.mcq, title="Visible")
    await add_homework(container, cls, cls.mcq, title="Draft", published=False)
    await add_homework(container, cls, cls.mcq, title="Off", active=False)
    locked = await add_homework(container, cls, cls.mcq, title="Locked", lecture=cls.closed_lecture)
    await add_homework(container, cls, cls.foreign, title="Hers", lecture=cls.other_lecture)
    listing = container.get(ListHomeworks)
    mine = await listing.execute(Class.as_student(cls.student), HomeworkQuery(), ALL)
    assert [v.row.title for v in mine.items] == ["Visible"]
    assert (await listing.execute(Class.as_student(cls.stranger), HomeworkQuery(), ALL)).total == 0
    teacher = await listing.execute(cls.teacher, HomeworkQuery(), ALL)
    assert [v.row.title for v in teacher.items] == ["Locked", "Off", "Draft", "Visible"]
    assert (await listing.execute(SYSTEM, HomeworkQuery(search="hers"), ALL)).total == 1
    get = container.get(GetHomework)
    view = await get.execute(Class.as_student(cls.student), visible)
    assert (view.staff, view.model_answer) == (False, None)
    with pytest.raises(NotFound):
        await get.execute(Class.as_student(cls.student), locked)
    with pytest.raises(PermissionDenied):
        await get.execute(cls.other, visible)
    await submit(container, cls.student, visible, right(cls.mcq))
    after = await get.execute(Class.as_student(cls.student), visible)
    assert after.model_answer == "The model answer" and after.row.my_submission is not None


# --- submitting ---------------------------------------------------------------------------------------


async def test_submit_respects_the_window_the_gate_and_one_submission(
    container: Container, cls: Class, clock: FrozenClock
) -> None:
    now = clock.now()
    later = await add_homework(container, cls, cls.mcq, open_date=now + timedelta(hours=1))
    closed = await add_homework(container, cls, cls.mcq, close_date=now - timedelta(seconds=1))
    draft = await add_homework(container, cls, cls.mcq, published=False)
    with pytest.raises(RuleViolation) as not_yet:
        await submit(container, cls.student, later, right(cls.mcq))
    assert not_yet.value.body() == {"error": "This homework is not open yet."}
    with pytest.raises(RuleViolation) as over:
        await submit(container, cls.student, closed, right(cls.mcq))
    assert over.value.body() == {"error": "This homework is closed."}
    with pytest.raises(NotFound):
        await submit(container, cls.student, draft, right(cls.mcq))
    with pytest.raises(NotFound):
        await submit(container, cls.stranger, later, right(cls.mcq))
    with pytest.raises(AccountNotVerified):
        await submit(container, cls.pending, later, right(cls.mcq))
    clock.advance(hours=2)
    await submit(container, cls.student, later, right(cls.mcq))
    with pytest.raises(RuleViolation) as twice:
        await submit(container, cls.student, later, right(cls.mcq))
    assert twice.value.body() == {"error": "You have already submitted this homework."}


async def test_bad_answers_write_nothing(container: Container, cls: Class) -> None:
    homework = await add_homework(container, cls, cls.mcq, cls.written)
    foreign_choice = cls.multi.choices[0].id
    with pytest.raises(ValidationFailed) as caught:
        await submit(container, cls.student, homework, AnswerInput(cls.mcq.id or 0, (foreign_choice or 0,)))
    assert caught.value.fields == {
        "answers": [f"Answer 1: choice {foreign_choice} is not a choice of question {cls.mcq.id}."]
    }
    results = await container.get(HomeworkResults).execute(SYSTEM, homework, ALL)
    assert results.total == 0


async def test_the_snapshot_outlives_a_bank_edit_and_grading_recomputes_the_score(
    container: Container, cls: Class
) -> None:
    homework = await add_homework(container, cls, cls.mcq, cls.multi, cls.written)
    view = await submit(
        container, cls.student, homework, right(cls.mcq), wrong(cls.multi), written(cls.written)
    )
    assert (view.row.score, view.row.max_score, view.row.status) == (
        Decimal("2.00"),
        Decimal("10.00"),
        SubmissionStatus.SUBMITTED,
    )
    assert view.solutions  # no close date: the solutions show at once
    async with container.uow() as uow:
        question = await uow.questions.get(cls.mcq.id or 0)
        assert question is not None
        question.text, question.points = "Edited", 9
        question.choices[0].is_correct, question.choices[1].is_correct = False, True
        await uow.questions.save(question, replace_choices=True)
        await uow.commit()
    again = await container.get(GetHomeworkSubmission).execute(SYSTEM, view.row.id)
    first: HomeworkAnswer = (again.answers or ())[0]
    assert (first.question_text, first.points, first.points_awarded) == ("Pick one", 2, Decimal("2.00"))
    assert [c.is_correct for c in first.choices] == [True, False, False]
    essay = (again.answers or ())[2]
    grade = container.get(GradeWrittenAnswer)
    with pytest.raises(ValidationFailed) as too_much:
        await grade.execute(cls.teacher, WrittenGrade(view.row.id, essay.id or 0, Decimal("5.01")))
    assert too_much.value.fields == {"score_override": ["Ensure this value is less than or equal to 5."]}
    with pytest.raises(ValidationFailed) as not_written:
        await grade.execute(cls.teacher, WrittenGrade(view.row.id, first.id or 0, Decimal("1")))
    assert not_written.value.fields == {"answer_id": ["This answer is not a written answer."]}
    with pytest.raises(PermissionDenied):
        await grade.execute(cls.other, WrittenGrade(view.row.id, essay.id or 0, Decimal("1")))
    graded = await grade.execute(
        cls.teacher, WrittenGrade(view.row.id, essay.id or 0, Decimal("3.5"), "Good")
    )
    assert (graded.row.score, graded.row.status) == (Decimal("5.50"), SubmissionStatus.GRADED)
    regraded = await grade.execute(cls.teacher, WrittenGrade(view.row.id, essay.id or 0, Decimal("5")))
    assert regraded.row.score == Decimal("7.00")
    answer = (regraded.answers or ())[2]
    assert (answer.is_correct, answer.points_awarded, answer.score_override) == (
        True,
        Decimal("5.00"),
        Decimal("5.00"),
    )
    csv = await container.get(ExportHomeworkResults).execute(SYSTEM, homework)
    header, row = csv.text.splitlines()
    assert header.endswith(f"Q1 (#{cls.mcq.id}),Q2 (#{cls.multi.id}),Q3 (#{cls.written.id})")
    assert row.endswith(",2.00,0.00,5.00") and ",7.00,10.00,70.00," in row


async def test_a_student_sees_solutions_only_after_the_close_date(
    container: Container, cls: Class, clock: FrozenClock
) -> None:
    homework = await add_homework(container, cls, cls.mcq, close_date=clock.now() + timedelta(days=1))
    view = await submit(container, cls.student, homework, right(cls.mcq))
    assert not view.solutions
    get = container.get(GetHomeworkSubmission)
    with pytest.raises(NotFound):
        await get.execute(Class.as_student(cls.stranger), view.row.id)
    assert (await get.execute(cls.teacher, view.row.id)).solutions
    clock.advance(days=2)
    assert (await get.execute(Class.as_student(cls.student), view.row.id)).solutions
