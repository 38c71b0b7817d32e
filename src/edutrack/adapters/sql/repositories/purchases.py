"""Lecture purchases in SQL. The insert relies on the partial unique index on the current purchase of a
(student, lecture): a concurrent second purchase fails there and becomes the documented 400. Each new
purchase is added to the sales rollups in the same transaction (adapters/sql/rollups.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from edutrack.adapters.sql import errors, rollups
from edutrack.adapters.sql.repositories.academics import valid_id
from edutrack.adapters.sql.tables.courses import CourseModel
from edutrack.adapters.sql.tables.lessons import LectureModel, TopicModel
from edutrack.adapters.sql.tables.purchases import PurchaseModel, PurchaseReopenLogModel
from edutrack.core.entities.wallets import Purchase, ReopenLog
from edutrack.ports.purchases import LectureOffer, OwnedPurchase

P, L, T, C = PurchaseModel, LectureModel, TopicModel, CourseModel


def _purchase(row: Any) -> Purchase:
    return Purchase(
        id=row.id,
        student_id=row.student_id,
        lecture_id=row.lecture_id,
        amount_paid=row.amount_paid,
        purchased_at=row.purchased_at,
        expires_at=row.expires_at,
        extra_days=row.extra_days,
        is_current=row.is_current,
        reopened_by=row.reopened_by,
        reopened_at=row.reopened_at,
    )


class SqlPurchaseRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def offer(self, lecture_id: int) -> LectureOffer | None:
        if not valid_id(lecture_id):
            return None
        statement = (
            select(
                L.id,
                L.name,
                T.course_id,
                C.teacher_id,
                L.price,
                L.discount,
                L.available_days,
                L.is_visible,
                T.is_active.label("topic_active"),
                C.is_active.label("course_active"),
            )
            .join(T, T.id == L.topic_id)
            .join(C, C.id == T.course_id)
            .where(L.id == lecture_id)
        )
        row = (await self._session.execute(statement)).one_or_none()
        if row is None:
            return None
        return LectureOffer(
            lecture_id=row.id,
            name=row.name,
            course_id=row.course_id,
            teacher_id=row.teacher_id,
            price=row.price,
            discount=row.discount,
            available_days=row.available_days,
            visible=bool(row.is_visible and row.topic_active and row.course_active),
        )

    async def of_student_lecture(
        self, student_id: int, lecture_id: int, *, for_update: bool = False
    ) -> list[Purchase]:
        statement = select(P).where(P.student_id == student_id, P.lecture_id == lecture_id).order_by(P.id)
        if for_update:
            statement = statement.with_for_update()
        return [_purchase(row) for row in (await self._session.scalars(statement)).all()]

    async def retire(self, purchase_id: int) -> None:
        await self._session.execute(update(P).where(P.id == purchase_id).values(is_current=False))

    async def add(self, purchase: Purchase) -> Purchase:
        statement = (
            insert(P)
            .values(
                student_id=purchase.student_id,
                lecture_id=purchase.lecture_id,
                amount_paid=purchase.amount_paid,
                purchased_at=purchase.purchased_at,
                expires_at=purchase.expires_at,
                extra_days=purchase.extra_days,
                is_current=True,
                reopened_by=purchase.reopened_by,
                reopened_at=purchase.reopened_at,
            )
            .returning(P.id)
        )
        try:
            purchase.id = (await self._session.execute(statement)).scalar_one()
        except IntegrityError as exc:
            raise errors.translate(exc) from exc
        purchase.is_current = True
        await rollups.record_sale(
            self._session,
            purchase_id=purchase.id,
            student_id=purchase.student_id,
            lecture_id=purchase.lecture_id,
            amount=purchase.amount_paid,
            purchased_at=purchase.purchased_at,
        )
        return purchase

    async def get(self, purchase_id: int, *, for_update: bool = False) -> OwnedPurchase | None:
        if not valid_id(purchase_id):
            return None
        statement = (
            select(P, C.teacher_id)
            .join(L, L.id == P.lecture_id)
            .join(T, T.id == L.topic_id)
            .join(C, C.id == T.course_id)
            .where(P.id == purchase_id)
        )
        if for_update:
            statement = statement.with_for_update(of=P)
        found = (await self._session.execute(statement)).one_or_none()
        if found is None:
            return None
        return OwnedPurchase(purchase=_purchase(found[0]), teacher_id=found.teacher_id)

    async def add_reopen(self, purchase_id: int, log: ReopenLog) -> None:
        await self._session.execute(
            update(P)
            .where(P.id == purchase_id)
            .values(
                extra_days=P.extra_days + log.extra_days,
                reopened_by=log.reopened_by,
                reopened_at=log.reopened_at,
            )
        )
        await self._session.execute(
            insert(PurchaseReopenLogModel).values(
                purchase_id=purchase_id,
                extra_days=log.extra_days,
                reopened_by=log.reopened_by,
                reopened_at=log.reopened_at,
                note=log.note,
            )
        )
