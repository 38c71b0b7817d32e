"""Appsembler accounts over HTTP (issue #14), on SQLite and PostgreSQL: create (exact 200/400/409 bodies,
nothing written on refusal, a verified student who can log in, audited) and get-user."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import func, select

from edutrack.adapters.sql.tables.auth import UserModel
from edutrack.adapters.sql.tables.integrations import IntegrationAuditModel
from edutrack.adapters.sql.tables.students import StudentProfileModel
from edutrack.composition import Container
from edutrack.core.actor import Role
from tests.support.http import MakeUser
from tests.support.integrations import integration_client

pytestmark = pytest.mark.anyio

CREATE = "/appsembler_api/v0/accounts/create"
WRONG = {"user_message": "Wrong parameters on user creation"}
EXISTS = {"user_message": "User already exists"}
GOOD = {"username": "staff55", "password": "Edx-pass-55", "email": "staff55@example.com", "name": "stafftest"}


async def _counts(container: Container) -> tuple[int, int, int]:
    assert container.write_sessions is not None
    async with container.write_sessions() as session:
        return tuple(  # type: ignore[return-value]
            [
                int(await session.scalar(select(func.count()).select_from(model)) or 0)
                for model in (UserModel, StudentProfileModel, IntegrationAuditModel)
            ]
        )


async def test_create_makes_a_verified_student_who_can_log_in(
    client: httpx.AsyncClient, container: Container
) -> None:
    partner = await integration_client(container)
    response = await client.post(CREATE + "/", json=GOOD, headers=partner.headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert list(body) == ["user_id "]
    user_id = body["user_id "]
    async with container.write_sessions() as session:  # type: ignore[misc]
        user = (await session.execute(select(UserModel).where(UserModel.id == user_id))).scalar_one()
        profile = (
            await session.execute(select(StudentProfileModel).where(StudentProfileModel.user_id == user_id))
        ).scalar_one()
        audit = (await session.execute(select(IntegrationAuditModel))).scalar_one()
    assert (user.username, user.gmail, user.name, user.role) == (
        "staff55",
        "staff55@example.com",
        "stafftest",
        "student",
    )
    assert (profile.status, profile.name_en, profile.national_id, profile.governorate_id) == (
        "verified",
        "stafftest",
        None,
        None,
    )
    assert (audit.client_pk, audit.action, audit.target) == (partner.pk, "account_created", "staff55")
    login = await client.post("/accounts/token/", json={"username": "staff55", "password": GOOD["password"]})
    assert login.status_code == 200, login.text

    found = await client.get("/appsembler_api/v0/accounts/get-user/STAFF55", headers=partner.headers)
    assert (found.status_code, found.json()) == (200, {"user_id ": "staff55"})
    missing = await client.get("/appsembler_api/v0/accounts/get-user/nobody/", headers=partner.headers)
    assert (missing.status_code, missing.json()) == (404, {"detail": "Not found"})


async def test_form_body_works(client: httpx.AsyncClient, container: Container) -> None:
    partner = await integration_client(container)
    response = await client.post(CREATE, data=GOOD, headers=partner.headers)
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    "body",
    [
        {},
        {k: v for k, v in GOOD.items() if k != "name"},
        {**GOOD, "password": "edx"},
        {**GOOD, "password": 12345678},
        {**GOOD, "email": "not-an-email"},
        {**GOOD, "username": "bad name!"},
        {**GOOD, "name": "   "},
        ["not", "an", "object"],
    ],
)
async def test_wrong_parameters_write_nothing(
    client: httpx.AsyncClient, container: Container, body: object
) -> None:
    partner = await integration_client(container)
    before = await _counts(container)
    response = await client.post(CREATE, json=body, headers=partner.headers)
    assert (response.status_code, response.json()) == (400, WRONG)
    assert await _counts(container) == before


async def test_malformed_json_is_wrong_parameters(client: httpx.AsyncClient, container: Container) -> None:
    partner = await integration_client(container)
    headers = {**partner.headers, "Content-Type": "application/json"}
    response = await client.post(CREATE, content=b'{"username": ', headers=headers)
    assert (response.status_code, response.json()) == (400, WRONG)


async def test_taken_username_or_email_across_roles_is_409(
    client: httpx.AsyncClient, container: Container, make_user: MakeUser
) -> None:
    await make_user(Role.TEACHER, "Staff55", gmail="other@example.com")
    await make_user(Role.ASSISTANT, "someone", gmail="STAFF55@example.com")
    partner = await integration_client(container)
    before = await _counts(container)
    for body in (GOOD, {**GOOD, "username": "fresh"}, {**GOOD, "email": "fresh@example.com"}):
        response = await client.post(CREATE, json=body, headers=partner.headers)
        assert (response.status_code, response.json()) == (409, EXISTS), body
    assert await _counts(container) == before
