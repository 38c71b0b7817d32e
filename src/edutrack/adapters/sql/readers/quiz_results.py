"""A quiz's results and item analysis (§8.1) computed by the database, on SQLite and PostgreSQL alike.

Everything starts from one subquery over the quiz's closed attempts (``submitted`` or ``graded``),
ranked per student by a window function: ``best`` by score (highest first, then the earliest attempt),
``last`` and ``average`` by attempt number (last first); the window also counts and sums each student's
closed attempts. The *scored attempts* are the first-ranked one per student (``best``, ``last``) or every
closed one (``average``). Results, per-question points, the score summary (with the median from a
``row_number()`` over the scores), the per-question sums behind facility and discrimination and the choice
picks are each one grouped statement over it, whatever the number of students, attempts or questions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Subquery, and_, case, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from edutrack.adapters.sql.repositories.academics import valid_id
from edutrack.adapters.sql.tables.auth import UserModel
from edutrack.adapters.sql.tables.quizzes import (
    QuizAnswerChoiceModel,
    QuizAnswerModel,
    QuizAttemptModel,
)
from edutrack.adapters.sql.tables.students import StudentProfileModel
from edutrack.core.entities.quizzes import AttemptScoring, AttemptStatus
from edutrack.core.policies.item_analysis import QuestionSums
from edutrack.ports.quiz_results import (
    ChoicePickRow,
    QuestionPoints,
    QuestionSumsRow,
    QuizResultRow,
    ScoreSummary,
)
from edutrack.ports.readers import Page, PageRequest

A = QuizAttemptModel
Q = QuizAnswerModel
C = QuizAnswerChoiceModel
ZERO = Decimal("0")


def _dec(value: Any) -> Decimal:
    if value is None:
        return ZERO
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _ranked(quiz_id: int, scoring: AttemptScoring) -> Subquery:
    """The quiz's closed attempts, each with its rank among its student's (``rn``) and the student's
    counts and sums over all their closed attempts."""
    order = (
        (A.score.desc(), A.attempt_number.asc())
        if scoring is AttemptScoring.BEST
        else (A.attempt_number.desc(),)
    )
    per_student = {"partition_by": A.student_id}
    return (
        select(
            A.id.label("attempt_id"),
            A.student_id,
            A.score,
            A.max_score,
            func.row_number().over(**per_student, order_by=order).label("rn"),
            func.count().over(**per_student).label("attempts"),
            func.sum(A.score).over(**per_student).label("score_sum"),
            func.sum(A.max_score).over(**per_student).label("max_sum"),
            func.max(A.submitted_at).over(**per_student).label("last_at"),
            func.min(A.submitted_at).over(**per_student).label("first_at"),
        )
        .where(A.quiz_id == quiz_id, A.status != AttemptStatus.IN_PROGRESS.value)
        .subquery("ranked")
    )


def _scored(quiz_id: int, scoring: AttemptScoring) -> Subquery:
    """The scored attempts: ``attempt_id``, ``student_id``, ``score``."""
    if scoring is AttemptScoring.AVERAGE:  # every closed attempt: no ranking needed
        return (
            select(A.id.label("attempt_id"), A.student_id, A.score)
            .where(A.quiz_id == quiz_id, A.status != AttemptStatus.IN_PROGRESS.value)
            .subquery("scored")
        )
    ranked = _ranked(quiz_id, scoring)
    statement = select(ranked.c.attempt_id, ranked.c.student_id, ranked.c.score)
    if scoring is not AttemptScoring.AVERAGE:
        statement = statement.where(ranked.c.rn == 1)
    return statement.subquery("scored")


def _known() -> ColumnElement[bool]:
    """The answer's points are known: unanswered (0) or answered and graded."""
    return or_(Q.answered.is_(False), Q.points_awarded.is_not(None))


def _x() -> ColumnElement[Any]:
    """The points the answer earned: 0 unanswered, NULL while a written answer waits."""
    return case((Q.answered.is_(False), literal(0)), else_=Q.points_awarded)


class SqlQuizResultsReader:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def results(self, quiz_id: int, scoring: AttemptScoring, page: PageRequest) -> Page[QuizResultRow]:
        if not valid_id(quiz_id):
            return Page(total=0, items=[])
        closed = and_(A.quiz_id == quiz_id, A.status != AttemptStatus.IN_PROGRESS.value)
        count = select(func.count(func.distinct(A.student_id))).where(closed)
        r = _ranked(quiz_id, scoring)
        average = scoring is AttemptScoring.AVERAGE
        statement = (
            select(
                r.c.student_id,
                UserModel.name.label("student_name"),
                StudentProfileModel.student_code,
                r.c.attempts,
                (r.c.score_sum if average else r.c.score).label("score_total"),
                (r.c.max_sum if average else r.c.max_score).label("max_total"),
                r.c.last_at,
            )
            .join(StudentProfileModel, StudentProfileModel.id == r.c.student_id)
            .join(UserModel, UserModel.id == StudentProfileModel.user_id)
            .where(r.c.rn == 1)
            .order_by(r.c.first_at, r.c.student_id)
            .offset(page.offset)
        )
        if page.limit is not None:
            statement = statement.limit(page.limit)
        async with self._sessions() as session:
            total = await session.scalar(count)
            rows = (await session.execute(statement)).all() if page.limit != 0 else []
        return Page(
            total=int(total or 0),
            items=[
                QuizResultRow(
                    student_id=row.student_id,
                    student_name=row.student_name,
                    student_code=row.student_code,
                    attempts=int(row.attempts),
                    scored_attempts=int(row.attempts) if average else 1,
                    score_total=_dec(row.score_total),
                    max_score_total=_dec(row.max_total),
                    last_submitted_at=row.last_at,
                )
                for row in rows
            ],
        )

    async def points_by_question(
        self, quiz_id: int, scoring: AttemptScoring
    ) -> Mapping[int, Mapping[int, QuestionPoints]]:
        if not valid_id(quiz_id):
            return {}
        s = _scored(quiz_id, scoring)
        one = literal(1)
        statement = (
            select(
                s.c.student_id,
                Q.question_id,
                func.count().label("n"),
                func.sum(case((Q.answered.is_(True), one), else_=0)).label("answered"),
                func.sum(case((and_(Q.answered.is_(True), Q.points_awarded.is_(None)), one), else_=0)).label(
                    "waiting"
                ),
                func.sum(func.coalesce(_x(), 0)).label("total"),
            )
            .join(s, s.c.attempt_id == Q.attempt_id)
            .group_by(s.c.student_id, Q.question_id)
        )
        result: dict[int, dict[int, QuestionPoints]] = defaultdict(dict)
        async with self._sessions() as session:
            for row in (await session.execute(statement)).all():
                result[row.student_id][row.question_id] = QuestionPoints(
                    count=int(row.n),
                    answered=int(row.answered or 0),
                    waiting=int(row.waiting or 0),
                    total=_dec(row.total),
                )
        return result

    async def score_summary(self, quiz_id: int, scoring: AttemptScoring) -> ScoreSummary:
        if not valid_id(quiz_id):
            return ScoreSummary(attempts=0, total=ZERO, median_low=None, median_high=None)
        s = _scored(quiz_id, scoring)
        ordered = select(
            s.c.score,
            func.row_number().over(order_by=(s.c.score, s.c.attempt_id)).label("pos"),
            func.count().over().label("n"),
            func.sum(s.c.score).over().label("total"),
        ).subquery("ordered")
        # the middle one (n odd) or two (n even) positions: n <= 2 * pos <= n + 2
        statement = (
            select(ordered.c.score, ordered.c.n, ordered.c.total)
            .where(2 * ordered.c.pos >= ordered.c.n, 2 * ordered.c.pos <= ordered.c.n + 2)
            .order_by(ordered.c.pos)
        )
        async with self._sessions() as session:
            rows = (await session.execute(statement)).all()
        if not rows:
            return ScoreSummary(attempts=0, total=ZERO, median_low=None, median_high=None)
        return ScoreSummary(
            attempts=int(rows[0].n),
            total=_dec(rows[0].total),
            median_low=_dec(rows[0].score),
            median_high=_dec(rows[-1].score),
        )

    async def question_sums(self, quiz_id: int, scoring: AttemptScoring) -> list[QuestionSumsRow]:
        """Sums over x (the question's points) and s (the attempt's score) of the answers whose points are
        known: Σx, Σx², Σsx, Σs, Σs²; the rest y = s − x follows without more per-row arithmetic
        (numeric arithmetic is what costs here): Σy = Σs − Σx, Σxy = Σsx − Σx², Σy² = Σs² − 2Σsx + Σx²."""
        if not valid_id(quiz_id):
            return []
        s = _scored(quiz_id, scoring)
        x = _x()
        known_score = case((_known(), s.c.score), else_=None)
        statement = (
            select(
                Q.question_id,
                func.count().label("attempts"),
                func.count(x).label("n"),
                func.sum(case((_known(), Q.points), else_=None)).label("points"),
                func.sum(x).label("sx"),
                func.sum(x * x).label("sxx"),
                func.sum(s.c.score * x).label("ssx"),
                func.sum(known_score).label("ss"),
                func.sum(known_score * known_score).label("sss"),
            )
            .join(s, s.c.attempt_id == Q.attempt_id)
            .group_by(Q.question_id)
        )
        async with self._sessions() as session:
            rows = (await session.execute(statement)).all()
        result = []
        for row in rows:
            sx, sxx, ssx = _dec(row.sx), _dec(row.sxx), _dec(row.ssx)
            ss, sss = _dec(row.ss), _dec(row.sss)
            result.append(
                QuestionSumsRow(
                    question_id=row.question_id,
                    attempts=int(row.attempts),
                    sums=QuestionSums(
                        n=int(row.n),
                        points=_dec(row.points),
                        sx=sx,
                        sy=ss - sx,
                        sxy=ssx - sxx,
                        sxx=sxx,
                        syy=sss - 2 * ssx + sxx,
                    ),
                )
            )
        return result

    async def choice_picks(self, quiz_id: int, scoring: AttemptScoring) -> list[ChoicePickRow]:
        if not valid_id(quiz_id):
            return []
        s = _scored(quiz_id, scoring)
        statement = (
            select(Q.question_id, C.choice_id, func.max(C.text).label("text"), func.count().label("picked"))
            .select_from(C)
            .join(Q, Q.id == C.answer_id)
            .join(s, s.c.attempt_id == Q.attempt_id)
            .where(C.selected.is_(True))
            .group_by(Q.question_id, C.choice_id)
        )
        async with self._sessions() as session:
            rows = (await session.execute(statement)).all()
        return [
            ChoicePickRow(question_id=r.question_id, choice_id=r.choice_id, text=r.text, picked=int(r.picked))
            for r in rows
        ]
