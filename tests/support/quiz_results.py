"""A small quiz whose results and item analysis are computed by hand (``build_example``), written
straight through the repositories so every backend holds the same attempts.

Questions (``homework.build_class``): mcq (2 points: Right | Wrong | Also wrong), multi (3 points: Right,
Also right | Wrong), written (5 points). Closed attempts, by first submission:

| student | attempt | submitted | mcq | multi | written | score |
| --- | --- | --- | --- | --- | --- | --- |
| s1 (``cls.student``) | 1 | +1 min | Right: 2 | both right: 3 | graded 5 | 10 |
| s2 (``cls.stranger``) | 1 | +2 min | Wrong: 0 | both right: 3 | graded 1 | 4 |
| s3 (``cls.pending``) | 1 | +3 min | unanswered: 0 | Wrong: 0 | waits (submitted) | 0 |
| s1 | 2 | +4 min | Right: 2 | Wrong: 0 | graded 4 | 6 |

and s4 (pupil 4) has an attempt in progress (never counted). Scored attempts: best s1#1, s2, s3; last
s1#2, s2, s3; average every closed one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from edutrack.adapters.sql.quiz_item_groups import KEYS, grouped
from edutrack.adapters.sql.tables.quizzes import QuizAttemptModel, QuizItemGroupModel
from edutrack.composition import Container
from edutrack.core.entities.questions import Question
from edutrack.core.entities.quizzes import (
    AnswerChoice,
    AttemptScoring,
    ClosedBy,
    Quiz,
    QuizAnswer,
    QuizAttempt,
    QuizQuestion,
)
from tests.support.homework import Class, build_class
from tests.support.people import Student, add_pupil

PASSING = Decimal("50")


@dataclass(frozen=True)
class Example:
    cls: Class
    quiz: int
    s1: Student
    s2: Student
    s3: Student
    s4: Student
    start: datetime

    @property
    def questions(self) -> tuple[Question, Question, Question]:
        return (self.cls.mcq, self.cls.multi, self.cls.written)


def answer_of(
    question: Question,
    order: int,
    picked: Sequence[str] = (),
    written: str | None = None,
    awarded: str | None = None,
    when: datetime | None = None,
) -> QuizAnswer:
    """``picked``: choice texts; ``awarded``: the points (None: waits for a grade when answered)."""
    assert question.id is not None
    answered = bool(picked) or bool(written)
    points = Decimal(awarded) if awarded is not None else (None if answered else Decimal("0.00"))
    return QuizAnswer(
        question_id=question.id,
        order=order,
        question_type=question.question_type,
        question_text=question.text,
        points=question.points,
        choices=[
            AnswerChoice(
                choice_id=c.id or 0,
                text=c.text,
                is_correct=c.is_correct,
                order=c.order,
                selected=c.text in picked,
            )
            for c in question.choices
        ],
        answered=answered,
        written_answer=written,
        is_correct=None if points is None else points == question.points,
        points_awarded=points,
        graded_at=when if points is not None else None,
    )


async def add_quiz(
    container: Container, cls: Class, scoring: AttemptScoring, *questions: Question, title: str = "Quiz"
) -> int:
    now = container.clock.now()
    async with container.uow() as uow:
        quiz = await uow.quizzes.add(
            Quiz(
                lecture_id=cls.lecture,
                title=title,
                created_at=now,
                updated_at=now,
                passing_score=PASSING,
                is_published=True,
                allow_multiple_attempts=True,
                attempt_scoring=scoring,
                questions=[QuizQuestion(q.id or 0, order=n) for n, q in enumerate(questions, start=1)],
            )
        )
        await uow.commit()
    assert quiz.id is not None
    return quiz.id


async def add_attempt(
    container: Container,
    quiz: int,
    student: Student,
    number: int,
    answers: list[QuizAnswer],
    submitted: datetime | None,
) -> int:
    """An attempt with these answers, closed by the student at ``submitted`` (None: left in progress)."""
    start = submitted - timedelta(seconds=30) if submitted else container.clock.now()
    max_score = Decimal(sum(a.points for a in answers)).quantize(Decimal("0.01"))
    async with container.uow() as uow:
        attempt = await uow.quiz_attempts.add(
            QuizAttempt(
                quiz_id=quiz,
                student_id=student.id,
                attempt_number=number,
                started_at=start,
                max_score=max_score,
                answers=answers,
            )
        )
        assert attempt.id is not None
        if submitted is not None:
            assert await uow.quiz_attempts.close(attempt.id, submitted, ClosedBy.STUDENT)
        await uow.commit()
    return attempt.id


async def build_example(
    container: Container, scoring: AttemptScoring = AttemptScoring.BEST, *, logins: bool = False
) -> Example:
    cls = await build_class(container, logins=logins)
    s1, s2, s3 = cls.student, cls.stranger, cls.pending
    s4 = await add_pupil(container, 4)
    mcq, multi, essay = cls.mcq, cls.multi, cls.written
    quiz = await add_quiz(container, cls, scoring, mcq, multi, essay)
    start = container.clock.now()

    def at(minutes: int) -> datetime:
        return start + timedelta(minutes=minutes)

    def attempt(
        mcq_: Sequence[str], multi_: Sequence[str], written: str | None, grade: str | None, when: datetime
    ):
        m1 = "2.00" if list(mcq_) == ["Right"] else ("0.00" if mcq_ else None)
        m2 = "3.00" if sorted(multi_) == ["Also right", "Right"] else ("0.00" if multi_ else None)
        return [
            answer_of(mcq, 1, mcq_, awarded=m1, when=when),
            answer_of(multi, 2, multi_, awarded=m2, when=when),
            answer_of(essay, 3, written=written, awarded=grade, when=when),
        ]

    await add_attempt(
        container, quiz, s1, 1, attempt(["Right"], ["Right", "Also right"], "e", "5.00", at(1)), at(1)
    )
    await add_attempt(
        container, quiz, s2, 1, attempt(["Wrong"], ["Right", "Also right"], "e", "1.00", at(2)), at(2)
    )
    await add_attempt(container, quiz, s3, 1, attempt([], ["Wrong"], "e", None, at(3)), at(3))
    await add_attempt(container, quiz, s1, 2, attempt(["Right"], ["Wrong"], "e", "4.00", at(4)), at(4))
    await add_attempt(container, quiz, s4, 1, attempt(["Right"], [], None, None, at(5)), None)
    return Example(cls=cls, quiz=quiz, s1=s1, s2=s2, s3=s3, s4=s4, start=start)


async def item_groups(
    container: Container, quiz: int
) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """The quiz's item groups as kept (ADR 0014) and as grouped afresh from its answers, both sorted:
    equal while every path that closes or grades an attempt keeps them."""
    assert container.write_sessions is not None, "item groups exist on the SQL backends"
    fresh = grouped(QuizAttemptModel.quiz_id == quiz).subquery()
    async with container.write_sessions() as session:
        kept = (
            await session.execute(
                select(*(getattr(QuizItemGroupModel, k) for k in KEYS), QuizItemGroupModel.answers)
                .where(QuizItemGroupModel.quiz_id == quiz)
                .order_by(*(getattr(QuizItemGroupModel, k) for k in KEYS))
            )
        ).all()
        again = (await session.execute(select(fresh).order_by(*(fresh.c[k] for k in KEYS)))).all()
    return [tuple(r) for r in kept], [tuple(r) for r in again]
