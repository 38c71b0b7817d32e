"""The quiz engine over the memory fakes, clock-controlled: deadlines, grace, the sweep and the lazy
close, visibility and releases, the attempt limit with overrides, the snapshot, random order."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from edutrack.adapters.clock import FrozenClock
from edutrack.composition import Container
from edutrack.core.actor import SYSTEM
from edutrack.core.entities.quizzes import AttemptStatus, ClosedBy, QuestionOrder, Visibility
from edutrack.core.errors import (
    AccountNotVerified,
    NotFound,
    PermissionDenied,
    RuleViolation,
    ValidationFailed,
)
from edutrack.core.policies.grading import AnswerInput
from edutrack.core.use_cases.quizzes.manage import (
    GradeQuizWrittenAnswer,
    OverrideInput,
    PutQuizOverride,
    QuizWrittenGrade,
    ReleaseQuizAnswers,
    ReleaseQuizScores,
)
from edutrack.core.use_cases.quizzes.read_attempts import GetQuizAttempt, ListMyQuizAttempts
from edutrack.core.use_cases.quizzes.read_quizzes import GetQuiz
from edutrack.core.use_cases.quizzes.write_quizzes import CreateQuiz, NewQuiz, QuizChanges, UpdateQuiz
from edutrack.ports.readers import PageRequest
from tests.support.quizzes import (
    Class,
    add_quiz,
    build_class,
    close_overdue,
    quiz_with_questions,
    right,
    save,
    start,
    submit,
    written,
    wrong,
)

pytestmark = pytest.mark.anyio

ALL = PageRequest(offset=0, limit=None)


@pytest.fixture
async def cls(container: Container) -> Class:
    return await build_class(container)


async def _read(container: Container, cls: Class, attempt: int):
    return await container.get(GetQuizAttempt).execute(Class.as_student(cls.student), attempt)


# --- writing ------------------------------------------------------------------------------------------


async def test_settings_are_checked_and_questions_freeze_once_attempted(
    container: Container, cls: Class
) -> None:
    bad = NewQuiz(
        lecture_id=cls.lecture,
        title=" ",
        open_date=FrozenClock().now(),
        close_date=FrozenClock().now(),
        allow_multiple_attempts=False,
        max_attempts=3,
        question_ids=(cls.foreign.id or 0,),
    )
    with pytest.raises(ValidationFailed) as failed:
        await container.get(CreateQuiz).execute(cls.teacher, bad)
    assert set(failed.value.body()) == {"title", "close_date", "max_attempts", "question_ids"}
    with pytest.raises(PermissionDenied):
        await container.get(CreateQuiz).execute(cls.other, NewQuiz(lecture_id=cls.lecture, title="Hers"))
    quiz = await add_quiz(container, cls, cls.mcq, cls.multi)
    await start(container, cls.student, quiz)
    with pytest.raises(ValidationFailed) as frozen:
        await container.get(UpdateQuiz).execute(
            cls.teacher, QuizChanges(quiz_id=quiz, question_ids=(cls.mcq.id or 0,))
        )
    assert "question_ids" in frozen.value.body()
    changed = await container.get(UpdateQuiz).execute(cls.teacher, QuizChanges(quiz_id=quiz, timer_minutes=5))
    assert changed.row.timer_minutes == 5 and changed.row.question_count == 2


# --- deadlines, grace, the sweep and the lazy close ----------------------------------------------------


async def test_deadline_is_the_earliest_of_timer_and_close_date_with_the_override(
    container: Container, cls: Class, clock: FrozenClock
) -> None:
    now = clock.now()
    quiz = await add_quiz(container, cls, cls.mcq, timer_minutes=30, close_date=now + timedelta(minutes=20))
    first = await start(container, cls.student, quiz)
    assert first.created and first.row.deadline == now + timedelta(minutes=20)
    assert first.now == now
    again = await start(container, cls.student, quiz)  # in progress: the same attempt, nothing used
    assert not again.created and again.row.id == first.row.id
    override = OverrideInput(
        quiz_id=quiz, student=cls.student.code, extra_minutes=15, close_date=now + timedelta(hours=2)
    )
    await container.get(PutQuizOverride).execute(cls.teacher, override)
    moved = await _read(container, cls, first.row.id)
    assert moved.row.deadline == now + timedelta(minutes=45)  # recomputed: 30 + 15 < 2 h


async def test_autosave_after_grace_is_refused_and_the_attempt_closes_with_what_was_saved(
    container: Container, cls: Class, clock: FrozenClock
) -> None:
    quiz = await add_quiz(container, cls, cls.mcq, cls.multi, timer_minutes=10)
    attempt = (await start(container, cls.student, quiz)).row.id
    await save(container, cls.student, attempt, right(cls.mcq))
    clock.advance(minutes=10, seconds=29)  # inside the grace
    saved = await save(container, cls.student, attempt, wrong(cls.multi))
    assert saved.row.status is AttemptStatus.IN_PROGRESS
    clock.advance(seconds=1)  # deadline + 30 s
    with pytest.raises(RuleViolation) as closed:
        await save(container, cls.student, attempt, right(cls.multi))
    assert closed.value.body() == {"error": "This attempt is closed."}
    view = await _read(container, cls, attempt)
    assert view.row.status is AttemptStatus.GRADED and view.row.closed_by is ClosedBy.TIMER
    assert view.row.score == Decimal("2.00") and view.row.submitted_at == view.row.deadline
    with pytest.raises(RuleViolation) as twice:
        await submit(container, cls.student, attempt)
    assert twice.value.body() == {"error": "This attempt is closed."}  # the timer closed it, not the student


async def test_the_sweep_closes_overdue_attempts_without_any_request(
    container: Container, cls: Class, clock: FrozenClock
) -> None:
    quiz = await add_quiz(container, cls, cls.mcq, cls.written, timer_minutes=5)
    attempt = (await start(container, cls.student, quiz)).row.id
    await save(container, cls.student, attempt, right(cls.mcq), written(cls.written))
    clock.advance(minutes=5, seconds=29)
    assert await close_overdue(container) == 0
    clock.advance(seconds=1)
    assert await close_overdue(container) == 1
    assert await close_overdue(container) == 0  # idempotent
    view = await _read(container, cls, attempt)
    assert view.row.status is AttemptStatus.SUBMITTED  # the written answer waits
    assert view.row.score == Decimal("2.00")


async def test_reads_close_overdue_attempts_lazily(
    container: Container, cls: Class, clock: FrozenClock
) -> None:
    quiz = await add_quiz(container, cls, cls.mcq, timer_minutes=1)
    attempt = (await start(container, cls.student, quiz)).row.id
    clock.advance(minutes=2)
    mine = await container.get(ListMyQuizAttempts).execute(Class.as_student(cls.student), quiz, ALL)
    assert [v.row.status for v in mine.items] == [AttemptStatus.GRADED]
    detail = await container.get(GetQuiz).execute(Class.as_student(cls.student), quiz)
    assert detail.row.in_progress_attempt is None and detail.questions == ()
    assert (await _read(container, cls, attempt)).row.closed_by is ClosedBy.TIMER


# --- starting ------------------------------------------------------------------------------------------


async def test_start_gates_and_the_attempt_limit_with_overrides(
    container: Container, cls: Class, clock: FrozenClock
) -> None:
    now = clock.now()
    later = await add_quiz(container, cls, cls.mcq, open_date=now + timedelta(hours=1))
    over = await add_quiz(container, cls, cls.mcq, close_date=now)
    draft = await add_quiz(container, cls, cls.mcq, published=False)
    with pytest.raises(RuleViolation) as not_yet:
        await start(container, cls.student, later)
    assert not_yet.value.body() == {"error": "This quiz is not open yet."}
    with pytest.raises(RuleViolation) as closed:
        await start(container, cls.student, over)
    assert closed.value.body() == {"error": "This quiz is closed."}
    for blocked in (draft,):
        with pytest.raises(NotFound):
            await start(container, cls.student, blocked)
    with pytest.raises(NotFound):
        await start(container, cls.stranger, later)
    with pytest.raises(AccountNotVerified):
        await start(container, cls.pending, later)
    await container.get(PutQuizOverride).execute(
        cls.teacher,
        OverrideInput(quiz_id=over, student=str(cls.student.id), close_date=now + timedelta(hours=1)),
    )
    assert (await start(container, cls.student, over)).created  # their own close date
    multi = await add_quiz(container, cls, cls.mcq, allow_multiple_attempts=True, max_attempts=2)
    for _ in range(2):
        attempt = (await start(container, cls.student, multi)).row.id
        await submit(container, cls.student, attempt, right(cls.mcq))
    with pytest.raises(RuleViolation) as none_left:
        await start(container, cls.student, multi)
    assert none_left.value.body() == {"error": "You have no attempts left for this quiz."}
    await container.get(PutQuizOverride).execute(
        cls.teacher, OverrideInput(quiz_id=multi, student=cls.student.code, extra_attempts=1)
    )
    third = await start(container, cls.student, multi)
    assert third.row.attempt_number == 3


async def test_the_snapshot_survives_a_bank_edit(container: Container, cls: Class) -> None:
    quiz = await add_quiz(container, cls, cls.mcq)
    attempt = (await start(container, cls.student, quiz)).row.id
    async with container.uow() as uow:
        question = await uow.questions.get(cls.mcq.id or 0)
        assert question is not None
        question.text, question.points = "Changed", 9
        await uow.questions.save(question, replace_choices=False)
        await uow.commit()
    view = await submit(container, cls.student, attempt, right(cls.mcq))
    answers = view.answers or ()
    assert answers[0].question_text == "Pick one" and answers[0].points == 2
    assert view.row.score == Decimal("2.00") and view.row.max_score == Decimal("2.00")


async def test_random_order_and_shuffled_choices_are_stable_within_an_attempt(
    container: Container, cls: Class
) -> None:
    quiz, questions = await quiz_with_questions(
        container, cls, 8, question_order=QuestionOrder.RANDOM, shuffle_choices=True
    )
    first = await start(container, cls.student, quiz)
    order = [a.question_id for a in first.answers or ()]
    assert sorted(order) == sorted(q.id for q in questions)
    choices = {a.question_id: [c.choice_id for c in a.choices] for a in first.answers or ()}
    assert all(sorted(c.order for c in a.choices) == [0, 1, 2] for a in first.answers or ())
    again = await save(container, cls.student, first.row.id, right(questions[0]))
    assert [a.question_id for a in again.answers or ()] == order
    assert {a.question_id: [c.choice_id for c in a.choices] for a in again.answers or ()} == choices


# --- visibility and releases ---------------------------------------------------------------------------


async def test_score_visibility_immediate_after_close_and_manual(
    container: Container, cls: Class, clock: FrozenClock
) -> None:
    now = clock.now()
    immediate = await add_quiz(container, cls, cls.mcq)
    after = await add_quiz(
        container,
        cls,
        cls.mcq,
        close_date=now + timedelta(hours=1),
        score_visibility=Visibility.AFTER_CLOSE,
        answers_visibility=Visibility.AFTER_CLOSE,
    )
    manual = await add_quiz(
        container,
        cls,
        cls.mcq,
        score_visibility=Visibility.MANUAL,
        answers_visibility=Visibility.IMMEDIATE,
        show_correct_after_submission=False,
    )
    views = {}
    for quiz in (immediate, after, manual):
        attempt = (await start(container, cls.student, quiz)).row.id
        assert not (await _read(container, cls, attempt)).scores  # in progress: hidden
        views[quiz] = await submit(container, cls.student, attempt, right(cls.mcq))
    assert views[immediate].scores and views[immediate].solutions and views[immediate].passed is True
    assert not views[after].scores and not views[after].solutions
    assert not views[manual].scores and not views[manual].solutions
    clock.advance(hours=1)
    later = await _read(container, cls, views[after].row.id)
    assert later.scores and later.solutions
    detail = await container.get(ReleaseQuizScores).execute(cls.teacher, manual)
    assert detail == "Scores released to 1 student."
    released = await _read(container, cls, views[manual].row.id)
    assert released.scores and not released.solutions  # show_correct_after_submission false
    assert (
        await container.get(ReleaseQuizAnswers).execute(cls.teacher, manual)
        == "Answers released to 1 student."
    )
    assert (await _read(container, cls, views[manual].row.id)).solutions
    with pytest.raises(PermissionDenied):
        await container.get(ReleaseQuizScores).execute(cls.other, manual)


async def test_grading_a_written_answer_recomputes_the_score(container: Container, cls: Class) -> None:
    quiz = await add_quiz(container, cls, cls.mcq, cls.written)
    attempt = (await start(container, cls.student, quiz)).row.id
    submitted = await submit(container, cls.student, attempt, wrong(cls.mcq), written(cls.written))
    assert submitted.row.status is AttemptStatus.SUBMITTED
    answer = next(a for a in submitted.answers or () if a.question_id == cls.written.id)
    grade = QuizWrittenGrade(attempt_id=attempt, answer_id=answer.id or 0, score_override=Decimal("3.5"))
    graded = await container.get(GradeQuizWrittenAnswer).execute(cls.teacher, grade)
    assert graded.row.status is AttemptStatus.GRADED and graded.row.score == Decimal("3.50")
    with pytest.raises(ValidationFailed):
        await container.get(GradeQuizWrittenAnswer).execute(
            cls.teacher,
            QuizWrittenGrade(attempt_id=attempt, answer_id=answer.id or 0, score_override=Decimal(6)),
        )
    with pytest.raises(PermissionDenied):
        await container.get(GradeQuizWrittenAnswer).execute(cls.other, grade)


async def test_answers_are_checked_against_the_attempt(container: Container, cls: Class) -> None:
    quiz = await add_quiz(container, cls, cls.mcq, cls.written)
    attempt = (await start(container, cls.student, quiz)).row.id
    with pytest.raises(ValidationFailed) as failed:
        await save(
            container,
            cls.student,
            attempt,
            AnswerInput(cls.multi.id or 0, ()),
            AnswerInput(cls.mcq.id or 0, tuple(c.id or 0 for c in cls.mcq.choices)),
            AnswerInput(cls.written.id or 0, (cls.mcq.choices[0].id or 0,)),
        )
    assert failed.value.body()["answers"] == [
        f"Answer 1: question {cls.multi.id} is not a question of this quiz.",
        f"Answer 2: question {cls.mcq.id} takes only one choice.",
        f"Answer 3: question {cls.written.id} is a written question: it takes no choices.",
    ]
    with pytest.raises(NotFound):
        await save(container, cls.stranger, attempt, right(cls.mcq))
    unchanged = await _read(container, cls, attempt)
    assert all(not a.answered for a in unchanged.answers or ()) and SYSTEM
