"""Reference data in SQL: entity ↔ rows, association rows replaced on save, RESTRICT keys decide "in use"."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Table, delete, exists, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from edutrack.adapters.sql import errors
from edutrack.adapters.sql.repositories.auth import MAX_ID
from edutrack.adapters.sql.tables.academics import (
    AreaModel,
    DivisionModel,
    GovernorateModel,
    GradeModel,
    SchoolTypeModel,
    SubjectModel,
    VideoSecurityModel,
    division_grades,
    division_school_types,
    subject_divisions,
    subject_grades,
    subject_school_types,
)
from edutrack.adapters.sql.tables.base import Base
from edutrack.core.entities.academics import ENTITY_BY_KIND, ReferenceItem, ReferenceKind
from edutrack.core.errors import InUse, NotFound

MODELS: dict[ReferenceKind, type[Base]] = {
    ReferenceKind.GRADE: GradeModel,
    ReferenceKind.SCHOOL_TYPE: SchoolTypeModel,
    ReferenceKind.DIVISION: DivisionModel,
    ReferenceKind.SUBJECT: SubjectModel,
    ReferenceKind.GOVERNORATE: GovernorateModel,
    ReferenceKind.AREA: AreaModel,
    ReferenceKind.VIDEO_SECURITY: VideoSecurityModel,
}

# The columns an entity shares with its table (besides id).
COLUMNS: dict[ReferenceKind, tuple[str, ...]] = {
    ReferenceKind.GRADE: ("name", "order"),
    ReferenceKind.SCHOOL_TYPE: ("name",),
    ReferenceKind.DIVISION: ("name",),
    ReferenceKind.SUBJECT: ("name",),
    ReferenceKind.GOVERNORATE: ("name",),
    ReferenceKind.AREA: ("name", "governorate_id"),
    ReferenceKind.VIDEO_SECURITY: ("name", "price_per_student"),
}


@dataclass(frozen=True, slots=True)
class Link:
    """An association table holding one id-list field of an entity."""

    table: Table
    owner: str  # column pointing at the item
    target: str  # column pointing at the referenced item


LINKS: dict[ReferenceKind, dict[str, Link]] = {
    ReferenceKind.DIVISION: {
        "grade_ids": Link(division_grades, "division_id", "grade_id"),
        "school_type_ids": Link(division_school_types, "division_id", "school_type_id"),
    },
    ReferenceKind.SUBJECT: {
        "grade_ids": Link(subject_grades, "subject_id", "grade_id"),
        "division_ids": Link(subject_divisions, "subject_id", "division_id"),
        "school_type_ids": Link(subject_school_types, "subject_id", "school_type_id"),
    },
}


def valid_id(item_id: int) -> bool:
    return 0 < item_id <= MAX_ID


class SqlReferenceCatalog:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, kind: ReferenceKind, item_id: int) -> ReferenceItem | None:
        if not valid_id(item_id):
            return None
        model = MODELS[kind]
        row = await self._session.get(model, item_id)
        if row is None:
            return None
        values: dict[str, object] = {name: getattr(row, name) for name in COLUMNS[kind]}
        for field, link in LINKS.get(kind, {}).items():
            owner, target = link.table.c[link.owner], link.table.c[link.target]
            ids = await self._session.scalars(select(target).where(owner == item_id).order_by(target))
            values[field] = list(ids)
        return ENTITY_BY_KIND[kind](id=item_id, **values)

    async def add(self, item: ReferenceItem) -> ReferenceItem:
        row = MODELS[item.kind](**{name: getattr(item, name) for name in COLUMNS[item.kind]})
        self._session.add(row)
        try:
            await self._session.flush()
            item.id = row.id  # type: ignore[attr-defined]
            await self._insert_links(item)
        except IntegrityError as exc:
            raise errors.translate(exc) from exc
        return item

    async def save(self, item: ReferenceItem) -> None:
        assert item.id is not None
        model = MODELS[item.kind]
        try:
            await self._session.execute(
                update(model)
                .where(model.id == item.id)  # type: ignore[attr-defined]
                .values({name: getattr(item, name) for name in COLUMNS[item.kind]})
            )
            for link in LINKS.get(item.kind, {}).values():
                await self._session.execute(delete(link.table).where(link.table.c[link.owner] == item.id))
            await self._insert_links(item)
        except IntegrityError as exc:
            raise errors.translate(exc) from exc

    async def _insert_links(self, item: ReferenceItem) -> None:
        for field, link in LINKS.get(item.kind, {}).items():
            ids = getattr(item, field)
            if ids:
                await self._session.execute(
                    insert(link.table), [{link.owner: item.id, link.target: target} for target in ids]
                )

    async def delete(self, kind: ReferenceKind, item_id: int) -> None:
        if not valid_id(item_id):
            raise NotFound()
        model = MODELS[kind]
        try:
            async with self._session.begin_nested():
                result = await self._session.execute(
                    delete(model).where(model.id == item_id)  # type: ignore[attr-defined]
                )
        except IntegrityError:
            raise InUse() from None
        if result.rowcount == 0:  # type: ignore[attr-defined]
            raise NotFound()

    async def missing_ids(self, kind: ReferenceKind, ids: Iterable[int]) -> set[int]:
        wanted = set(ids)
        valid = {i for i in wanted if valid_id(i)}
        if not valid:
            return wanted
        model = MODELS[kind]
        found = await self._session.scalars(select(model.id).where(model.id.in_(valid)))  # type: ignore[attr-defined]
        return wanted - set(found)

    async def name_taken(self, item: ReferenceItem) -> bool:
        model = MODELS[item.kind]
        condition = func.lower(model.name) == item.name.strip().lower()  # type: ignore[attr-defined]
        if item.id is not None:
            condition = condition & (model.id != item.id)  # type: ignore[attr-defined]
        if item.kind is ReferenceKind.AREA:
            condition = condition & (AreaModel.governorate_id == item.governorate_id)  # type: ignore[union-attr]
        return bool(await self._session.scalar(select(exists().where(condition))))
