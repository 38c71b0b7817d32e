"""Homework in SQL: homeworks with their question links, and submissions with their snapshot (answers and
their choices), copied to and from the core's entities. A submission is inserted in three statements
whatever its size; the UNIQUE(homework_id, student_id) violation of a race becomes ALREADY_SUBMITTED."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import delete, exists, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from edutrack.adapters.sql import errors
from edutrack.adapters.sql.repositories.academics import valid_id
from edutrack.adapters.sql.rows import values_of
from edutrack.adapters.sql.tables.courses import CourseModel
from edutrack.adapters.sql.tables.homework import (
    HomeworkAnswerChoiceModel,
    HomeworkAnswerModel,
    HomeworkModel,
    HomeworkQuestionModel,
    HomeworkSubmissionModel,
)
from edutrack.adapters.sql.tables.lessons import LectureModel, TopicModel
from edutrack.core.entities.homework import (
    AnswerChoice,
    Homework,
    HomeworkAnswer,
    HomeworkQuestion,
    HomeworkSubmission,
    SubmissionStatus,
)
from edutrack.core.entities.questions import QuestionType
from edutrack.ports.homework import LectureScope

H = HomeworkModel
HQ = HomeworkQuestionModel
S = HomeworkSubmissionModel
A = HomeworkAnswerModel
AC = HomeworkAnswerChoiceModel

HOMEWORK_COLUMNS = (
    "lecture_id",
    "title",
    "description",
    "model_answer",
    "is_active",
    "is_published",
    "open_date",
    "close_date",
    "created_by",
    "updated_at",
)
ANSWER_COLUMNS = (
    "question_id",
    "order",
    "question_text",
    "question_image",
    "explanation",
    "points",
    "answered",
    "written_answer",
    "is_correct",
    "points_awarded",
    "score_override",
    "feedback",
    "graded_at",
)
GRADE_COLUMNS = ("is_correct", "points_awarded", "score_override", "feedback", "graded_at")
CHOICE_COLUMNS = ("choice_id", "text", "image", "is_correct", "order", "selected")


def _homework(row: HomeworkModel, links: list[HomeworkQuestion]) -> Homework:
    return Homework(id=row.id, created_at=row.created_at, questions=links, **values_of(row, HOMEWORK_COLUMNS))


def answer_of(row: HomeworkAnswerModel, choices: list[AnswerChoice]) -> HomeworkAnswer:
    return HomeworkAnswer(
        id=row.id,
        question_type=QuestionType(row.question_type),
        choices=choices,
        **values_of(row, ANSWER_COLUMNS),
    )


def choice_of(row: HomeworkAnswerChoiceModel) -> AnswerChoice:
    return AnswerChoice(id=row.id, **values_of(row, CHOICE_COLUMNS))


async def load_answers(session: AsyncSession, submission_id: int) -> list[HomeworkAnswer]:
    """The snapshot of one submission in two statements: answers in (order, id), choices in (order, id)."""
    rows = (
        await session.scalars(select(A).where(A.submission_id == submission_id).order_by(A.order, A.id))
    ).all()
    choices: dict[int, list[AnswerChoice]] = defaultdict(list)
    if rows:
        statement = (
            select(AC)
            .join(A, A.id == AC.answer_id)
            .where(A.submission_id == submission_id)
            .order_by(AC.order, AC.id)
        )
        for choice in (await session.scalars(statement)).all():
            choices[choice.answer_id].append(choice_of(choice))
    return [answer_of(row, choices[row.id]) for row in rows]


class SqlHomeworkRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def _insert_links(self, homework: Homework) -> None:
        assert homework.id is not None
        for link in homework.questions:
            link.id = (
                await self._session.execute(
                    insert(HQ)
                    .values(
                        homework_id=homework.id,
                        question_id=link.question_id,
                        order=link.order,
                        points_override=link.points_override,
                    )
                    .returning(HQ.id)
                )
            ).scalar_one()

    async def add(self, homework: Homework) -> Homework:
        row = H(created_at=homework.created_at, **values_of(homework, HOMEWORK_COLUMNS))
        self._session.add(row)
        try:
            await self._session.flush()
            homework.id = row.id
            await self._insert_links(homework)
        except IntegrityError as exc:
            raise errors.translate(exc) from exc
        return homework

    async def get(self, homework_id: int) -> Homework | None:
        if not valid_id(homework_id):
            return None
        row = await self._session.scalar(select(H).where(H.id == homework_id))
        if row is None:
            return None
        links = (
            await self._session.scalars(
                select(HQ).where(HQ.homework_id == homework_id).order_by(HQ.order, HQ.id)
            )
        ).all()
        return _homework(
            row,
            [
                HomeworkQuestion(
                    id=link.id,
                    question_id=link.question_id,
                    order=link.order,
                    points_override=link.points_override,
                )
                for link in links
            ],
        )

    async def save(self, homework: Homework, *, replace_questions: bool) -> None:
        assert homework.id is not None
        try:
            await self._session.execute(
                update(H).where(H.id == homework.id).values(**values_of(homework, HOMEWORK_COLUMNS))
            )
            if replace_questions:
                await self._session.execute(delete(HQ).where(HQ.homework_id == homework.id))
                await self._insert_links(homework)
        except IntegrityError as exc:
            raise errors.translate(exc) from exc

    async def delete(self, homework_id: int) -> None:
        if valid_id(homework_id):
            await self._session.execute(delete(H).where(H.id == homework_id))

    async def lecture_scope(self, lecture_id: int) -> LectureScope | None:
        if not valid_id(lecture_id):
            return None
        found = (
            await self._session.execute(
                select(TopicModel.course_id, CourseModel.teacher_id)
                .select_from(LectureModel)
                .join(TopicModel, TopicModel.id == LectureModel.topic_id)
                .join(CourseModel, CourseModel.id == TopicModel.course_id)
                .where(LectureModel.id == lecture_id)
            )
        ).one_or_none()
        if found is None:
            return None
        return LectureScope(lecture_id=lecture_id, course_id=found.course_id, teacher_id=found.teacher_id)

    async def has_submissions(self, homework_id: int) -> bool:
        return bool(await self._session.scalar(select(exists().where(S.homework_id == homework_id))))


class SqlHomeworkSubmissionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def exists(self, homework_id: int, student_id: int) -> bool:
        return bool(
            await self._session.scalar(
                select(exists().where(S.homework_id == homework_id, S.student_id == student_id))
            )
        )

    async def add(self, submission: HomeworkSubmission) -> HomeworkSubmission:
        try:
            submission.id = (
                await self._session.execute(
                    insert(S)
                    .values(
                        homework_id=submission.homework_id,
                        student_id=submission.student_id,
                        status=submission.status.value,
                        submitted_at=submission.submitted_at,
                        graded_at=submission.graded_at,
                        score=submission.score,
                        max_score=submission.max_score,
                    )
                    .returning(S.id)
                )
            ).scalar_one()
        except IntegrityError as exc:
            raise errors.translate(exc) from exc
        await self._insert_answers(submission)
        return submission

    async def _insert_answers(self, submission: HomeworkSubmission) -> None:
        """Every answer in one INSERT ... RETURNING, then every choice in one INSERT."""
        if not submission.answers:
            return
        values = [
            {
                "submission_id": submission.id,
                "question_type": a.question_type.value,
                **values_of(a, ANSWER_COLUMNS),
            }
            for a in submission.answers
        ]
        returned = (
            await self._session.execute(
                insert(A).returning(A.id, A.question_id, sort_by_parameter_order=True), values
            )
        ).all()
        for answer, got in zip(submission.answers, returned, strict=True):
            answer.id = got.id
        choices = [
            {"answer_id": a.id, **values_of(c, CHOICE_COLUMNS)} for a in submission.answers for c in a.choices
        ]
        if choices:
            await self._session.execute(insert(AC), choices)

    async def get_for_update(self, submission_id: int) -> HomeworkSubmission | None:
        if not valid_id(submission_id):
            return None
        row = await self._session.scalar(select(S).where(S.id == submission_id).with_for_update())
        if row is None:
            return None
        return HomeworkSubmission(
            id=row.id,
            homework_id=row.homework_id,
            student_id=row.student_id,
            submitted_at=row.submitted_at,
            status=SubmissionStatus(row.status),
            graded_at=row.graded_at,
            score=row.score,
            max_score=row.max_score,
            answers=await load_answers(self._session, row.id),
        )

    async def save_grade(self, submission: HomeworkSubmission, answer: HomeworkAnswer) -> None:
        assert submission.id is not None and answer.id is not None
        await self._session.execute(
            update(A)
            .where(A.id == answer.id, A.submission_id == submission.id)
            .values(**values_of(answer, GRADE_COLUMNS))
        )
        await self._session.execute(
            update(S)
            .where(S.id == submission.id)
            .values(status=submission.status.value, score=submission.score, graded_at=submission.graded_at)
        )
