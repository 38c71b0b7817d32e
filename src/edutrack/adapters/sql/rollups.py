"""Sales rollups: per-lecture, per-course and per-student running totals of the purchases (ADR 0005).

``purchases`` stays the truth; ``lecture_sales``, ``course_sales`` and ``student_sales`` are derived from
it so that the all-courses revenue reports read a few thousand rows instead of every purchase.
``record_sale`` runs in the purchase's own transaction, right after the purchase row is written, so a
rollup never holds a sale that was rolled back and never misses one that was committed. Each is one
``INSERT ... ON CONFLICT DO UPDATE`` that adds to the row atomically (no read-then-write): concurrent sales
of one lecture (one course) queue on its row lock for the rest of their (short) transactions. The rows are
always taken in the same order — lecture, course, student — so two sales cannot wait on each other.
A course's row counts the lectures it holds now: moving a lecture or a topic to another course recounts
both courses from ``lecture_sales`` (``recount_courses``).

``rebuild`` recomputes both from the purchases (bulk loads, repairs); ``drift`` lists every row where a
rollup disagrees with the purchases (tests, operators).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Integer, case, cast, delete, exists, func, insert, literal, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from edutrack.adapters.sql.tables.lessons import LectureModel, TopicModel
from edutrack.adapters.sql.tables.purchases import PurchaseModel
from edutrack.adapters.sql.tables.revenue import CourseSalesModel, LectureSalesModel, StudentSalesModel

P = PurchaseModel
LS = LectureSalesModel
CS = CourseSalesModel
SS = StudentSalesModel
L = LectureModel
T = TopicModel


def _upsert(session: AsyncSession, table: Any) -> Any:
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


async def _add_sale(session: AsyncSession, row: Any) -> None:
    """Insert a (key, purchase_count, revenue) rollup row, or add one sale and its revenue to the row
    already there (``lecture_sales``, ``course_sales``)."""
    table = row.table
    key = next(iter(table.primary_key.columns))
    await session.execute(
        row.on_conflict_do_update(
            index_elements=[key],
            set_={
                "purchase_count": table.c.purchase_count + 1,
                "revenue": table.c.revenue + row.excluded.revenue,
            },
        )
    )


async def record_sale(
    session: AsyncSession,
    *,
    purchase_id: int,
    student_id: int,
    lecture_id: int,
    amount: Decimal,
    purchased_at: datetime,
) -> None:
    """Adds the purchase ``purchase_id`` (already inserted in this transaction) to the three rollups."""
    await _add_sale(
        session, _upsert(session, LS).values(lecture_id=lecture_id, purchase_count=1, revenue=amount)
    )
    course = select(T.course_id, literal(1), literal(amount, CS.revenue.type)).join(L, L.topic_id == T.id)
    await _add_sale(
        session, _upsert(session, CS).from_select(COURSE_COLUMNS, course.where(L.id == lecture_id))
    )
    bought_before = exists().where(
        P.student_id == student_id, P.lecture_id == lecture_id, P.id != purchase_id
    )
    student = _upsert(session, SS).values(
        student_id=student_id,
        purchase_count=1,
        lecture_count=1,
        spent=amount,
        last_purchase_at=purchased_at,
    )
    await session.execute(
        student.on_conflict_do_update(
            index_elements=[SS.student_id],
            set_={
                "purchase_count": SS.purchase_count + 1,
                "lecture_count": SS.lecture_count + case((bought_before, 0), else_=1),
                "spent": SS.spent + student.excluded.spent,
                "last_purchase_at": case(
                    (
                        student.excluded.last_purchase_at > SS.last_purchase_at,
                        student.excluded.last_purchase_at,
                    ),
                    else_=SS.last_purchase_at,
                ),
            },
        )
    )


def _lecture_totals() -> Any:
    return select(
        P.lecture_id,
        cast(func.count(), Integer).label("purchase_count"),
        func.sum(P.amount_paid).label("revenue"),
    ).group_by(P.lecture_id)


COURSE_COLUMNS = ["course_id", "purchase_count", "revenue"]


def _course_totals(*where: Any) -> Any:
    """Per course, the sums of its lectures' rollups (what ``course_sales`` holds)."""
    return (
        select(
            T.course_id,
            cast(func.sum(LS.purchase_count), Integer).label("purchase_count"),
            func.sum(LS.revenue).label("revenue"),
        )
        .join(L, L.id == LS.lecture_id)
        .join(T, T.id == L.topic_id)
        .where(*where)
        .group_by(T.course_id)
    )


async def recount_courses(session: AsyncSession, course_ids: Collection[int]) -> None:
    """Recompute these courses' rows from their lectures' rollups (a lecture or a topic moved)."""
    ids = sorted(set(course_ids))
    if not ids:
        return
    await session.execute(delete(CS).where(CS.course_id.in_(ids)))
    await session.execute(
        insert(CS).from_select(
            ["course_id", "purchase_count", "revenue"], _course_totals(T.course_id.in_(ids))
        )
    )


def _student_totals() -> Any:
    return select(
        P.student_id,
        cast(func.count(), Integer).label("purchase_count"),
        cast(func.count(P.lecture_id.distinct()), Integer).label("lecture_count"),
        func.sum(P.amount_paid).label("spent"),
        func.max(P.purchased_at).label("last_purchase_at"),
    ).group_by(P.student_id)


async def rebuild(session: AsyncSession) -> None:
    """Recomputes both rollups from the purchases, in the caller's transaction."""
    await session.execute(delete(LS))
    await session.execute(delete(SS))
    await session.execute(
        insert(LS).from_select(["lecture_id", "purchase_count", "revenue"], _lecture_totals())
    )
    await session.execute(delete(CS))
    await session.execute(
        insert(CS).from_select(["course_id", "purchase_count", "revenue"], _course_totals())
    )
    await session.execute(
        insert(SS).from_select(
            ["student_id", "purchase_count", "lecture_count", "spent", "last_purchase_at"], _student_totals()
        )
    )


async def drift(session: AsyncSession) -> list[str]:
    """Every rollup row that differs from the purchases (missing, extra or different), as text."""
    found: list[str] = []
    course_truth = (
        select(
            T.course_id,
            cast(func.count(), Integer).label("purchase_count"),
            func.sum(P.amount_paid).label("revenue"),
        )
        .join(L, L.id == P.lecture_id)
        .join(T, T.id == L.topic_id)
        .group_by(T.course_id)
    )
    for name, totals, kept, key in (
        ("lecture", _lecture_totals(), LS, "lecture_id"),
        ("course", course_truth, CS, "course_id"),
    ):
        found += await _count_drift(session, name, totals.subquery("truth"), kept, key)
    truth = _student_totals().subquery("truth")
    students = select(
        truth.c.student_id,
        SS.student_id.label("kept"),
        truth.c.purchase_count,
        truth.c.lecture_count,
        truth.c.spent,
        truth.c.last_purchase_at,
        SS.purchase_count.label("kept_count"),
        SS.lecture_count.label("kept_lectures"),
        SS.spent.label("kept_spent"),
        SS.last_purchase_at.label("kept_last"),
    )
    for row in await _full_join(session, students, truth, SS, truth.c.student_id, SS.student_id):
        expected = (row.purchase_count, row.lecture_count, row.spent, row.last_purchase_at)
        kept = (row.kept_count, row.kept_lectures, row.kept_spent, row.kept_last)
        if expected != kept:
            found.append(
                f"student {row.student_id or row.kept}: purchases say {expected}, student_sales says {kept}"
            )
    return found


async def _count_drift(session: AsyncSession, name: str, truth: Any, kept: Any, key: str) -> list[str]:
    """The rows of a (purchase_count, revenue) rollup ``kept`` that differ from ``truth``, by ``key``."""
    query = select(
        truth.c[key],
        getattr(kept, key).label("kept"),
        truth.c.purchase_count,
        truth.c.revenue,
        kept.purchase_count.label("kept_count"),
        kept.revenue.label("kept_revenue"),
    )
    return [
        f"{name} {row[0] or row.kept}: purchases say {row.purchase_count} / {row.revenue},"
        f" {kept.__tablename__} says {row.kept_count} / {row.kept_revenue}"
        for row in await _full_join(session, query, truth, kept, truth.c[key], getattr(kept, key))
        if (row.purchase_count, row.revenue) != (row.kept_count, row.kept_revenue)
    ]


async def _full_join(
    session: AsyncSession, query: Any, left: Any, right: Any, lkey: Any, rkey: Any
) -> list[Any]:
    """A full outer join written as two left joins (SQLite before 3.39 has none)."""
    one = query.select_from(left).outerjoin(right, lkey == rkey)
    other = query.select_from(right).outerjoin(left, lkey == rkey).where(lkey.is_(None))
    return [*(await session.execute(one)).all(), *(await session.execute(other)).all()]


class SalesRollups:
    """The operator's handle on the rollups (``edutrack revenue check-rollups``): compare them with the
    purchases, and rebuild them in one transaction."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def drift(self) -> list[str]:
        async with self._sessions() as session:
            return await drift(session)

    async def rebuild(self) -> None:
        async with self._sessions() as session:
            await rebuild(session)
            await session.commit()
