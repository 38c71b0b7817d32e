"""OAuth2 client credentials and the authentication of the Appsembler routes (issue #14), on SQLite and
PostgreSQL: the token endpoint's bodies, expiry by the clock, revocation at once, and the wall between user
tokens and client tokens."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy import func, select

from edutrack.adapters.clock import FrozenClock
from edutrack.adapters.sql.tables.integrations import OAuthTokenModel
from edutrack.composition import Container, build_container
from edutrack.core.actor import SYSTEM
from edutrack.core.entities.integrations import TOKEN_LIFETIME_SECONDS
from edutrack.core.policies.oauth import digest
from edutrack.core.use_cases.integrations.clients import RevokeOAuthClient
from edutrack.settings import Settings
from tests.support.integrations import integration_client

pytestmark = pytest.mark.anyio

TOKEN = "/oauth2/access_token/"
GET_USER = "/appsembler_api/v0/accounts/get-user/owner"
NOT_PROVIDED = {"detail": "Authentication credentials were not provided."}
INVALID_TOKEN = {"detail": "Invalid Token."}


@pytest.fixture
async def container(settings: Settings) -> AsyncIterator[Container]:
    container = build_container(settings, clock=FrozenClock(datetime.now(UTC)))
    yield container
    await container.dispose()


async def _token_rows(container: Container) -> int:
    assert container.write_sessions is not None
    async with container.write_sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(OAuthTokenModel)) or 0)


async def test_form_and_json_grants_issue_hashed_tokens(
    client: httpx.AsyncClient, container: Container
) -> None:
    partner = await integration_client(container)
    form = {
        "grant_type": "client_credentials",
        "client_id": partner.client_id,
        "client_secret": partner.client_secret,
    }
    by_form = await client.post(TOKEN, data=form)
    by_json = await client.post(TOKEN, json=form)
    for response in (by_form, by_json):
        assert response.status_code == 200, response.text
        body = response.json()
        assert set(body) == {"access_token", "token_type", "expires_in", "scope"}
        assert (body["token_type"], body["expires_in"], body["scope"]) == ("Bearer", 36000, "read write")
    token = by_form.json()["access_token"]
    assert token != by_json.json()["access_token"]
    async with container.write_sessions() as session:  # type: ignore[misc]
        stored = set((await session.execute(select(OAuthTokenModel.token_hash))).scalars())
    assert digest(token) in stored and token not in stored
    answer = await client.get(GET_USER, headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 404  # authenticated: no such user


@pytest.mark.parametrize(
    ("body", "status", "error"),
    [
        ({}, 400, "invalid_request"),
        ({"grant_type": "password", "client_id": "x", "client_secret": "y"}, 400, "unsupported_grant_type"),
        ({"grant_type": "client_credentials", "client_id": "x"}, 400, "invalid_request"),
        (
            {"grant_type": "client_credentials", "client_id": "nobody", "client_secret": "y"},
            401,
            "invalid_client",
        ),
        ({"grant_type": ["client_credentials"], "client_id": 1, "client_secret": 2}, 400, "invalid_request"),
    ],
)
async def test_token_errors_are_rfc6749_and_write_nothing(
    client: httpx.AsyncClient, container: Container, body: dict[str, object], status: int, error: str
) -> None:
    await integration_client(container)
    before = await _token_rows(container)
    response = await client.post(TOKEN, json=body)
    assert (response.status_code, response.json()) == (status, {"error": error})
    assert await _token_rows(container) == before


async def test_wrong_secret_and_malformed_body(client: httpx.AsyncClient, container: Container) -> None:
    partner = await integration_client(container)
    before = await _token_rows(container)
    wrong = {"grant_type": "client_credentials", "client_id": partner.client_id, "client_secret": "guess"}
    response = await client.post(TOKEN, data=wrong)
    assert (response.status_code, response.json()) == (401, {"error": "invalid_client"})
    broken = await client.post(TOKEN, content=b"{not json", headers={"Content-Type": "application/json"})
    assert (broken.status_code, broken.json()) == (400, {"error": "invalid_request"})
    assert await _token_rows(container) == before


async def test_missing_bad_expired_and_revoked_tokens(
    client: httpx.AsyncClient, container: Container
) -> None:
    partner = await integration_client(container)
    missing = await client.get(GET_USER)
    assert (missing.status_code, missing.json()) == (401, NOT_PROVIDED)
    bad = await client.get(GET_USER, headers={"Authorization": "Bearer not-a-token"})
    assert (bad.status_code, bad.json()) == (401, INVALID_TOKEN)
    assert (await client.get(GET_USER, headers=partner.headers)).status_code == 404
    clock = container.clock
    assert isinstance(clock, FrozenClock)
    clock.advance(seconds=TOKEN_LIFETIME_SECONDS - 1)
    assert (await client.get(GET_USER, headers=partner.headers)).status_code == 404
    clock.advance(seconds=1)
    expired = await client.get(GET_USER, headers=partner.headers)
    assert (expired.status_code, expired.json()) == (401, INVALID_TOKEN)

    fresh = await integration_client(container)
    assert (await client.get(GET_USER, headers=fresh.headers)).status_code == 404
    await container.get(RevokeOAuthClient).execute(SYSTEM, fresh.client_id)
    revoked = await client.get(GET_USER, headers=fresh.headers)
    assert (revoked.status_code, revoked.json()) == (401, INVALID_TOKEN)
    again = await client.post(
        TOKEN,
        data={
            "grant_type": "client_credentials",
            "client_id": fresh.client_id,
            "client_secret": fresh.client_secret,
        },
    )
    assert (again.status_code, again.json()) == (401, {"error": "invalid_client"})


async def test_user_tokens_never_open_appsembler_and_client_tokens_open_nothing_else(
    client: httpx.AsyncClient, container: Container, owner_headers: dict[str, str]
) -> None:
    partner = await integration_client(container)
    by_user = await client.get(GET_USER, headers=owner_headers)
    assert (by_user.status_code, by_user.json()) == (401, INVALID_TOKEN)
    cookie = owner_headers["Authorization"].split()[1]
    client.cookies.set("access_token", cookie)
    by_cookie = await client.get(GET_USER)
    assert (by_cookie.status_code, by_cookie.json()) == (401, NOT_PROVIDED)
    client.cookies.clear()
    for path in ("/integrations/audit/", "/accounts/me/"):
        response = await client.get(path, headers=partner.headers)
        assert response.status_code == 401, (path, response.text)
