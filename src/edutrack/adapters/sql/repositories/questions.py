"""The question bank in SQL: chapters, lessons and questions (with their choices) copied to and from the
core's entities. ``get_many`` loads any number of questions in two statements."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import delete, exists, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from edutrack.adapters.sql import errors
from edutrack.adapters.sql.repositories.academics import valid_id
from edutrack.adapters.sql.rows import values_of
from edutrack.adapters.sql.tables.homework import HomeworkQuestionModel
from edutrack.adapters.sql.tables.questions import BankLessonModel, ChapterModel, ChoiceModel, QuestionModel
from edutrack.adapters.sql.tables.quizzes import QuizQuestionModel
from edutrack.core.entities.questions import (
    BankLesson,
    Chapter,
    Choice,
    Difficulty,
    Question,
    QuestionType,
)

CHAPTER_COLUMNS = ("subject_id", "teacher_id", "name", "order", "updated_at")
LESSON_COLUMNS = ("chapter_id", "name", "order", "updated_at")
# question_type and difficulty are enums in the core, strings in the row
QUESTION_COLUMNS = (
    "lesson_id",
    "teacher_id",
    "created_by",
    "text",
    "image",
    "points",
    "explanation",
    "is_global",
    "updated_at",
)
CHOICE_COLUMNS = ("text", "image", "is_correct", "order")


def _chapter(row: ChapterModel) -> Chapter:
    return Chapter(id=row.id, created_at=row.created_at, **values_of(row, CHAPTER_COLUMNS))


def _lesson(row: BankLessonModel) -> BankLesson:
    return BankLesson(id=row.id, created_at=row.created_at, **values_of(row, LESSON_COLUMNS))


def _choice(row: ChoiceModel) -> Choice:
    return Choice(id=row.id, **values_of(row, CHOICE_COLUMNS))


def _question(row: QuestionModel, choices: list[Choice]) -> Question:
    return Question(
        id=row.id,
        created_at=row.created_at,
        question_type=QuestionType(row.question_type),
        difficulty=Difficulty(row.difficulty),
        choices=choices,
        **values_of(row, QUESTION_COLUMNS),
    )


def _question_values(question: Question) -> dict[str, object]:
    return {
        **values_of(question, QUESTION_COLUMNS),
        "question_type": question.question_type.value,
        "difficulty": question.difficulty.value,
    }


class SqlChapterRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, chapter: Chapter) -> Chapter:
        row = ChapterModel(created_at=chapter.created_at, **values_of(chapter, CHAPTER_COLUMNS))
        self._session.add(row)
        try:
            await self._session.flush()
        except IntegrityError as exc:
            raise errors.translate(exc) from exc
        chapter.id = row.id
        return chapter

    async def get(self, chapter_id: int) -> Chapter | None:
        if not valid_id(chapter_id):
            return None
        row = await self._session.scalar(select(ChapterModel).where(ChapterModel.id == chapter_id))
        return _chapter(row) if row else None

    async def save(self, chapter: Chapter) -> None:
        assert chapter.id is not None
        try:
            await self._session.execute(
                update(ChapterModel)
                .where(ChapterModel.id == chapter.id)
                .values(**values_of(chapter, CHAPTER_COLUMNS))
            )
        except IntegrityError as exc:
            raise errors.translate(exc) from exc

    async def in_use(self, chapter_id: int) -> bool:
        if not valid_id(chapter_id):
            return False
        used = exists(
            select(QuestionModel.id)
            .join(BankLessonModel, BankLessonModel.id == QuestionModel.lesson_id)
            .where(BankLessonModel.chapter_id == chapter_id)
        )
        return bool(await self._session.scalar(select(used)))

    async def delete(self, chapter_id: int) -> None:
        if not valid_id(chapter_id):
            return
        try:
            await self._session.execute(
                delete(BankLessonModel).where(BankLessonModel.chapter_id == chapter_id)
            )
            await self._session.execute(delete(ChapterModel).where(ChapterModel.id == chapter_id))
        except IntegrityError as exc:
            raise errors.translate(exc) from exc


class SqlBankLessonRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, lesson: BankLesson) -> BankLesson:
        row = BankLessonModel(created_at=lesson.created_at, **values_of(lesson, LESSON_COLUMNS))
        self._session.add(row)
        try:
            await self._session.flush()
        except IntegrityError as exc:
            raise errors.translate(exc) from exc
        lesson.id = row.id
        return lesson

    async def get(self, lesson_id: int) -> BankLesson | None:
        if not valid_id(lesson_id):
            return None
        row = await self._session.scalar(select(BankLessonModel).where(BankLessonModel.id == lesson_id))
        return _lesson(row) if row else None

    async def save(self, lesson: BankLesson) -> None:
        assert lesson.id is not None
        try:
            await self._session.execute(
                update(BankLessonModel)
                .where(BankLessonModel.id == lesson.id)
                .values(**values_of(lesson, LESSON_COLUMNS))
            )
        except IntegrityError as exc:
            raise errors.translate(exc) from exc

    async def in_use(self, lesson_id: int) -> bool:
        if not valid_id(lesson_id):
            return False
        used = exists(select(QuestionModel.id).where(QuestionModel.lesson_id == lesson_id))
        return bool(await self._session.scalar(select(used)))

    async def delete(self, lesson_id: int) -> None:
        if not valid_id(lesson_id):
            return
        try:
            await self._session.execute(delete(BankLessonModel).where(BankLessonModel.id == lesson_id))
        except IntegrityError as exc:
            raise errors.translate(exc) from exc


class SqlQuestionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def _insert_choices(self, question_id: int, choices: list[Choice]) -> None:
        if not choices:
            return
        ids = (
            await self._session.scalars(
                insert(ChoiceModel).returning(ChoiceModel.id, sort_by_parameter_order=True),
                [{"question_id": question_id, **values_of(c, CHOICE_COLUMNS)} for c in choices],
            )
        ).all()
        for choice, choice_id in zip(choices, ids, strict=True):
            choice.id = choice_id

    async def add(self, question: Question) -> Question:
        row = QuestionModel(created_at=question.created_at, **_question_values(question))
        self._session.add(row)
        try:
            await self._session.flush()
            await self._insert_choices(row.id, question.choices)
        except IntegrityError as exc:
            raise errors.translate(exc) from exc
        question.id = row.id
        return question

    async def get(self, question_id: int) -> Question | None:
        return (await self.get_many([question_id])).get(question_id)

    async def get_many(self, question_ids: Collection[int]) -> dict[int, Question]:
        ids = sorted({i for i in question_ids if valid_id(i)})
        if not ids:
            return {}
        rows = (await self._session.scalars(select(QuestionModel).where(QuestionModel.id.in_(ids)))).all()
        if not rows:
            return {}
        choices: dict[int, list[Choice]] = {row.id: [] for row in rows}
        choice_rows = await self._session.scalars(
            select(ChoiceModel)
            .where(ChoiceModel.question_id.in_(list(choices)))
            .order_by(ChoiceModel.question_id, ChoiceModel.order, ChoiceModel.id)
        )
        for choice in choice_rows:
            choices[choice.question_id].append(_choice(choice))
        return {row.id: _question(row, choices[row.id]) for row in rows}

    async def save(self, question: Question, *, replace_choices: bool) -> None:
        assert question.id is not None
        try:
            await self._session.execute(
                update(QuestionModel)
                .where(QuestionModel.id == question.id)
                .values(**_question_values(question))
            )
            if replace_choices:
                await self._session.execute(delete(ChoiceModel).where(ChoiceModel.question_id == question.id))
                await self._insert_choices(question.id, question.choices)
        except IntegrityError as exc:
            raise errors.translate(exc) from exc

    async def in_use(self, question_id: int) -> bool:
        if not valid_id(question_id):
            return False
        used = or_(
            exists(select(HomeworkQuestionModel.id).where(HomeworkQuestionModel.question_id == question_id)),
            exists(select(QuizQuestionModel.id).where(QuizQuestionModel.question_id == question_id)),
        )
        return bool(await self._session.scalar(select(used)))

    async def delete(self, question_id: int) -> None:
        if not valid_id(question_id):
            return
        try:
            await self._session.execute(delete(ChoiceModel).where(ChoiceModel.question_id == question_id))
            await self._session.execute(delete(QuestionModel).where(QuestionModel.id == question_id))
        except IntegrityError as exc:
            raise errors.translate(exc) from exc
