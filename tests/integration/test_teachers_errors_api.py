"""Teacher management over HTTP (SiteOwner §1), on SQLite and PostgreSQL: the documented error bodies,
every wrong or missing field of a body in one answer, nothing written when any rule fails."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from edutrack.core.actor import Role
from tests.support.http import NOT_FOUND, Headers, MakeUser
from tests.support.teachers import PASSWORD, URL, form, post_teacher

pytestmark = pytest.mark.anyio


async def test_create_errors_use_the_documented_bodies(
    client: httpx.AsyncClient, owner_headers: Headers, refs: dict[str, int], make_user: MakeUser
) -> None:
    await make_user(Role.STUDENT, "taken", gmail="taken@gmail.com")
    cases: list[tuple[dict[str, Any], dict[str, list[str]]]] = [
        (form(refs, username="TAKEN"), {"username": ["Username already exists."]}),
        (
            form(refs, gmail="Taken@Gmail.com"),
            {"gmail": ["This email is already associated with an account."]},
        ),
        (
            form(refs, phone="0201234567"),
            {"phone": ["Phone number must be exactly 11 digits and start with 010, 011, 012 or 015."]},
        ),
        (
            form(refs, password="12345678"),
            {"password": ["Password validation error", "This password is entirely numeric."]},
        ),
        (form(refs, subject="99"), {"subject": ['Invalid pk "99" - object does not exist.']}),
        (form(refs, grades=["98"]), {"grades": ['Invalid pk "98" - object does not exist.']}),
        (form(refs, video_security="97"), {"video_security": ['Invalid pk "97" - object does not exist.']}),
        (
            form(refs, subject=str(refs["physics"])),
            {"grades": ["Grade First is not taught in subject Physics."]},
        ),
        (form(refs, gender="other"), {"gender": ['"other" is not a valid choice.']}),
        (form(refs, grades=None), {"grades": ["This field is required."]}),
        (form(refs, gmail="not-an-email"), {"gmail": ["Enter a valid email address."]}),
    ]
    for data, body in cases:
        response = await post_teacher(client, owner_headers, data)
        assert (response.status_code, response.json()) == (400, body), data
    assert (await client.get(URL, headers=owner_headers)).json()["count"] == 0


async def test_an_empty_create_names_every_required_field_and_writes_nothing(
    client: httpx.AsyncClient, owner_headers: Headers, refs: dict[str, int]
) -> None:
    response = await post_teacher(client, owner_headers, {})
    required = ["username", "password", "name", "phone", "gmail", "gender", "subject", "grades"]
    assert (response.status_code, response.json()) == (
        400,
        {name: ["This field is required."] for name in required},
    )
    as_json = await client.post(URL, json={}, headers=owner_headers)
    assert (as_json.status_code, as_json.json()) == (400, response.json())
    assert (await client.get(URL, headers=owner_headers)).json()["count"] == 0


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        (
            {"gender": "other", "subject": "abc"},
            {"gender": ['"other" is not a valid choice.'], "subject": ["A valid integer is required."]},
        ),
        (
            {"name": "  ", "facebook": "x" * 256},
            {
                "name": ["This field may not be blank."],
                "facebook": ["Ensure this field has no more than 255 characters."],
            },
        ),
    ],
)
async def test_two_wrong_fields_are_both_named_and_nothing_is_written(
    client: httpx.AsyncClient,
    owner_headers: Headers,
    refs: dict[str, int],
    overrides: dict[str, Any],
    errors: dict[str, list[str]],
) -> None:
    response = await post_teacher(client, owner_headers, form(refs, **overrides))
    assert (response.status_code, response.json()) == (400, errors)
    assert (await client.get(URL, headers=owner_headers)).json()["count"] == 0
    login = await client.post("/accounts/login/", json={"username": "mr_ahmed", "password": PASSWORD})
    assert login.status_code == 401


async def test_patch_errors(
    client: httpx.AsyncClient, owner_headers: Headers, refs: dict[str, int], make_user: MakeUser
) -> None:
    item = (await post_teacher(client, owner_headers, form(refs))).json()
    detail = f"{URL}{item['id']}/"
    await make_user(Role.ASSISTANT, "helper", gmail="helper@gmail.com")
    cases: list[tuple[dict[str, Any], dict[str, list[str]]]] = [
        ({"gmail": "HELPER@gmail.com"}, {"gmail": ["This email is already associated with an account."]}),
        ({"subject": refs["physics"]}, {"grades": ["Grade First is not taught in subject Physics."]}),
        ({"grades": []}, {"grades": ["This list may not be empty."]}),
        (
            {"profile_picture": "http://elsewhere/x.png"},
            {"profile_picture": ["The submitted data was not a file. Check the encoding type on the form."]},
        ),
    ]
    for body, expected in cases:
        response = await client.patch(detail, json=body, headers=owner_headers)
        assert (response.status_code, response.json()) == (400, expected), body
    no_subject = await client.patch(detail, json={"subject": None}, headers=owner_headers)
    assert no_subject.status_code == 400 and list(no_subject.json()) == ["subject"]
    own = await client.patch(detail, json={"gmail": "AHMED@gmail.com"}, headers=owner_headers)
    assert own.status_code == 200 and own.json()["gmail"] == "AHMED@gmail.com"
    missing = await client.patch(f"{URL}{item['id'] + 1000}/", json={"name": "X"}, headers=owner_headers)
    assert (missing.status_code, missing.json()) == (404, NOT_FOUND)
