"""Reference rows for lists and details: one COUNT, one page query, then a fixed number of ``IN (...)``
queries for the association details (no per-row queries, no ORM relationships)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from edutrack.adapters.sql.repositories.academics import MODELS, valid_id
from edutrack.adapters.sql.rows import fetch_all, fetch_value
from edutrack.adapters.sql.tables.academics import (
    AreaModel,
    DivisionModel,
    GradeModel,
    SchoolTypeModel,
    division_grades,
    division_school_types,
    subject_divisions,
    subject_grades,
    subject_school_types,
)
from edutrack.core.entities.academics import ReferenceKind
from edutrack.ports.academics import (
    AreaRow,
    DivisionRow,
    GovernorateRow,
    GradeRow,
    ReferenceFilter,
    ReferenceRow,
    SchoolTypeRow,
    SubjectRow,
    VideoSecurityRow,
)
from edutrack.ports.readers import NamedRef, Page, PageRequest

Refs = dict[int, list[NamedRef]]


async def grades_of(session: AsyncSession, table: Any, owner: str, ids: Sequence[int]) -> Refs:
    """Grades linked through ``table`` to each owner id, by (order, id)."""
    rows = await session.execute(
        select(table.c[owner], GradeModel.id, GradeModel.name)
        .join(GradeModel, GradeModel.id == table.c.grade_id)
        .where(table.c[owner].in_(ids))
        .order_by(GradeModel.order, GradeModel.id)
    )
    found: Refs = defaultdict(list)
    for owner_id, ref_id, name in rows:
        found[owner_id].append(NamedRef(id=ref_id, name=name))
    return found


async def _school_types_of(session: AsyncSession, table: Any, owner: str, ids: Sequence[int]) -> Refs:
    rows = await session.execute(
        select(table.c[owner], SchoolTypeModel.id, SchoolTypeModel.name)
        .join(SchoolTypeModel, SchoolTypeModel.id == table.c.school_type_id)
        .where(table.c[owner].in_(ids))
        .order_by(SchoolTypeModel.id)
    )
    found: Refs = defaultdict(list)
    for owner_id, ref_id, name in rows:
        found[owner_id].append(NamedRef(id=ref_id, name=name))
    return found


async def _divisions(session: AsyncSession, rows: Sequence[Any]) -> list[ReferenceRow]:
    ids = [row.id for row in rows]
    grades = await grades_of(session, division_grades, "division_id", ids)
    types = await _school_types_of(session, division_school_types, "division_id", ids)
    return [DivisionRow(id=r.id, name=r.name, grades=grades[r.id], school_types=types[r.id]) for r in rows]


async def load_subject_rows(session: AsyncSession, rows: Sequence[Any]) -> list[ReferenceRow]:
    ids = [row.id for row in rows]
    grades = await grades_of(session, subject_grades, "subject_id", ids)
    types = await _school_types_of(session, subject_school_types, "subject_id", ids)
    linked = (
        await session.execute(
            select(subject_divisions.c.subject_id, subject_divisions.c.division_id)
            .where(subject_divisions.c.subject_id.in_(ids))
            .order_by(subject_divisions.c.division_id)
        )
    ).all()
    division_ids = sorted({division_id for _, division_id in linked})
    division_rows = (
        await session.execute(
            select(DivisionModel.id, DivisionModel.name).where(DivisionModel.id.in_(division_ids))
        )
    ).all()
    divisions = {d.id: d for d in await _divisions(session, division_rows) if isinstance(d, DivisionRow)}
    by_subject: dict[int, list[DivisionRow]] = defaultdict(list)
    for subject_id, division_id in linked:
        by_subject[subject_id].append(divisions[division_id])
    return [
        SubjectRow(
            id=r.id, name=r.name, grades=grades[r.id], divisions=by_subject[r.id], school_types=types[r.id]
        )
        for r in rows
    ]


def _simple(kind: ReferenceKind, rows: Sequence[Any]) -> list[ReferenceRow]:
    match kind:
        case ReferenceKind.GRADE:
            return [GradeRow(id=r.id, name=r.name, order=r.order) for r in rows]
        case ReferenceKind.SCHOOL_TYPE:
            return [SchoolTypeRow(id=r.id, name=r.name) for r in rows]
        case ReferenceKind.AREA:
            return [AreaRow(id=r.id, name=r.name, governorate=r.governorate_id) for r in rows]
        case ReferenceKind.VIDEO_SECURITY:
            return [
                VideoSecurityRow(id=r.id, name=r.name, price_per_student=r.price_per_student) for r in rows
            ]
    return [GovernorateRow(id=r.id, name=r.name) for r in rows]


async def _rows(session: AsyncSession, kind: ReferenceKind, rows: Sequence[Any]) -> list[ReferenceRow]:
    if not rows:
        return []
    if kind is ReferenceKind.DIVISION:
        return await _divisions(session, rows)
    if kind is ReferenceKind.SUBJECT:
        return await load_subject_rows(session, rows)
    return _simple(kind, rows)


def _conditions(kind: ReferenceKind, filters: ReferenceFilter) -> list[ColumnElement[bool]]:
    model: Any = MODELS[kind]
    conditions: list[ColumnElement[bool]] = []
    if filters.search:
        conditions.append(func.lower(model.name).contains(filters.search.lower(), autoescape=True))
    if filters.parent is not None:
        if kind is ReferenceKind.AREA:
            conditions.append(AreaModel.governorate_id == filters.parent)
        elif kind in (ReferenceKind.DIVISION, ReferenceKind.SUBJECT):
            table = division_grades if kind is ReferenceKind.DIVISION else subject_grades
            owner = table.c.division_id if kind is ReferenceKind.DIVISION else table.c.subject_id
            conditions.append(model.id.in_(select(owner).where(table.c.grade_id == filters.parent)))
    return conditions


def _columns(kind: ReferenceKind) -> Select[Any]:
    model: Any = MODELS[kind]
    return select(*(model.__table__.c[name] for name in model.__table__.c.keys()))


class SqlReferenceReader:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def list(
        self, kind: ReferenceKind, filters: ReferenceFilter, page: PageRequest
    ) -> Page[ReferenceRow]:
        model: Any = MODELS[kind]
        conditions = _conditions(kind, filters)
        order = (model.order, model.id) if kind is ReferenceKind.GRADE else (model.id,)
        statement = _columns(kind).where(*conditions).order_by(*order).offset(page.offset)
        if page.limit is not None:
            statement = statement.limit(page.limit)
        async with self._sessions() as session:
            total = await fetch_value(session, select(func.count()).select_from(model).where(*conditions))
            rows = await fetch_all(session, statement) if page.limit != 0 else []
            items = await _rows(session, kind, rows)
        return Page(total=int(total or 0), items=items)

    async def get(self, kind: ReferenceKind, item_id: int) -> ReferenceRow | None:
        if not valid_id(item_id):
            return None
        model: Any = MODELS[kind]
        async with self._sessions() as session:
            rows = await fetch_all(session, _columns(kind).where(model.id == item_id))
            items = await _rows(session, kind, rows)
        return items[0] if items else None
