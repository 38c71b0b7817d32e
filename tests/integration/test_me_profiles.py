"""GET /accounts/me/ carries the role's own profile, in the same shape as its resource (§3)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.support.assistants import body as assistant_body
from tests.support.assistants import create as create_assistant
from tests.support.http import HeadersFor
from tests.support.students import body as student_body
from tests.support.students import register
from tests.support.teachers import PASSWORD, form, post_teacher

pytestmark = pytest.mark.anyio


async def me(client: httpx.AsyncClient, headers: dict[str, str]) -> dict[str, Any]:
    response = await client.get("/accounts/me/", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def test_a_teacher_sees_their_teacher_object(
    client: httpx.AsyncClient, owner_headers: dict[str, str], refs: dict[str, int], headers_for: HeadersFor
) -> None:
    created = await post_teacher(client, owner_headers, form(refs))
    assert created.status_code == 201, created.text
    teacher = created.json()
    body = await me(client, await headers_for("mr_ahmed", PASSWORD))
    assert body["role"] == "teacher" and body["id"] == teacher["user_id"]
    assert body["profile"] == teacher


async def test_an_assistant_sees_their_assistant_object(
    client: httpx.AsyncClient, make_teacher: Callable[..., Any], headers_for: HeadersFor
) -> None:
    teacher = await make_teacher("teacher")
    assistant = await create_assistant(client, teacher, username="helper")
    body = await me(client, await headers_for("helper", assistant_body()["password"]))
    assert body["role"] == "assistant"
    assert body["profile"] == assistant


async def test_a_student_sees_their_student_object(
    client: httpx.AsyncClient, ref: Any, headers_for: HeadersFor
) -> None:
    student = await register(client, ref)
    body = await me(client, await headers_for(student["username"], student_body(ref)["password"]))
    assert body["role"] == "student"
    assert body["profile"] == student


async def test_a_site_owner_has_no_profile(client: httpx.AsyncClient, owner_headers: dict[str, str]) -> None:
    assert (await me(client, owner_headers))["profile"] is None
