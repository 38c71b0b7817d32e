"""Purchase rows for lists and details, and the access query. A purchase row joins its lecture, topic,
course, the teacher's user and the reopener's user in one statement; a list is one COUNT, one page query
and one ``IN (...)`` query for the reopen logs, whatever its size."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import ColumnElement, Integer, Select, bindparam, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from edutrack.adapters.sql.readers.counting import count_of
from edutrack.adapters.sql.repositories.academics import valid_id
from edutrack.adapters.sql.rows import fetch_all, fetch_one, fetch_value
from edutrack.adapters.sql.tables.auth import UserModel
from edutrack.adapters.sql.tables.courses import CourseModel
from edutrack.adapters.sql.tables.lessons import LectureModel, TopicModel
from edutrack.adapters.sql.tables.purchases import PurchaseModel, PurchaseReopenLogModel
from edutrack.adapters.sql.tables.students import StudentProfileModel
from edutrack.adapters.sql.tables.teachers import TeacherProfileModel
from edutrack.core.policies.digits import is_ascii_number
from edutrack.ports.purchases import PurchaseFilter, PurchaseRow, ReopenLogRow
from edutrack.ports.readers import Page, PageRequest

P, L, T, C, R = PurchaseModel, LectureModel, TopicModel, CourseModel, PurchaseReopenLogModel
TeacherUser = aliased(UserModel, name="teacher_user")
Reopener = aliased(UserModel, name="reopener")
LogUser = aliased(UserModel, name="log_user")


class effective_expiry(FunctionElement[datetime]):
    """``expires_at + extra_days`` days, exact to the microsecond on both databases."""

    type = DateTimeUTC()
    inherit_cache = True
    name = "effective_expiry"


@compiles(effective_expiry, "postgresql")
def _effective_expiry_pg(element: effective_expiry, compiler: SQLCompiler, **kw: Any) -> str:
    expires, days = list(element.clauses)
    return f"({compiler.process(expires, **kw)} + make_interval(days => {compiler.process(days, **kw)}))"


@compiles(effective_expiry, "sqlite")
def _effective_expiry_sqlite(element: effective_expiry, compiler: SQLCompiler, **kw: Any) -> str:
    # stored as 'YYYY-MM-DD HH:MM:SS.ffffff' (UTC): shift the date part, keep the fraction
    expires, days = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"(datetime({expires}, '+' || {days} || ' days') || substr({expires}, 20))"


EFFECTIVE_EXPIRY = effective_expiry(P.expires_at, P.extra_days)
# the lectures a student may open: every request of a student reading content runs one (built once)
_ACCESS = select(P.lecture_id).where(
    P.student_id == bindparam("student_id", type_=Integer()),
    EFFECTIVE_EXPIRY >= bindparam("now", type_=DateTimeUTC()),
)
ACCESS_ANY = _ACCESS.distinct()
ACCESS_AMONG = _ACCESS.where(P.lecture_id.in_(bindparam("ids", expanding=True, type_=Integer()))).distinct()


def _select() -> Select[Any]:
    return (
        select(
            P.id,
            P.student_id,
            P.lecture_id,
            L.name.label("lecture_name"),
            T.name.label("topic_name"),
            T.course_id,
            C.name.label("course_name"),
            C.teacher_id,
            TeacherUser.name.label("teacher_name"),
            P.purchased_at,
            P.expires_at,
            P.amount_paid,
            P.extra_days,
            P.reopened_by,
            Reopener.name.label("reopened_by_name"),
            P.reopened_at,
        )
        .select_from(P)
        .join(L, L.id == P.lecture_id)
        .join(T, T.id == L.topic_id)
        .join(C, C.id == T.course_id)
        .join(TeacherProfileModel, TeacherProfileModel.id == C.teacher_id)
        .join(TeacherUser, TeacherUser.id == TeacherProfileModel.user_id)
        .outerjoin(Reopener, Reopener.id == P.reopened_by)
    )


def _row(r: Any, logs: tuple[ReopenLogRow, ...]) -> PurchaseRow:
    return PurchaseRow(
        id=r.id,
        student_id=r.student_id,
        lecture_id=r.lecture_id,
        lecture_name=r.lecture_name,
        topic_name=r.topic_name,
        course_id=r.course_id,
        course_name=r.course_name,
        teacher_id=r.teacher_id,
        teacher_name=r.teacher_name,
        purchased_at=r.purchased_at,
        expires_at=r.expires_at,
        amount_paid=r.amount_paid,
        extra_days=r.extra_days,
        reopened_by=r.reopened_by,
        reopened_by_name=r.reopened_by_name,
        reopened_at=r.reopened_at,
        reopen_logs=logs,
    )


def _student_matches(raw: str) -> ColumnElement[bool]:
    text = raw.strip()
    by_code = P.student_id.in_(select(StudentProfileModel.id).where(StudentProfileModel.student_code == text))
    if is_ascii_number(text) and valid_id(int(text)):
        return or_(P.student_id == int(text), by_code)
    return by_code


def _up_to_course(statement: Select[Any]) -> Select[Any]:
    return statement.join(L, L.id == P.lecture_id).join(T, T.id == L.topic_id).join(C, C.id == T.course_id)


def _conditions(filters: PurchaseFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.teacher is not None:
        conditions.append(C.teacher_id == filters.teacher)
    if filters.student_id is not None:
        conditions.append(P.student_id == filters.student_id)
    if filters.student is not None:
        conditions.append(_student_matches(filters.student))
    if filters.lecture is not None:
        conditions.append(P.lecture_id == filters.lecture)
    if filters.course is not None:
        conditions.append(T.course_id == filters.course)
    if filters.is_expired is True:
        conditions.append(EFFECTIVE_EXPIRY < filters.now)
    elif filters.is_expired is False:
        conditions.append(EFFECTIVE_EXPIRY >= filters.now)
    return conditions


async def _logs(session: AsyncSession, purchase_ids: list[int]) -> dict[int, tuple[ReopenLogRow, ...]]:
    if not purchase_ids:
        return {}
    statement = (
        select(R.purchase_id, R.extra_days, LogUser.name.label("reopened_by_name"), R.reopened_at, R.note)
        .outerjoin(LogUser, LogUser.id == R.reopened_by)
        .where(R.purchase_id.in_(purchase_ids))
        .order_by(R.reopened_at, R.id)
    )
    found: dict[int, list[ReopenLogRow]] = {}
    for r in await fetch_all(session, statement):
        found.setdefault(r.purchase_id, []).append(
            ReopenLogRow(
                extra_days=r.extra_days,
                reopened_by_name=r.reopened_by_name,
                reopened_at=r.reopened_at,
                note=r.note,
            )
        )
    return {key: tuple(rows) for key, rows in found.items()}


class SqlPurchaseReader:
    """Both the purchase reader and the lecture access query."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def get(self, purchase_id: int) -> PurchaseRow | None:
        if not valid_id(purchase_id):
            return None
        async with self._sessions() as session:
            row = await fetch_one(session, _select().where(P.id == purchase_id))
            if row is None:
                return None
            logs = await _logs(session, [purchase_id])
        return _row(row, logs.get(purchase_id, ()))

    async def list(self, filters: PurchaseFilter, page: PageRequest) -> Page[PurchaseRow]:
        conditions = _conditions(filters)
        count = count_of(P, conditions, _up_to_course)
        statement = (
            _select().where(*conditions).order_by(P.purchased_at.desc(), P.id.desc()).offset(page.offset)
        )
        if page.limit is not None:
            statement = statement.limit(page.limit)
        async with self._sessions() as session:
            total = await fetch_value(session, count)
            rows = await fetch_all(session, statement) if page.limit != 0 else []
            logs = await _logs(session, [r.id for r in rows])
        return Page(total=int(total or 0), items=[_row(r, logs.get(r.id, ())) for r in rows])

    async def lectures_with_access(
        self, student_id: int, lecture_ids: Collection[int] | None, now: datetime
    ) -> frozenset[int]:
        if not valid_id(student_id):
            return frozenset()
        wanted = None if lecture_ids is None else [i for i in set(lecture_ids) if valid_id(i)]
        if wanted is not None and not wanted:
            return frozenset()
        statement = ACCESS_ANY if wanted is None else ACCESS_AMONG
        async with self._sessions() as session:
            rows = await fetch_all(session, statement, {"student_id": student_id, "now": now, "ids": wanted})
        return frozenset(r[0] for r in rows)
