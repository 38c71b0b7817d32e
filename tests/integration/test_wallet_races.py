"""A recharge code raced through the 2-worker live server on PostgreSQL: fifty different verified,
enrolled students redeem the same code at once; exactly one wins. Runs five times per CI run."""

from __future__ import annotations

import asyncio
from collections import Counter
from decimal import Decimal

import httpx
import pytest
from sqlalchemy import func, select

from edutrack.adapters.sql.tables.wallets import LedgerEntryModel, RechargeCodeModel, WalletModel
from edutrack.composition import Container
from edutrack.core.actor import SYSTEM
from edutrack.core.use_cases.wallets.generate_codes import CodeRequest, GenerateRechargeCodes
from tests.support.money import STUDENT_PASSWORD, approve_ids, make_money
from tests.support.people import add_location, add_pupil

pytestmark = pytest.mark.anyio

STUDENTS = 50
USED = {"error": "This code has already been used"}


async def _bearer(client: httpx.AsyncClient, username: str) -> dict[str, str]:
    response = await client.post(
        "/accounts/token/", json={"username": username, "password": STUDENT_PASSWORD}
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access']}"}


@pytest.mark.parametrize("attempt", range(5))
async def test_fifty_students_racing_for_one_code_credit_one_wallet(
    live_server: str, pg_container: Container, attempt: int
) -> None:
    password_hash = await pg_container.hasher.hash(STUDENT_PASSWORD)
    money = await make_money(pg_container, password_hash=password_hash)
    governorate, area = await add_location(pg_container, "Giza", "Dokki")
    students = [money.student]
    for n in range(2, STUDENTS + 1):
        student = await add_pupil(pg_container, n, password_hash=password_hash, location=(governorate, area))
        await approve_ids(pg_container, student.id, money.course)
        students.append(student)
    [code] = await pg_container.get(GenerateRechargeCodes).execute(
        SYSTEM, CodeRequest(money.course, Decimal("75"))
    )

    async with httpx.AsyncClient(base_url=live_server, timeout=60) as client:
        headers = await asyncio.gather(*(_bearer(client, s.username) for s in students))
        responses = await asyncio.gather(
            *(client.post("/payments/codes/redeem/", json={"code": code.code}, headers=h) for h in headers)
        )

    statuses = Counter(response.status_code for response in responses)
    assert statuses == {200: 1, 400: STUDENTS - 1}, [
        r.text for r in responses if r.status_code not in (200, 400)
    ]
    assert all(r.json() == USED for r in responses if r.status_code == 400)
    [winner] = [students[i] for i, r in enumerate(responses) if r.status_code == 200]
    won = next(r.json() for r in responses if r.status_code == 200)
    assert (won["amount_added"], won["new_balance"]) == ("75.00", "75.00")

    assert pg_container.read_sessions is not None
    async with pg_container.read_sessions() as session:
        entries = (
            await session.execute(
                select(LedgerEntryModel.id, LedgerEntryModel.student_id, LedgerEntryModel.amount).where(
                    LedgerEntryModel.reference == f"code:{code.id}"
                )
            )
        ).all()
        wallets = (
            await session.execute(
                select(WalletModel.student_id, WalletModel.balance).where(WalletModel.balance > 0)
            )
        ).all()
        used_by = await session.scalar(
            select(RechargeCodeModel.used_by).where(RechargeCodeModel.id == code.id)
        )
        total_entries = await session.scalar(select(func.count()).select_from(LedgerEntryModel))
    assert [(e.id, e.student_id, e.amount) for e in entries] == [
        (won["transaction_id"], winner.id, Decimal("75.00"))
    ]
    assert total_entries == 1
    assert [(w.student_id, w.balance) for w in wallets] == [(winner.id, Decimal("75.00"))]
    assert used_by == winner.id
