"""Assistants over HTTP (Teacher API §1, SiteOwner API §4), on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any

import httpx
import pytest

from edutrack.composition import Container
from edutrack.core.actor import Role
from edutrack.core.entities.people import AssistantProfile
from edutrack.core.entities.users import User
from tests.support.assistants import LIST, PASSWORD, Teacher, body, create, detail
from tests.support.files import JPEG, PNG
from tests.support.http import (
    FORBIDDEN,
    NOT_FOUND,
    OWNER_PASSWORD,
    UNAUTHENTICATED,
    Headers,
    HeadersFor,
    MakeUser,
    StatementCounter,
    form,
)

pytestmark = pytest.mark.anyio

TEACHER_FIELDS = {
    "id": int,
    "user_id": int,
    "username": str,
    "name": str,
    "phone": str,
    "gmail": str,
    "gender": (str, type(None)),
    "profile_picture": (str, type(None)),
    "is_active": bool,
    "created_at": str,
    "teacher": int,
}
OWNER_FIELDS = {
    **{k: v for k, v in TEACHER_FIELDS.items() if k != "profile_picture"},
    "teacher_name": str,
}


def assert_shape(item: dict[str, Any], fields: dict[str, Any]) -> None:
    assert set(item) == set(fields)
    for name, kind in fields.items():
        assert isinstance(item[name], kind), (name, item[name])
    assert datetime.fromisoformat(item["created_at"].replace("Z", "+00:00")).tzinfo is not None


async def test_create_answers_the_teacher_view_with_every_field(
    client: httpx.AsyncClient, make_teacher: Callable[..., Any]
) -> None:
    teacher = await make_teacher("teacher")
    item = await create(client, teacher, profile_picture=("me.png", PNG, "image/png"), phone="+201112345678")
    assert_shape(item, TEACHER_FIELDS)
    assert {k: item[k] for k in ("username", "name", "phone", "gmail", "gender", "is_active", "teacher")} == {
        "username": "helper",
        "name": "Helper Hassan",
        "phone": "01112345678",
        "gmail": "helper@gmail.com",
        "gender": "male",
        "is_active": True,
        "teacher": teacher.id,
    }
    assert item["profile_picture"].startswith("http://testserver/media/assistants/")
    picture = await client.get(item["profile_picture"])
    assert picture.status_code == 200 and picture.content == PNG
    assert (await client.get(detail(item["id"]), headers=teacher.headers)).json() == item
    login = await client.post("/accounts/login/", json={"username": "helper", "password": PASSWORD})
    assert login.status_code == 200
    assert login.json()["user"] == {
        "id": item["user_id"],
        "username": "helper",
        "role": "assistant",
        "name": "Helper Hassan",
        "is_active": True,
    }
    bare = await create(client, teacher, username="bare", gender=None)
    assert (bare["gender"], bare["profile_picture"]) == (None, None)


async def test_permission_matrix(
    client: httpx.AsyncClient,
    make_teacher: Callable[..., Any],
    make_user: MakeUser,
    headers_for: HeadersFor,
    owner_headers: Headers,
) -> None:
    teacher = await make_teacher("teacher")
    other = await make_teacher("other")
    item = await create(client, teacher)
    assistant = await headers_for("helper", PASSWORD)
    student = await make_user(Role.STUDENT, "student")
    student_headers = await headers_for(student.username, OWNER_PASSWORD)
    target = detail(item["id"])
    calls = [
        ("GET", LIST, None),
        ("POST", LIST, form(**body("newcomer"))),
        ("GET", target, None),
        ("PUT", target, None),
        ("PATCH", target, None),
        ("DELETE", target, None),
    ]
    for method, url, files in calls:
        anonymous = await client.request(method, url, files=files)
        assert (anonymous.status_code, anonymous.json()) == (401, UNAUTHENTICATED), (method, url)
        for headers in (student_headers, assistant):
            refused = await client.request(method, url, files=files, headers=headers)
            assert (refused.status_code, refused.json()) == (403, FORBIDDEN), (method, url)
    for method, url, files in calls[1:]:  # the site owner only reads the list
        refused = await client.request(method, url, files=files, headers=owner_headers)
        assert (refused.status_code, refused.json()) == (403, FORBIDDEN), (method, url)
    for method in ("GET", "PUT", "PATCH", "DELETE"):
        hidden = await client.request(method, target, json={"name": "Stolen"}, headers=other.headers)
        assert (hidden.status_code, hidden.json()) == (404, NOT_FOUND), method
    assert (await client.get(detail(2**40), headers=teacher.headers)).json() == NOT_FOUND
    assert (await client.get(LIST, headers=other.headers)).json()["count"] == 0
    assert (await client.get(target, headers=teacher.headers)).json() == item


async def test_patch_and_put_accept_json_or_multipart(
    client: httpx.AsyncClient, make_teacher: Callable[..., Any], container: Container
) -> None:
    teacher = await make_teacher("teacher")
    item = await create(client, teacher, profile_picture=("a.png", PNG, "image/png"))
    url = detail(item["id"])
    patched = await client.patch(url, json={"name": "Renamed", "gender": None}, headers=teacher.headers)
    assert patched.status_code == 200, patched.text
    assert patched.json() == {**item, "name": "Renamed", "gender": None}
    old_picture = item["profile_picture"]
    replaced = await client.patch(
        url,
        files=form(phone="01512345678", profile_picture=("b.jpg", JPEG, "image/jpeg")),
        headers=teacher.headers,
    )
    assert replaced.status_code == 200, replaced.text
    new_picture = replaced.json()["profile_picture"]
    assert replaced.json()["phone"] == "01512345678" and new_picture.endswith(".jpg")
    assert (await client.get(new_picture)).content == JPEG
    assert (await client.get(old_picture)).status_code == 404  # the replaced file is gone
    bad = await client.patch(
        url, files=form(profile_picture=("x.png", b"nope", "image/png")), headers=teacher.headers
    )
    assert bad.status_code == 400 and list(bad.json()) == ["profile_picture"]
    wrong_type = await client.patch(url, json={"is_active": "maybe"}, headers=teacher.headers)
    assert wrong_type.status_code == 400 and list(wrong_type.json()) == ["is_active"]
    incomplete = await client.put(url, json={"name": "Only"}, headers=teacher.headers)
    assert incomplete.status_code == 400
    assert incomplete.json() == {
        "username": ["This field is required."],
        "phone": ["This field is required."],
        "gmail": ["This field is required."],
    }
    full = {"username": "renamed", "name": "Full", "phone": "01012345678", "gmail": "full@gmail.com"}
    put = await client.put(url, json=full, headers=teacher.headers)
    assert put.status_code == 200, put.text
    assert put.json() == {**replaced.json(), **full}
    login = await client.post("/accounts/login/", json={"username": "renamed", "password": PASSWORD})
    assert login.status_code == 200  # the password was kept
    form_put = await client.put(url, files=form(**full, password="Other-pass-22"), headers=teacher.headers)
    assert form_put.status_code == 200, form_put.text
    relogin = await client.post("/accounts/login/", json={"username": "renamed", "password": "Other-pass-22"})
    assert relogin.status_code == 200
    removed = await client.patch(url, json={"profile_picture": None}, headers=teacher.headers)
    assert removed.json()["profile_picture"] is None
    assert (await client.get(new_picture)).status_code == 404


async def test_deactivating_an_assistant_blocks_their_login_and_tokens(
    client: httpx.AsyncClient, make_teacher: Callable[..., Any], headers_for: HeadersFor
) -> None:
    teacher = await make_teacher("teacher")
    item = await create(client, teacher)
    token = await headers_for("helper", PASSWORD)
    patched = await client.patch(detail(item["id"]), files=form(is_active="false"), headers=teacher.headers)
    assert patched.status_code == 200 and patched.json()["is_active"] is False
    disabled = {"detail": "User account is disabled."}
    login = await client.post("/accounts/login/", json={"username": "helper", "password": PASSWORD})
    assert (login.status_code, login.json()) == (403, disabled)
    me = await client.get("/accounts/me/", headers=token)
    assert (me.status_code, me.json()) == (403, disabled)


async def test_delete_removes_the_account(
    client: httpx.AsyncClient, make_teacher: Callable[..., Any], headers_for: HeadersFor
) -> None:
    teacher = await make_teacher("teacher")
    item = await create(client, teacher, profile_picture=("a.png", PNG, "image/png"))
    token = await headers_for("helper", PASSWORD)
    deleted = await client.delete(detail(item["id"]), headers=teacher.headers)
    assert deleted.status_code == 204 and deleted.content == b""
    login = await client.post("/accounts/login/", json={"username": "helper", "password": PASSWORD})
    assert (login.status_code, login.json()) == (401, {"detail": "Invalid username or password."})
    assert (await client.get("/accounts/me/", headers=token)).status_code == 401
    assert (await client.get(item["profile_picture"])).status_code == 404
    assert (await client.get(detail(item["id"]), headers=teacher.headers)).json() == NOT_FOUND
    assert (await client.delete(detail(item["id"]), headers=teacher.headers)).status_code == 404
    again = await create(client, teacher)  # the username and gmail are free again
    assert again["username"] == "helper"


async def test_the_site_owner_lists_everyone_with_filters_and_pages(
    client: httpx.AsyncClient, make_teacher: Callable[..., Any], owner_headers: Headers
) -> None:
    first = await make_teacher("first", "First Teacher")
    second = await make_teacher("second", "Second Teacher")
    amal = await create(client, first, username="amal", name="Amal", phone="01011110000")
    basma = await create(client, first, username="basma", name="Basma", gmail="BASMA@Example.com")
    carim = await create(client, second, username="carim", name="Carim", profile_picture=("c.png", PNG, "x"))
    everyone = await client.get(LIST, headers=owner_headers)
    assert everyone.status_code == 200
    page = everyone.json()
    assert (page["count"], page["next"], page["previous"]) == (3, None, None)
    assert [r["id"] for r in page["results"]] == [carim["id"], basma["id"], amal["id"]]
    for row in page["results"]:
        assert_shape(row, OWNER_FIELDS)
    by_id = {r["id"]: r for r in page["results"]}
    assert by_id[carim["id"]] == {
        **{k: v for k, v in carim.items() if k != "profile_picture"},
        "teacher_name": "Second Teacher",
    }
    assert by_id[amal["id"]]["teacher_name"] == "First Teacher"

    async def ids(query: str) -> list[int]:
        response = await client.get(LIST + query, headers=owner_headers)
        assert response.status_code == 200, response.text
        return [r["id"] for r in response.json()["results"]]

    assert await ids(f"?teacher={first.id}") == [basma["id"], amal["id"]]
    assert await ids("?search=basma@example") == [basma["id"]]
    assert await ids("?search=1111") == [amal["id"]]
    assert await ids("?search=CARIM") == [carim["id"]]
    assert await ids(f"?teacher={second.id}&search=amal") == []
    assert await ids("?teacher=999") == []
    invalid = await client.get(LIST + "?teacher=abc", headers=owner_headers)
    assert (invalid.status_code, invalid.json()) == (400, {"teacher": ["A valid integer is required."]})
    paged = (await client.get(LIST + "?page_size=2&search=a", headers=owner_headers)).json()
    assert paged["count"] == 3 and len(paged["results"]) == 2  # "a" is in every gmail
    assert paged["next"] == "http://testserver/accounts/teacher/assistants/?page_size=2&search=a&page=2"
    second_page = (await client.get(paged["next"], headers=owner_headers)).json()
    assert [r["id"] for r in second_page["results"]] == [amal["id"]] and second_page["next"] is None
    assert (await client.get(LIST + "?all=true", headers=owner_headers)).json().keys() == {"count", "results"}
    assert (await client.get(LIST + "?page=9", headers=owner_headers)).json() == {"detail": "Invalid page."}
    mine = (await client.get(LIST, headers=first.headers)).json()
    assert [r["id"] for r in mine["results"]] == [basma["id"], amal["id"]]
    for row in mine["results"]:
        assert_shape(row, TEACHER_FIELDS)
    assert [
        r["id"] for r in (await client.get(LIST + "?search=amal", headers=first.headers)).json()["results"]
    ] == [amal["id"]]


async def _add_assistants(container: Container, teacher: Teacher, count: int, start: int) -> None:
    """Bulk rows straight through the unit of work (the HTTP path is covered above)."""
    now = container.clock.now()
    async with container.uow() as uow:
        for number in range(start, start + count):
            user = await uow.users.add(
                User(
                    username=f"bulk{number}",
                    password_hash="x",
                    role=Role.ASSISTANT,
                    name=f"Bulk {number}",
                    gmail=f"bulk{number}@gmail.com",
                    created_at=now,
                    updated_at=now,
                )
            )
            assert user.id is not None
            await uow.assistants.add(
                AssistantProfile(
                    user_id=user.id,
                    teacher_id=teacher.id,
                    phone="01112345678",
                    profile_picture=f"assistants/{number}.png",
                    created_at=now,
                    updated_at=now,
                )
            )
        await uow.commit()


async def test_lists_use_a_fixed_number_of_statements(
    client: httpx.AsyncClient,
    container: Container,
    make_teacher: Callable[..., Any],
    owner_headers: Headers,
    count_queries: Callable[[], AbstractContextManager[StatementCounter]],
) -> None:
    first = await make_teacher("first")
    second = await make_teacher("second")
    await _add_assistants(container, first, 1, 0)

    async def statements(headers: Headers) -> int:
        with count_queries() as counter:
            response = await client.get(LIST + "?all=true", headers=headers)
        assert response.status_code == 200
        return counter.count

    owner_small, teacher_small = await statements(owner_headers), await statements(first.headers)
    assert owner_small <= 3 and teacher_small <= 3  # the principal, the COUNT and the page
    await _add_assistants(container, first, 15, 1)
    await _add_assistants(container, second, 14, 16)
    assert (await client.get(LIST, headers=owner_headers)).json()["count"] == 30
    assert await statements(owner_headers) == owner_small
    assert await statements(first.headers) == teacher_small
