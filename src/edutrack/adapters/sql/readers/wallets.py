"""Balances, statements and recharge codes read in SQL: joins and sums in the database, a fixed number of
statements per list (COUNT + page for paginated lists, one query for the bare arrays)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, literal, select, union
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import aliased

from edutrack.adapters.sql.repositories.academics import valid_id
from edutrack.adapters.sql.rows import fetch_all, fetch_value
from edutrack.adapters.sql.tables.auth import UserModel
from edutrack.adapters.sql.tables.courses import CourseModel
from edutrack.adapters.sql.tables.enrollments import EnrollmentModel
from edutrack.adapters.sql.tables.students import StudentProfileModel
from edutrack.adapters.sql.tables.teachers import TeacherProfileModel
from edutrack.adapters.sql.tables.wallets import LedgerEntryModel, RechargeCodeModel, WalletModel
from edutrack.ports.readers import Page, PageRequest
from edutrack.ports.wallets import (
    BalanceFilter,
    CodeFilter,
    LedgerRow,
    MyBalanceRow,
    RechargeCodeRow,
    StudentBalanceRow,
)

APPROVED = "approved"
ZERO = literal(0).cast(WalletModel.balance.type)


def _page(statement: Select[Any], page: PageRequest) -> Select[Any]:
    statement = statement.offset(page.offset)
    return statement.limit(page.limit) if page.limit is not None else statement


class SqlWalletReader:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def student_balances(self, teacher_id: int, filters: BalanceFilter) -> list[StudentBalanceRow]:
        E, S = EnrollmentModel, StudentProfileModel
        conditions: list[ColumnElement[bool]] = [E.status == APPROVED, CourseModel.teacher_id == teacher_id]
        if filters.course_id is not None:
            conditions.append(E.course_id == filters.course_id)
        if filters.student_id is not None:
            conditions.append(E.student_id == filters.student_id)
        if filters.student_code is not None:
            conditions.append(S.student_code == filters.student_code)
        statement = (
            select(
                S.id,
                UserModel.name,
                S.student_code,
                CourseModel.id.label("course_id"),
                CourseModel.name.label("course_name"),
                func.coalesce(WalletModel.balance, ZERO).label("balance"),
                E.enrolled_at,
            )
            .select_from(E)
            .join(CourseModel, CourseModel.id == E.course_id)
            .join(S, S.id == E.student_id)
            .join(UserModel, UserModel.id == S.user_id)
            .outerjoin(
                WalletModel, and_(WalletModel.student_id == S.id, WalletModel.course_id == CourseModel.id)
            )
            .where(*conditions)
            .order_by(CourseModel.name, CourseModel.id, UserModel.name, S.id)
        )
        async with self._sessions() as session:
            rows = await fetch_all(session, statement)
        return [
            StudentBalanceRow(
                student_id=r.id,
                student_name=r.name,
                student_code=r.student_code,
                course_id=r.course_id,
                course_name=r.course_name,
                balance=r.balance,
                enrolled_at=r.enrolled_at,
            )
            for r in rows
        ]

    async def my_balances(self, student_id: int) -> list[MyBalanceRow]:
        if not valid_id(student_id):
            return []
        courses = union(
            select(WalletModel.course_id.label("course_id")).where(WalletModel.student_id == student_id),
            select(EnrollmentModel.course_id).where(
                EnrollmentModel.student_id == student_id, EnrollmentModel.status == APPROVED
            ),
        ).subquery()
        statement = (
            select(
                CourseModel.id,
                CourseModel.name,
                func.coalesce(WalletModel.balance, ZERO).label("balance"),
            )
            .join(courses, courses.c.course_id == CourseModel.id)
            .outerjoin(
                WalletModel,
                and_(WalletModel.course_id == CourseModel.id, WalletModel.student_id == student_id),
            )
            .order_by(CourseModel.name, CourseModel.id)
        )
        async with self._sessions() as session:
            rows = await fetch_all(session, statement)
        return [MyBalanceRow(course_id=r.id, course_name=r.name, balance=r.balance) for r in rows]

    async def my_transactions(self, student_id: int, page: PageRequest) -> Page[LedgerRow]:
        if not valid_id(student_id):
            return Page(total=0, items=[])
        L = LedgerEntryModel
        condition = L.student_id == student_id
        statement = (
            select(
                L.id,
                L.kind,
                L.amount,
                L.balance_after,
                L.course_id,
                CourseModel.name.label("course_name"),
                L.reason,
                UserModel.name.label("actor_name"),
                L.created_at,
            )
            .join(CourseModel, CourseModel.id == L.course_id)
            .outerjoin(UserModel, UserModel.id == L.actor_id)
            .where(condition)
            .order_by(L.created_at.desc(), L.id.desc())
        )
        async with self._sessions() as session:
            total = await fetch_value(session, select(func.count()).select_from(L).where(condition)) or 0
            rows = await fetch_all(session, _page(statement, page)) if page.limit != 0 else []
        return Page(
            total=total,
            items=[
                LedgerRow(
                    id=r.id,
                    kind=r.kind,
                    amount=r.amount,
                    balance_after=r.balance_after,
                    course_id=r.course_id,
                    course_name=r.course_name,
                    reason=r.reason,
                    actor_name=r.actor_name,
                    created_at=r.created_at,
                )
                for r in rows
            ],
        )

    async def student_id_by_code(self, student_code: str) -> int | None:
        async with self._sessions() as session:
            return await session.scalar(
                select(StudentProfileModel.id).where(StudentProfileModel.student_code == student_code)
            )


# --- recharge codes -----------------------------------------------------------------------------------

R = RechargeCodeModel
TeacherUser = aliased(UserModel)
StudentUser = aliased(UserModel)
Creator = aliased(UserModel)


def _codes() -> Select[Any]:
    return (
        select(
            R.id,
            R.course_id,
            CourseModel.name.label("course_name"),
            TeacherUser.name.label("teacher_name"),
            R.code,
            R.value,
            R.used_by,
            StudentUser.name.label("used_by_name"),
            R.used_at,
            R.created_at,
            R.expires_at,
            R.created_by,
            Creator.username.label("created_by_username"),
        )
        .join(CourseModel, CourseModel.id == R.course_id)
        .join(TeacherProfileModel, TeacherProfileModel.id == CourseModel.teacher_id)
        .join(TeacherUser, TeacherUser.id == TeacherProfileModel.user_id)
        .outerjoin(StudentProfileModel, StudentProfileModel.id == R.used_by)
        .outerjoin(StudentUser, StudentUser.id == StudentProfileModel.user_id)
        .outerjoin(Creator, Creator.id == R.created_by)
    )


def _code_conditions(filters: CodeFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.course_id is not None:
        conditions.append(R.course_id == filters.course_id)
    if filters.is_used is not None:
        conditions.append(R.used_at.is_not(None) if filters.is_used else R.used_at.is_(None))
    return conditions


def _code_row(r: Any) -> RechargeCodeRow:
    return RechargeCodeRow(
        id=r.id,
        course_id=r.course_id,
        course_name=r.course_name,
        teacher_name=r.teacher_name,
        code=r.code,
        value=r.value,
        used_by=r.used_by,
        used_by_name=r.used_by_name,
        used_at=r.used_at,
        created_at=r.created_at,
        expires_at=r.expires_at,
        created_by=r.created_by,
        created_by_username=r.created_by_username,
    )


class SqlRechargeCodeReader:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def list(self, filters: CodeFilter, page: PageRequest) -> Page[RechargeCodeRow]:
        conditions = _code_conditions(filters)
        statement = _codes().where(*conditions).order_by(R.created_at.desc(), R.id.desc())
        async with self._sessions() as session:
            total = await fetch_value(session, select(func.count()).select_from(R).where(*conditions)) or 0
            rows = await fetch_all(session, _page(statement, page)) if page.limit != 0 else []
        return Page(total=total, items=[_code_row(r) for r in rows])

    async def by_ids(self, ids: Sequence[int]) -> list[RechargeCodeRow]:
        if not ids:
            return []
        async with self._sessions() as session:
            rows = await fetch_all(session, _codes().where(R.id.in_(list(ids))).order_by(R.id))
        return [_code_row(r) for r in rows]

    async def export(self, filters: CodeFilter, *, chunk: int = 1000) -> AsyncIterator[RechargeCodeRow]:
        conditions = _code_conditions(filters)
        last = 0
        while True:
            statement = _codes().where(*conditions, R.id > last).order_by(R.id).limit(chunk)
            async with self._sessions() as session:
                rows = await fetch_all(session, statement)
            for r in rows:
                yield _code_row(r)
            if len(rows) < chunk:
                return
            last = rows[-1].id
