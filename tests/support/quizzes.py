"""Quiz builders for any backend, on top of the homework class (``tests/support/homework.py``
``build_class``: two teachers, a course with lectures, a verified student holding access to one lecture,
bank questions of each type): a quiz written through the use case (``add_quiz``), a quiz with N fresh
bank questions (``quiz_with_questions``), a student with access (``student_with_access``), and attempts
started, saved and submitted through the use cases (``start``, ``save``, ``submit``)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Decimal

from edutrack.composition import Container
from edutrack.core.actor import SYSTEM
from edutrack.core.entities.questions import Question
from edutrack.core.entities.quizzes import AttemptScoring, QuestionOrder, Visibility
from edutrack.core.policies.grading import AnswerInput
from edutrack.core.use_cases.quizzes.attempts import (
    CloseOverdueAttempts,
    QuizAnswers,
    SaveQuizAnswers,
    StartQuizAttempt,
    SubmitQuizAttempt,
)
from edutrack.core.use_cases.quizzes.common import AttemptView
from edutrack.core.use_cases.quizzes.write_quizzes import CreateQuiz, NewQuiz
from tests.support.homework import Class, build_class, grant, right, written, wrong
from tests.support.people import Student, add_pupil
from tests.support.questions import add_question

__all__ = [
    "Class",
    "add_quiz",
    "build_class",
    "close_overdue",
    "quiz_with_questions",
    "right",
    "save",
    "start",
    "student_with_access",
    "submit",
    "written",
    "wrong",
]


async def add_quiz(
    container: Container,
    cls: Class,
    *questions: Question,
    lecture: int | None = None,
    title: str = "Quiz 1",
    published: bool = True,
    active: bool = True,
    passing_score: Decimal | None = Decimal("50"),
    open_date: datetime | None = None,
    close_date: datetime | None = None,
    timer_minutes: int | None = None,
    score_visibility: Visibility = Visibility.IMMEDIATE,
    answers_visibility: Visibility = Visibility.IMMEDIATE,
    question_order: QuestionOrder = QuestionOrder.FIXED,
    shuffle_choices: bool = False,
    allow_multiple_attempts: bool = False,
    max_attempts: int | None = None,
    attempt_scoring: AttemptScoring = AttemptScoring.BEST,
    show_correct_after_submission: bool = True,
) -> int:
    """A quiz of ``lecture`` (default: the one the student holds), created by the site owner."""
    view = await container.get(CreateQuiz).execute(
        SYSTEM,
        NewQuiz(
            lecture_id=lecture or cls.lecture,
            title=title,
            passing_score=passing_score,
            is_published=published,
            is_active=active,
            open_date=open_date,
            close_date=close_date,
            timer_minutes=timer_minutes,
            score_visibility=score_visibility,
            answers_visibility=answers_visibility,
            question_order=question_order,
            shuffle_choices=shuffle_choices,
            allow_multiple_attempts=allow_multiple_attempts,
            max_attempts=max_attempts,
            attempt_scoring=attempt_scoring,
            show_correct_after_submission=show_correct_after_submission,
            question_ids=tuple(q.id or 0 for q in questions),
        ),
    )
    return view.row.id


async def quiz_with_questions(
    container: Container, cls: Class, count: int, *, question_type: str = "mcq_single", **settings: object
) -> tuple[int, list[Question]]:
    """A quiz of the class's teacher's lecture with ``count`` new bank questions of ``question_type``
    (2 points each); ``settings`` as ``add_quiz``'s keywords."""
    world = cls.world
    questions = [
        await add_question(
            container,
            teacher_id=world.teacher,
            subject_id=world.math,
            question_type=question_type,
            points=2,
            text=f"Question {n}",
        )
        for n in range(1, count + 1)
    ]
    quiz = await add_quiz(container, cls, *questions, **settings)  # type: ignore[arg-type]
    return quiz, questions


async def student_with_access(container: Container, cls: Class, number: int, *, days: int = 30) -> Student:
    """A new verified student (``number`` unique per test, above 3) holding access to ``cls.lecture``."""
    student = await add_pupil(container, number)
    await grant(container, student, cls.lecture, days=days)
    return student


async def start(container: Container, student: Student, quiz: int) -> AttemptView:
    return await container.get(StartQuizAttempt).execute(Class.as_student(student), quiz)


async def save(container: Container, student: Student, attempt: int, *answers: AnswerInput) -> AttemptView:
    return await container.get(SaveQuizAnswers).execute(
        Class.as_student(student), QuizAnswers(attempt, answers)
    )


async def submit(container: Container, student: Student, attempt: int, *answers: AnswerInput) -> AttemptView:
    return await container.get(SubmitQuizAttempt).execute(
        Class.as_student(student), QuizAnswers(attempt, answers)
    )


async def close_overdue(container: Container) -> int:
    return await container.get(CloseOverdueAttempts).execute()


def staff_copy(view: AttemptView) -> AttemptView:
    """The same attempt as staff see it (every score and answer shown)."""
    return replace(view, staff=True)
