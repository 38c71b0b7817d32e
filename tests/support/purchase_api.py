"""Lecture purchases over HTTP: the endpoints, the documented body and errors, the shop's people."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from edutrack.adapters.sql.tables.wallets import LedgerEntryModel, WalletModel
from edutrack.composition import Container
from tests.support.http import HeadersFor
from tests.support.money import Shop, approve, build_shop
from tests.support.people import PASSWORD

NOT_ENROLLED = {"error": "Student is not enrolled in this course"}
ACTIVE = {"error": "You already have active access to this lecture"}
INSUFFICIENT = {"error": "Insufficient balance"}
NOT_YOURS = {"error": "You can only extend access for lectures in your own courses"}
MY = "/courses/purchases/my/"
STAFF_LIST = "/courses/purchases/"
DATETIME = "datetime"
PURCHASE_FIELDS: dict[str, Any] = {
    "id": int,
    "student": int,
    "lecture": int,
    "lecture_name": str,
    "topic_name": str,
    "course_name": str,
    "teacher_name": str,
    "purchased_at": DATETIME,
    "expires_at": DATETIME,
    "effective_expiry": DATETIME,
    "amount_paid": str,
    "extra_days": int,
    "is_expired": bool,
    "reopened_by": (int, type(None)),
    "reopened_by_name": (str, type(None)),
    "reopened_at": (DATETIME, type(None)),
    "reopen_logs": list,
}


def buy_url(lecture: int) -> str:
    return f"/courses/lectures/{lecture}/purchase/"


def reopen_url(purchase: int) -> str:
    return f"/courses/purchases/{purchase}/reopen/"


def when(raw: str) -> datetime:
    value = datetime.fromisoformat(raw)
    assert value.tzinfo is not None, raw
    return value


def check_shape(body: dict[str, Any]) -> None:
    assert list(body) == list(PURCHASE_FIELDS)
    for name, kind in PURCHASE_FIELDS.items():
        kinds = kind if isinstance(kind, tuple) else (kind,)
        value = body[name]
        if value is None and type(None) in kinds:
            continue
        if DATETIME in kinds:
            when(value)
        else:
            assert isinstance(value, tuple(k for k in kinds if k is not DATETIME)), (name, value)
            assert not (isinstance(value, bool) and bool not in kinds), name
    assert Decimal(body["amount_paid"]).as_tuple().exponent == -2
    for log in body["reopen_logs"]:
        assert list(log) == ["extra_days", "reopened_by", "reopened_at", "note"]
        assert isinstance(log["extra_days"], int) and isinstance(log["note"], str)
        assert log["reopened_by"] is None or isinstance(log["reopened_by"], str)
        when(log["reopened_at"])


@dataclass(frozen=True)
class People:
    shop: Shop
    student: dict[str, str]
    classmate: dict[str, str]
    unverified: dict[str, str]
    teacher: dict[str, str]
    assistant: dict[str, str]
    other: dict[str, str]
    owner: dict[str, str]


async def build_people(container: Container, headers_for: HeadersFor) -> People:
    """The shop, the student approved in its course, and everyone's headers."""
    shop = await build_shop(container)
    cast = shop.cast
    await approve(container, cast.student, cast.course)

    async def login(username: str) -> dict[str, str]:
        return await headers_for(username, PASSWORD)

    return People(
        shop=shop,
        student=await login(cast.student.username),
        classmate=await login(cast.classmate.username),
        unverified=await login(cast.unverified.username),
        teacher=await login(cast.teacher.username),
        assistant=await login(cast.assistant.username),
        other=await login(cast.other.username),
        owner=await login(cast.owner.username),
    )


async def wallet_and_ledger(container: Container, student: int, course: int) -> tuple[Decimal, list[Any]]:
    assert container.read_sessions is not None
    async with container.read_sessions() as session:
        wallet = await session.scalar(
            select(WalletModel).where(WalletModel.student_id == student, WalletModel.course_id == course)
        )
        entries = (
            await session.scalars(
                select(LedgerEntryModel)
                .where(LedgerEntryModel.student_id == student)
                .order_by(LedgerEntryModel.id)
            )
        ).all()
    return (wallet.balance if wallet else Decimal("0")), list(entries)
