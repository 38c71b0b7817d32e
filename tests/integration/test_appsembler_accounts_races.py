"""Appsembler account creation racing through the 2-worker live server on PostgreSQL: ten parallel creates
of one username (different emails) make exactly one account; the others are the document's 409, and
only one audit row is written."""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx
import pytest
from sqlalchemy import func, select

from edutrack.adapters.sql.tables.auth import UserModel
from edutrack.adapters.sql.tables.integrations import IntegrationAuditModel
from edutrack.composition import Container
from tests.support.integrations import integration_client

pytestmark = pytest.mark.anyio


async def test_parallel_creates_of_one_username_make_one_account(
    live_server: str, pg_container: Container
) -> None:
    partner = await integration_client(pg_container)
    async with httpx.AsyncClient(base_url=live_server, timeout=60) as client:
        responses = await asyncio.gather(
            *(
                client.post(
                    "/appsembler_api/v0/accounts/create",
                    json={
                        "username": "racer",
                        "password": "Edx-pass-55",
                        "email": f"r{n}@example.com",
                        "name": "R",
                    },
                    headers=partner.headers,
                )
                for n in range(10)
            )
        )
    assert Counter(r.status_code for r in responses) == {200: 1, 409: 9}, [r.text for r in responses]
    assert all(r.json() == {"user_message": "User already exists"} for r in responses if r.status_code == 409)
    assert pg_container.read_sessions is not None
    async with pg_container.read_sessions() as session:
        users = await session.scalar(select(func.count()).where(func.lower(UserModel.username) == "racer"))
        audits = await session.scalar(select(func.count()).select_from(IntegrationAuditModel))
    assert (users, audits) == (1, 1)
