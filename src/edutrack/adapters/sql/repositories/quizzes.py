"""Quizzes in SQL: quizzes with their question links and overrides, copied to and from the core's
entities. Attempts are in ``quiz_attempts``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, exists, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from edutrack.adapters.sql import errors
from edutrack.adapters.sql.repositories.academics import valid_id
from edutrack.adapters.sql.repositories.homework import SqlHomeworkRepository
from edutrack.adapters.sql.rows import values_of
from edutrack.adapters.sql.tables.quizzes import (
    QuizAttemptModel,
    QuizModel,
    QuizOverrideModel,
    QuizQuestionModel,
)
from edutrack.adapters.sql.tables.students import StudentProfileModel
from edutrack.core.entities.quizzes import (
    AttemptScoring,
    QuestionOrder,
    Quiz,
    QuizOverride,
    QuizQuestion,
    Visibility,
)
from edutrack.core.policies.digits import is_ascii_number
from edutrack.ports.quizzes import LectureScope

Q = QuizModel
QQ = QuizQuestionModel
O = QuizOverrideModel  # noqa: E741
T = QuizAttemptModel

QUIZ_COLUMNS = (
    "lecture_id",
    "title",
    "description",
    "passing_score",
    "is_active",
    "is_published",
    "open_date",
    "close_date",
    "timer_minutes",
    "shuffle_choices",
    "allow_multiple_attempts",
    "max_attempts",
    "show_correct_after_submission",
    "scores_released_at",
    "answers_released_at",
    "created_by",
    "updated_at",
)
QUIZ_ENUMS = {
    "score_visibility": Visibility,
    "answers_visibility": Visibility,
    "question_order": QuestionOrder,
    "attempt_scoring": AttemptScoring,
}
OVERRIDE_COLUMNS = ("quiz_id", "student_id", "extra_minutes", "extra_attempts", "close_date", "updated_at")


def quiz_values(quiz: Quiz) -> dict[str, Any]:
    values = values_of(quiz, QUIZ_COLUMNS)
    for name in QUIZ_ENUMS:
        values[name] = getattr(quiz, name).value
    return values


def _quiz(row: QuizModel, links: list[QuizQuestion]) -> Quiz:
    enums = {name: kind(getattr(row, name)) for name, kind in QUIZ_ENUMS.items()}
    return Quiz(
        id=row.id, created_at=row.created_at, questions=links, **enums, **values_of(row, QUIZ_COLUMNS)
    )


class SqlQuizRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._scopes = SqlHomeworkRepository(session)

    async def _insert_links(self, quiz: Quiz) -> None:
        assert quiz.id is not None
        if not quiz.questions:
            return
        ids = (
            await self._session.scalars(
                insert(QQ).returning(QQ.id, sort_by_parameter_order=True),
                [
                    {
                        "quiz_id": quiz.id,
                        "question_id": link.question_id,
                        "order": link.order,
                        "points_override": link.points_override,
                    }
                    for link in quiz.questions
                ],
            )
        ).all()
        for link, got in zip(quiz.questions, ids, strict=True):
            link.id = got

    async def add(self, quiz: Quiz) -> Quiz:
        row = Q(created_at=quiz.created_at, **quiz_values(quiz))
        self._session.add(row)
        try:
            await self._session.flush()
            quiz.id = row.id
            await self._insert_links(quiz)
        except IntegrityError as exc:
            raise errors.translate(exc) from exc
        return quiz

    async def get(self, quiz_id: int) -> Quiz | None:
        if not valid_id(quiz_id):
            return None
        row = await self._session.scalar(select(Q).where(Q.id == quiz_id))
        if row is None:
            return None
        links = (
            await self._session.scalars(select(QQ).where(QQ.quiz_id == quiz_id).order_by(QQ.order, QQ.id))
        ).all()
        return _quiz(
            row,
            [
                QuizQuestion(
                    id=link.id,
                    question_id=link.question_id,
                    order=link.order,
                    points_override=link.points_override,
                )
                for link in links
            ],
        )

    async def save(self, quiz: Quiz, *, replace_questions: bool) -> None:
        assert quiz.id is not None
        try:
            await self._session.execute(update(Q).where(Q.id == quiz.id).values(**quiz_values(quiz)))
            if replace_questions:
                await self._session.execute(delete(QQ).where(QQ.quiz_id == quiz.id))
                await self._insert_links(quiz)
        except IntegrityError as exc:
            raise errors.translate(exc) from exc

    async def delete(self, quiz_id: int) -> None:
        if valid_id(quiz_id):
            await self._session.execute(delete(Q).where(Q.id == quiz_id))

    async def lecture_scope(self, lecture_id: int) -> LectureScope | None:
        return await self._scopes.lecture_scope(lecture_id)

    async def has_attempts(self, quiz_id: int) -> bool:
        return bool(await self._session.scalar(select(exists().where(T.quiz_id == quiz_id))))


def _override(row: QuizOverrideModel) -> QuizOverride:
    return QuizOverride(id=row.id, created_at=row.created_at, **values_of(row, OVERRIDE_COLUMNS))


class SqlQuizOverrideRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, override_id: int) -> QuizOverride | None:
        if not valid_id(override_id):
            return None
        row = await self._session.scalar(select(O).where(O.id == override_id))
        return _override(row) if row else None

    async def of_student(self, quiz_id: int, student_id: int) -> QuizOverride | None:
        row = await self._session.scalar(select(O).where(O.quiz_id == quiz_id, O.student_id == student_id))
        return _override(row) if row else None

    async def put(self, override: QuizOverride) -> QuizOverride:
        values = values_of(override, OVERRIDE_COLUMNS)
        try:
            async with self._session.begin_nested():
                override.id = (
                    await self._session.execute(
                        insert(O).values(created_at=override.created_at, **values).returning(O.id)
                    )
                ).scalar_one()
            return override
        except IntegrityError as exc:
            if "uq_quiz_overrides_quiz_student" not in str(exc.orig) and "quiz_overrides.quiz_id" not in str(
                exc.orig
            ):
                raise errors.translate(exc) from exc
        existing = await self.of_student(override.quiz_id, override.student_id)
        assert existing is not None and existing.id is not None
        await self._session.execute(update(O).where(O.id == existing.id).values(**values))
        override.id = existing.id
        override.created_at = existing.created_at
        return override

    async def delete(self, override_id: int) -> None:
        if valid_id(override_id):
            await self._session.execute(delete(O).where(O.id == override_id))

    async def student_of(self, reference: str) -> int | None:
        raw = reference.strip()
        S = StudentProfileModel
        match = S.student_code == raw
        if is_ascii_number(raw) and valid_id(int(raw)):
            match = or_(S.id == int(raw), match)
        found = list((await self._session.scalars(select(S.id).where(match).order_by(S.id).limit(2))).all())
        if is_ascii_number(raw) and int(raw) in found:
            return int(raw)
        return found[0] if found else None
