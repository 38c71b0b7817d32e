"""Assistants' request bodies over HTTP (Teacher API §1): every field error at once, nothing written; on
SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from edutrack.core import messages as m
from edutrack.core.actor import Role
from edutrack.core.use_cases.assistants.create_assistant import GMAIL_TAKEN, USERNAME_TAKEN
from edutrack.entrypoints.http.uploads import NOT_A_FILE
from tests.support.assistants import LIST, body, create, detail
from tests.support.files import PNG
from tests.support.http import MakeUser, form

pytestmark = pytest.mark.anyio


async def test_create_errors_are_field_errors(
    client: httpx.AsyncClient, make_teacher: Callable[..., Any], make_user: MakeUser
) -> None:
    teacher = await make_teacher("teacher")
    await make_user(Role.STUDENT, "taken", gmail="Taken@Mail.com")

    async def post(**fields: Any) -> httpx.Response:
        return await client.post(LIST, files=form(**fields), headers=teacher.headers)

    duplicate = await post(**body(username="TAKEN", gmail="taken@mail.COM"))
    assert duplicate.status_code == 400
    assert duplicate.json() == {"username": [USERNAME_TAKEN], "gmail": [GMAIL_TAKEN]}
    phone = await post(**body(phone="0201234"))
    assert phone.json() == {
        "phone": ["Phone number must be exactly 11 digits and start with 010, 011, 012 or 015."]
    }
    weak = await post(**body(password="short"))
    assert weak.status_code == 400 and weak.json()["password"][0] == "Password validation error"
    missing = await post(name="Only a name")  # every missing field is named
    assert (missing.status_code, missing.json()) == (
        400,
        {field: ["This field is required."] for field in ("username", "password", "phone", "gmail")},
    )
    for filename, content in (("fake.png", b"GIF89a not really"), ("doc.pdf", PNG)):
        bad = await post(**body(), profile_picture=(filename, content, "image/png"))
        assert bad.status_code == 400 and list(bad.json()) == ["profile_picture"], bad.text
    gender = await post(**body(gender="other"))
    assert gender.json() == {"gender": ['"other" is not a valid choice.']}
    listed = await client.get(LIST, headers=teacher.headers)
    assert listed.json()["count"] == 0


async def test_an_image_over_five_megabytes_is_refused(
    client: httpx.AsyncClient, make_teacher: Callable[..., Any]
) -> None:
    teacher = await make_teacher("teacher")
    big = PNG + b"\x00" * (5 * 1024 * 1024)
    response = await client.post(
        LIST, files=form(**body(), profile_picture=("big.png", big, "image/png")), headers=teacher.headers
    )
    assert (response.status_code, response.json()) == (
        400,
        {"profile_picture": ["Image too large. Size should not exceed 5 MB."]},
    )


async def test_every_field_error_of_a_body_comes_at_once_and_nothing_is_written(
    client: httpx.AsyncClient, make_teacher: Callable[..., Any]
) -> None:
    teacher = await make_teacher("teacher")
    required = {field: [m.REQUIRED] for field in ("username", "password", "name", "phone", "gmail")}
    for refused in (
        await client.post(LIST, json={}, headers=teacher.headers),
        await client.post(LIST, headers=teacher.headers),  # no body at all
        await client.post(LIST, files=form(unrelated="x"), headers=teacher.headers),
    ):
        assert (refused.status_code, refused.json()) == (400, required)
    too_long = await client.post(
        LIST,
        files=form(**body(username="u" * 151, phone="0" * 21), profile_picture=("a.png", PNG, "image/png")),
        headers=teacher.headers,
    )
    assert (too_long.status_code, too_long.json()) == (
        400,
        {"username": [m.max_length(150)], "phone": [m.max_length(20)]},
    )
    assert (await client.get(LIST, headers=teacher.headers)).json()["count"] == 0

    item = await create(client, teacher)
    url = detail(item["id"])
    put = await client.put(url, json={"gender": "other", "is_active": True}, headers=teacher.headers)
    assert (put.status_code, put.json()) == (
        400,
        {
            "username": [m.REQUIRED],
            "name": [m.REQUIRED],
            "phone": [m.REQUIRED],
            "gmail": [m.REQUIRED],
            "gender": [m.invalid_choice("other")],
        },
    )
    wrong = await client.patch(url, json={"is_active": "maybe", "username": 5}, headers=teacher.headers)
    assert (wrong.status_code, wrong.json()) == (
        400,
        {"is_active": [m.INVALID_BOOLEAN], "username": [m.INVALID_STRING]},
    )
    form_patch = await client.patch(
        url, files=form(gender="other", profile_picture="not a file"), headers=teacher.headers
    )
    assert (form_patch.status_code, form_patch.json()) == (
        400,
        {"gender": [m.invalid_choice("other")], "profile_picture": [NOT_A_FILE]},
    )
    assert (await client.get(url, headers=teacher.headers)).json() == item
    other = await make_teacher("other")
    hidden = await client.put(url, json={"gender": "other"}, headers=other.headers)
    assert (hidden.status_code, hidden.json()) == (404, {"detail": "Not found."})  # the owner first
