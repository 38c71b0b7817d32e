"""Deactivating a teacher blocks the teacher and the teacher's assistants, old tokens included (§2)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.support.assistants import body as assistant_body
from tests.support.assistants import create as create_assistant
from tests.support.http import HeadersFor

pytestmark = pytest.mark.anyio

DISABLED = {"detail": "User account is disabled."}


async def test_a_deactivated_teacher_takes_their_assistants_down_and_back_up(
    client: httpx.AsyncClient,
    make_teacher: Callable[..., Any],
    headers_for: HeadersFor,
    owner_headers: dict[str, str],
) -> None:
    teacher = await make_teacher("teacher")
    await create_assistant(client, teacher, username="helper")
    password = assistant_body()["password"]
    old_token = await headers_for("helper", password)
    refresh = (
        await client.post("/accounts/token/", json={"username": "helper", "password": password})
    ).json()

    off = await client.patch(
        f"/accounts/teachers/{teacher.id}/", json={"is_active": False}, headers=owner_headers
    )
    assert off.status_code == 200, off.text

    assert (await client.get("/accounts/me/", headers=old_token)).json() == DISABLED
    login = await client.post("/accounts/login/", json={"username": "helper", "password": password})
    assert login.status_code == 403 and login.json() == DISABLED
    again = await client.post("/accounts/token/refresh/", json={"refresh": refresh["refresh"]})
    assert again.status_code == 403 and again.json() == DISABLED

    on = await client.patch(
        f"/accounts/teachers/{teacher.id}/", json={"is_active": True}, headers=owner_headers
    )
    assert on.status_code == 200
    assert (await client.get("/accounts/me/", headers=old_token)).status_code == 200
