"""Quizzes in SQL: quizzes with their question links, overrides, and attempts with their snapshot
(answers and their choices), copied to and from the core's entities.

- An attempt is inserted in a savepoint in three statements whatever its size (the attempt; its
  answers, their ids returned with their display order; their choices); a violation of
  UNIQUE(quiz_id, student_id, attempt_number) or of the partial unique index "one in progress" becomes
  ``AttemptTaken`` and the transaction goes on (the caller then reads the winner's attempt).
- An attempt is read for answering in three statements of Core columns, no ORM entity: its row joined
  with what a response shows (locked: ``FOR UPDATE OF quiz_attempts``, never the quiz's or the
  student's rows), its answers, their choices.
- Saving answers is two statements whatever their number (an executemany UPDATE of the answers, one
  UPDATE of the choices whose ``selected`` flag changes).
- Closing is one conditional UPDATE ``WHERE status = 'in_progress'`` that sums the points already
  awarded in the database and returns what it wrote: a submit and the sweep racing close the attempt
  once, with every answer saved before.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    bindparam,
    case,
    delete,
    exists,
    func,
    insert,
    literal,
    null,
    or_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from edutrack.adapters.sql import errors
from edutrack.adapters.sql.repositories.academics import valid_id
from edutrack.adapters.sql.repositories.homework import SqlHomeworkRepository
from edutrack.adapters.sql.rows import values_of
from edutrack.adapters.sql.tables.auth import UserModel
from edutrack.adapters.sql.tables.courses import CourseModel
from edutrack.adapters.sql.tables.lessons import LectureModel, TopicModel
from edutrack.adapters.sql.tables.quizzes import (
    QuizAnswerChoiceModel,
    QuizAnswerModel,
    QuizAttemptModel,
    QuizModel,
    QuizOverrideModel,
    QuizQuestionModel,
)
from edutrack.adapters.sql.tables.students import StudentProfileModel
from edutrack.core.entities.homework import AnswerChoice
from edutrack.core.entities.people import StudentStatus
from edutrack.core.entities.questions import QuestionType
from edutrack.core.entities.quizzes import (
    GRACE,
    AttemptScoring,
    AttemptStatus,
    ClosedBy,
    QuestionOrder,
    Quiz,
    QuizAnswer,
    QuizAttempt,
    QuizOverride,
    QuizQuestion,
    Visibility,
)
from edutrack.core.policies.digits import is_ascii_number
from edutrack.ports.quizzes import AttemptClosed, AttemptRecord, AttemptRow, AttemptTaken, LectureScope

Q = QuizModel
QQ = QuizQuestionModel
O = QuizOverrideModel  # noqa: E741
T = QuizAttemptModel
A = QuizAnswerModel
AC = QuizAnswerChoiceModel

RACE_INDEXES = ("uq_quiz_attempts_quiz_student_number", "uq_quiz_attempts_one_in_progress", "quiz_attempts.")

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
    "saved_at",
)
SAVED_COLUMNS = ("answered", "written_answer", "is_correct", "points_awarded", "graded_at", "saved_at")
GRADE_COLUMNS = ("is_correct", "points_awarded", "score_override", "feedback", "graded_at")
CHOICE_COLUMNS = ("choice_id", "text", "image", "is_correct", "order", "selected")


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


ANSWERS = (
    select(
        A.id,
        A.question_type,
        *(getattr(A, name) for name in ANSWER_COLUMNS),
    )
    .where(A.attempt_id == bindparam("attempt_id"))
    .order_by(A.order, A.id)
)
CHOICES = (
    select(AC.id, AC.answer_id, *(getattr(AC, name) for name in CHOICE_COLUMNS))
    .join(A, A.id == AC.answer_id)
    .where(A.attempt_id == bindparam("attempt_id"))
    .order_by(AC.order, AC.id)
)


async def load_answers(session: AsyncSession, attempt_id: int) -> list[QuizAnswer]:
    """The snapshot of one attempt in two statements of plain columns: answers in (order, id), choices
    in (order, id)."""
    params = {"attempt_id": attempt_id}
    rows = (await session.execute(ANSWERS, params)).all()
    if not rows:
        return []
    choices: dict[int, list[AnswerChoice]] = {r.id: [] for r in rows}
    for c in (await session.execute(CHOICES, params)).all():
        choices[c.answer_id].append(
            AnswerChoice(
                choice_id=c.choice_id,
                text=c.text,
                image=c.image,
                is_correct=c.is_correct,
                order=c.order,
                selected=c.selected,
                id=c.id,
            )
        )
    return [
        QuizAnswer(
            id=r.id,
            question_id=r.question_id,
            order=r.order,
            question_type=QuestionType(r.question_type),
            question_text=r.question_text,
            question_image=r.question_image,
            explanation=r.explanation,
            points=r.points,
            choices=choices[r.id],
            answered=r.answered,
            written_answer=r.written_answer,
            is_correct=r.is_correct,
            points_awarded=r.points_awarded,
            score_override=r.score_override,
            feedback=r.feedback,
            graded_at=r.graded_at,
            saved_at=r.saved_at,
        )
        for r in rows
    ]


def attempt_select() -> Select[Any]:
    """An attempt joined with what a response shows of it: its quiz's settings and release dates, the
    course's teacher, its student, the student's override close date and the latest one of the quiz."""
    own_override = and_(O.quiz_id == T.quiz_id, O.student_id == T.student_id)
    latest_override = select(func.max(O.close_date)).where(O.quiz_id == Q.id).scalar_subquery()
    return (
        select(
            T.id,
            T.quiz_id,
            Q.title.label("quiz_title"),
            Q.lecture_id,
            CourseModel.teacher_id,
            T.student_id,
            StudentProfileModel.user_id.label("student_user_id"),
            UserModel.name.label("student_name"),
            StudentProfileModel.student_code,
            T.attempt_number,
            T.status,
            T.started_at,
            T.deadline,
            T.submitted_at,
            T.closed_by,
            T.score,
            T.max_score,
            T.graded_at,
            Q.passing_score,
            Q.close_date,
            select(O.close_date).where(own_override).scalar_subquery().label("override_close_date"),
            latest_override.label("latest_override_close"),
            Q.score_visibility,
            Q.answers_visibility,
            Q.show_correct_after_submission,
            Q.scores_released_at,
            Q.answers_released_at,
        )
        .select_from(T)
        .join(Q, Q.id == T.quiz_id)
        .join(LectureModel, LectureModel.id == Q.lecture_id)
        .join(TopicModel, TopicModel.id == LectureModel.topic_id)
        .join(CourseModel, CourseModel.id == TopicModel.course_id)
        .join(StudentProfileModel, StudentProfileModel.id == T.student_id)
        .join(UserModel, UserModel.id == StudentProfileModel.user_id)
    )


def attempt_row(r: Any) -> AttemptRow:
    last_close = r.close_date
    if last_close is not None and r.latest_override_close is not None:
        last_close = max(last_close, r.latest_override_close)
    return AttemptRow(
        id=r.id,
        quiz_id=r.quiz_id,
        quiz_title=r.quiz_title,
        lecture_id=r.lecture_id,
        teacher_id=r.teacher_id,
        student_id=r.student_id,
        student_user_id=r.student_user_id,
        student_name=r.student_name,
        student_code=r.student_code,
        attempt_number=r.attempt_number,
        status=AttemptStatus(r.status),
        started_at=r.started_at,
        deadline=r.deadline,
        submitted_at=r.submitted_at,
        closed_by=ClosedBy(r.closed_by) if r.closed_by else None,
        score=Decimal(r.score),
        max_score=Decimal(r.max_score),
        graded_at=r.graded_at,
        passing_score=Decimal(r.passing_score) if r.passing_score is not None else None,
        close_date=r.close_date,
        override_close_date=r.override_close_date,
        last_close_date=last_close,
        score_visibility=Visibility(r.score_visibility),
        answers_visibility=Visibility(r.answers_visibility),
        show_correct_after_submission=r.show_correct_after_submission,
        scores_released_at=r.scores_released_at,
        answers_released_at=r.answers_released_at,
    )


SAVE_ANSWER = (  # executemany: one parameter set per answer
    update(A.__table__)
    .where(A.__table__.c.id == bindparam("b_id"), A.__table__.c.attempt_id == bindparam("b_attempt_id"))
    .values({name: bindparam(f"b_{name}") for name in SAVED_COLUMNS})
)
RECORD = (
    attempt_select()
    .add_columns(StudentProfileModel.status.label("student_status"))
    .where(T.id == bindparam("attempt_id"))
)
RECORD_LOCKED = RECORD.with_for_update(of=T)  # the attempt's row only, never the quiz's or the student's


def attempt_of(row: QuizAttemptModel, answers: list[QuizAnswer]) -> QuizAttempt:
    return QuizAttempt(
        id=row.id,
        quiz_id=row.quiz_id,
        student_id=row.student_id,
        attempt_number=row.attempt_number,
        started_at=row.started_at,
        status=AttemptStatus(row.status),
        deadline=row.deadline,
        submitted_at=row.submitted_at,
        closed_by=ClosedBy(row.closed_by) if row.closed_by else None,
        score=row.score,
        max_score=row.max_score,
        graded_at=row.graded_at,
        answers=answers,
    )


def close_statement(
    where: ColumnElement[bool], now: datetime, closed_by: ClosedBy, *, at_deadline: bool = False
) -> Any:
    """The conditional close of the attempts ``where`` selects among those in progress, as one UPDATE:
    the status (``submitted`` while a written answer waits, else ``graded``), the score summed from the
    answers in the database, ``submitted_at`` (now, or the deadline for the timer) and ``closed_by``."""
    table = T.__table__
    answers = A.__table__
    waiting = exists().where(answers.c.attempt_id == table.c.id, answers.c.points_awarded.is_(None))
    total = (
        select(func.coalesce(func.sum(answers.c.points_awarded), 0))
        .where(answers.c.attempt_id == table.c.id)
        .scalar_subquery()
    )
    return (
        update(table)
        .where(table.c.status == AttemptStatus.IN_PROGRESS.value, where)
        .values(
            status=case((waiting, literal(AttemptStatus.SUBMITTED.value)), else_=AttemptStatus.GRADED.value),
            score=total,
            submitted_at=table.c.deadline if at_deadline else now,
            closed_by=closed_by.value,
            graded_at=case((waiting, null()), else_=literal(now, table.c.graded_at.type)),
        )
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


class SqlQuizAttemptRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, attempt: QuizAttempt) -> QuizAttempt:
        try:
            async with self._session.begin_nested():
                attempt.id = (
                    await self._session.execute(
                        insert(T)
                        .values(
                            quiz_id=attempt.quiz_id,
                            student_id=attempt.student_id,
                            attempt_number=attempt.attempt_number,
                            status=attempt.status.value,
                            started_at=attempt.started_at,
                            deadline=attempt.deadline,
                            score=attempt.score,
                            max_score=attempt.max_score,
                        )
                        .returning(T.id)
                    )
                ).scalar_one()
        except IntegrityError as exc:
            if any(name in str(exc.orig) for name in RACE_INDEXES):
                raise AttemptTaken() from exc
            raise errors.translate(exc) from exc
        await self._insert_answers(attempt)
        return attempt

    async def _insert_answers(self, attempt: QuizAttempt) -> None:
        """Every answer in one batched INSERT returning each id with its display order (unique within
        the attempt; the rows may come back in any order), then every choice in one batched INSERT:
        two statements whatever the size."""
        if not attempt.answers:
            return
        values = [
            {"attempt_id": attempt.id, "question_type": a.question_type.value, **values_of(a, ANSWER_COLUMNS)}
            for a in attempt.answers
        ]
        found = await self._session.execute(insert(A).returning(A.order, A.id), values)
        ids = {row.order: row.id for row in found}
        for answer in attempt.answers:
            answer.id = ids[answer.order]
        choices = [
            {"answer_id": a.id, **values_of(c, CHOICE_COLUMNS)} for a in attempt.answers for c in a.choices
        ]
        if choices:
            await self._session.execute(insert(AC), choices)

    async def get(self, attempt_id: int, *, lock: bool = False) -> QuizAttempt | None:
        if not valid_id(attempt_id):
            return None
        statement = select(T).where(T.id == attempt_id)
        if lock:
            statement = statement.with_for_update()
        row = await self._session.scalar(statement)
        if row is None:
            return None
        return attempt_of(row, await load_answers(self._session, row.id))

    async def in_progress(self, quiz_id: int, student_id: int) -> QuizAttempt | None:
        row = await self._session.scalar(
            select(T).where(
                T.quiz_id == quiz_id, T.student_id == student_id, T.status == AttemptStatus.IN_PROGRESS.value
            )
        )
        if row is None:
            return None
        return attempt_of(row, await load_answers(self._session, row.id))

    async def record(self, attempt_id: int, *, lock: bool = False) -> AttemptRecord | None:
        if not valid_id(attempt_id):
            return None
        statement = RECORD_LOCKED if lock else RECORD
        row = (await self._session.execute(statement, {"attempt_id": attempt_id})).one_or_none()
        if row is None:
            return None
        return AttemptRecord(row=attempt_row(row), student_status=StudentStatus(row.student_status))

    async def answers(self, attempt_id: int) -> list[QuizAnswer]:
        if not valid_id(attempt_id):
            return []
        return await load_answers(self._session, attempt_id)

    async def in_progress_id(self, quiz_id: int, student_id: int) -> int | None:
        found: int | None = await self._session.scalar(
            select(T.id).where(
                T.quiz_id == quiz_id, T.student_id == student_id, T.status == AttemptStatus.IN_PROGRESS.value
            )
        )
        return found

    async def count(self, quiz_id: int, student_id: int) -> tuple[int, int]:
        found = (
            await self._session.execute(
                select(func.count(T.id), func.coalesce(func.max(T.attempt_number), 0)).where(
                    T.quiz_id == quiz_id, T.student_id == student_id
                )
            )
        ).one()
        return int(found[0]), int(found[1])

    async def save_answers(self, attempt_id: int, answers: Sequence[QuizAnswer]) -> None:
        if not answers:
            return
        await self._session.execute(
            SAVE_ANSWER,
            [
                {
                    "b_id": a.id,
                    "b_attempt_id": attempt_id,
                    **{f"b_{name}": getattr(a, name) for name in SAVED_COLUMNS},
                }
                for a in answers
            ],
        )
        # one UPDATE for every choice of these answers, writing only the rows whose flag changes (a
        # resent answer writes no choice row; an index on the flag would be touched only then)
        choices = AC.__table__
        selected = choices.c.id.in_([c.id for a in answers for c in a.choices if c.selected])
        await self._session.execute(
            update(choices)
            .where(choices.c.answer_id.in_([a.id for a in answers]), choices.c.selected != selected)
            .values(selected=selected)
        )

    async def close(self, attempt_id: int, now: datetime, closed_by: ClosedBy) -> AttemptClosed | None:
        c = T.__table__.c
        statement = close_statement(c.id == attempt_id, now, closed_by).returning(
            c.status, c.score, c.submitted_at, c.graded_at
        )
        row = (await self._session.execute(statement)).one_or_none()
        if row is None:
            return None
        return AttemptClosed(
            status=AttemptStatus(row.status),
            score=Decimal(row.score),
            submitted_at=row.submitted_at,
            graded_at=row.graded_at,
        )

    async def close_overdue(
        self,
        now: datetime,
        *,
        quiz_id: int | None = None,
        student_id: int | None = None,
        attempt_id: int | None = None,
    ) -> int:
        c = T.__table__.c
        conditions = [c.deadline.is_not(None), c.deadline <= now - GRACE]
        if quiz_id is not None:
            conditions.append(c.quiz_id == quiz_id)
        if student_id is not None:
            conditions.append(c.student_id == student_id)
        if attempt_id is not None:
            conditions.append(c.id == attempt_id)
        # lock the rows first (in id order: two sweeps never deadlock), then close them in a statement of
        # its own: on PostgreSQL it sees every answer a concurrent autosave committed while we waited
        ids = list(
            (
                await self._session.scalars(
                    select(c.id)
                    .where(c.status == AttemptStatus.IN_PROGRESS.value, *conditions)
                    .order_by(c.id)
                    .with_for_update()
                )
            ).all()
        )
        if not ids:
            return 0
        result = await self._session.execute(
            close_statement(c.id.in_(ids), now, ClosedBy.TIMER, at_deadline=True)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def set_deadline(self, attempt_id: int, deadline: datetime | None) -> None:
        await self._session.execute(
            update(T)
            .where(T.id == attempt_id, T.status == AttemptStatus.IN_PROGRESS.value)
            .values(deadline=deadline)
        )

    async def save_grade(self, attempt: QuizAttempt, answer: QuizAnswer) -> None:
        assert attempt.id is not None and answer.id is not None
        await self._session.execute(
            update(A)
            .where(A.id == answer.id, A.attempt_id == attempt.id)
            .values(**values_of(answer, GRADE_COLUMNS))
        )
        await self._session.execute(
            update(T)
            .where(T.id == attempt.id)
            .values(status=attempt.status.value, score=attempt.score, graded_at=attempt.graded_at)
        )

    async def closed_student_users(self, quiz_id: int) -> list[int]:
        statement = (
            select(StudentProfileModel.user_id)
            .where(
                exists().where(
                    T.student_id == StudentProfileModel.id,
                    T.quiz_id == quiz_id,
                    T.status != AttemptStatus.IN_PROGRESS.value,
                )
            )
            .order_by(StudentProfileModel.user_id)
        )
        return list((await self._session.scalars(statement)).all())
