"""Create, change and delete a lecture's quizzes (Teacher API §10: POST, PUT, DELETE /learning/quizzes/)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from decimal import Decimal

from edutrack.core import messages as m
from edutrack.core.actor import Actor
from edutrack.core.commands import UNSET, Unset
from edutrack.core.entities.quizzes import AttemptScoring, QuestionOrder, Quiz, QuizQuestion, Visibility
from edutrack.core.errors import FieldErrors, NotFound, PermissionDenied, invalid_pk
from edutrack.core.use_cases.quizzes.common import (
    QUESTIONS_LOCKED,
    QuizView,
    check_dates,
    check_questions,
    managed_quiz,
    may_manage,
    require_staff,
)
from edutrack.core.use_cases.shared import Writer
from edutrack.ports.quizzes import QuizReader
from edutrack.ports.uow import UnitOfWork

ONE_ATTEMPT_ONLY = "Must be 1 or null when multiple attempts are not allowed."


@dataclass(frozen=True, slots=True)
class NewQuiz:
    """A quiz of the lecture ``lecture_id``; ``question_ids`` in the order the students see them (unless
    ``question_order`` is random). Ranges (timer ≥ 1, max_attempts ≥ 1, passing_score 0..100) are
    checked at the edge."""

    lecture_id: int
    title: str
    description: str = ""
    passing_score: Decimal | None = None
    is_active: bool = True
    is_published: bool = False
    open_date: datetime | None = None
    close_date: datetime | None = None
    timer_minutes: int | None = None
    score_visibility: Visibility = Visibility.IMMEDIATE
    answers_visibility: Visibility = Visibility.AFTER_CLOSE
    question_order: QuestionOrder = QuestionOrder.FIXED
    shuffle_choices: bool = False
    allow_multiple_attempts: bool = False
    max_attempts: int | None = None
    attempt_scoring: AttemptScoring = AttemptScoring.BEST
    show_correct_after_submission: bool = True
    question_ids: tuple[int, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class QuizChanges:
    """What changes in the quiz ``quiz_id``; ``UNSET`` fields keep their values; ``question_ids`` sent
    replace the whole list."""

    quiz_id: int
    lecture_id: int | Unset = UNSET
    title: str | Unset = UNSET
    description: str | Unset = UNSET
    passing_score: Decimal | Unset | None = UNSET
    is_active: bool | Unset = UNSET
    is_published: bool | Unset = UNSET
    open_date: datetime | Unset | None = UNSET
    close_date: datetime | Unset | None = UNSET
    timer_minutes: int | Unset | None = UNSET
    score_visibility: Visibility | Unset = UNSET
    answers_visibility: Visibility | Unset = UNSET
    question_order: QuestionOrder | Unset = UNSET
    shuffle_choices: bool | Unset = UNSET
    allow_multiple_attempts: bool | Unset = UNSET
    max_attempts: int | Unset | None = UNSET
    attempt_scoring: AttemptScoring | Unset = UNSET
    show_correct_after_submission: bool | Unset = UNSET
    question_ids: tuple[int, ...] | Unset = UNSET


# the fields copied as they are from a command onto the quiz
PLAIN = (
    "description",
    "passing_score",
    "is_active",
    "is_published",
    "open_date",
    "close_date",
    "timer_minutes",
    "score_visibility",
    "answers_visibility",
    "question_order",
    "shuffle_choices",
    "allow_multiple_attempts",
    "max_attempts",
    "attempt_scoring",
    "show_correct_after_submission",
)


def _clean_title(problems: FieldErrors, title: str) -> str:
    text = title.strip()
    if not text:
        problems.add("title", m.BLANK)
    return text


def _links(question_ids: tuple[int, ...]) -> list[QuizQuestion]:
    return [QuizQuestion(question_id=qid, order=n) for n, qid in enumerate(question_ids, start=1)]


def _check_settings(quiz: Quiz, problems: FieldErrors) -> None:
    check_dates(quiz.open_date, quiz.close_date, problems)
    if not quiz.allow_multiple_attempts and quiz.max_attempts not in (None, 1):
        problems.add("max_attempts", ONE_ATTEMPT_ONLY)


async def _check_lecture(uow: UnitOfWork, actor: Actor, lecture_id: int, problems: FieldErrors) -> None:
    """The lecture exists and the actor manages its course (another teacher's lecture: PermissionDenied)."""
    scope = await uow.quizzes.lecture_scope(lecture_id)
    if scope is None:
        problems.add("lecture", invalid_pk(lecture_id))
    elif not may_manage(actor, scope.teacher_id):
        raise PermissionDenied()


class QuizWriter(Writer[QuizReader]):
    async def _answer(self, quiz_id: int) -> QuizView:
        row = await self._reader.get(quiz_id)
        if row is None:  # deleted in the instant since the commit
            raise NotFound()
        return QuizView(row=row, staff=True, questions=tuple(await self._reader.questions(quiz_id)))


class CreateQuiz(QuizWriter):
    """Site owner, or the lecture's course teacher and their assistants (another teacher: PermissionDenied;
    students: PermissionDenied).

    Invariants: the lecture exists (``{"lecture": ["Invalid pk ..."]}``); the title is not blank;
    ``open_date < close_date`` when both are set; ``max_attempts`` is null or 1 without
    ``allow_multiple_attempts``; each of ``question_ids`` is a bank question the caller may read, listed
    once. Every problem is answered at once and nothing is written.
    """

    async def execute(self, actor: Actor, command: NewQuiz) -> QuizView:
        require_staff(actor)
        problems = FieldErrors()
        title = _clean_title(problems, command.title)
        now = self._clock.now()
        quiz = Quiz(
            lecture_id=command.lecture_id,
            title=title,
            created_by=actor.user_id or None,
            created_at=now,
            updated_at=now,
            questions=_links(command.question_ids),
            **{name: getattr(command, name) for name in PLAIN},
        )
        _check_settings(quiz, problems)
        async with self._uow as uow:
            await _check_lecture(uow, actor, command.lecture_id, problems)
            await check_questions(uow, actor, command.question_ids, problems)
            problems.raise_if_any()
            await uow.quizzes.add(quiz)
            await uow.commit()
        assert quiz.id is not None
        return await self._answer(quiz.id)


class UpdateQuiz(QuizWriter):
    """Site owner, or the course's teacher and their assistants; moving the quiz to another lecture needs
    the same right there. Unknown quiz: NotFound.

    Fields not sent keep their values; the result keeps the create rules. ``question_ids`` sent replace
    the list, refused once any attempt exists (``{"question_ids": [QUESTIONS_LOCKED]}``). Settings may
    change at any time: they apply to attempts started afterwards (the deadline of an attempt in progress
    is not moved).
    """

    async def execute(self, actor: Actor, changes: QuizChanges) -> QuizView:
        require_staff(actor)
        problems = FieldErrors()
        async with self._uow as uow:
            quiz, _ = await managed_quiz(uow, actor, changes.quiz_id)
            if isinstance(changes.lecture_id, int) and changes.lecture_id != quiz.lecture_id:
                await _check_lecture(uow, actor, changes.lecture_id, problems)
                quiz.lecture_id = changes.lecture_id
            if isinstance(changes.title, str):
                quiz.title = _clean_title(problems, changes.title)
            for name in PLAIN:
                value = getattr(changes, name)
                if value is not UNSET:
                    setattr(quiz, name, value)
            _check_settings(quiz, problems)
            replace = isinstance(changes.question_ids, tuple)
            if isinstance(changes.question_ids, tuple):
                assert quiz.id is not None
                if changes.question_ids != tuple(quiz.question_ids) and await uow.quizzes.has_attempts(
                    quiz.id
                ):
                    problems.add("question_ids", QUESTIONS_LOCKED)
                else:
                    await check_questions(uow, actor, changes.question_ids, problems)
                    quiz.questions = _links(changes.question_ids)
            problems.raise_if_any()
            quiz.updated_at = self._clock.now()
            await uow.quizzes.save(quiz, replace_questions=replace)
            await uow.commit()
        return await self._answer(changes.quiz_id)


class DeleteQuiz:
    """Site owner, or the course's teacher and their assistants (another teacher: PermissionDenied);
    unknown quiz: NotFound. Its question links, overrides and every attempt go with it, in one
    transaction (the bank's questions stay)."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def execute(self, actor: Actor, quiz_id: int) -> None:
        require_staff(actor)
        async with self._uow as uow:
            await managed_quiz(uow, actor, quiz_id)
            await uow.quizzes.delete(quiz_id)
            await uow.commit()


assert {f.name for f in fields(NewQuiz)} >= set(PLAIN)
