"""CORS for a frontend on another origin (``EDUTRACK_CORS_ORIGINS``): preflights answered before
authentication, cookie requests from a listed origin answered with the CORS headers and trusted by the CSRF
check, and nothing at all for an origin that is not listed. HTTP behaviour only, so SQLite is enough."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from litestar import Litestar

from edutrack.composition import Container
from edutrack.core.actor import Role
from edutrack.entrypoints.http.app import create_app
from edutrack.entrypoints.http.logging import RequestLogMiddleware
from edutrack.settings import Settings
from tests.support.databases import database
from tests.support.http import BASE_URL, OWNER_PASSWORD, MakeUser

FRONTEND = "http://localhost:3000"
REFUSED = "http://evil.example"
CSRF = {"detail": "CSRF Failed: Origin checking failed."}
NEW_PASSWORD = "New-pass-2026"

pytestmark = pytest.mark.anyio


@pytest.fixture
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    async with database("sqlite", request, tmp_path) as url:
        yield url


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return dataclasses.replace(settings, cors_origins=(FRONTEND,))


def access_control(response: httpx.Response) -> dict[str, str]:
    return {k: v for k, v in response.headers.items() if k.lower().startswith("access-control-")}


def preflight(method: str, headers: str, origin: str = FRONTEND) -> dict[str, str]:
    return {
        "Origin": origin,
        "Access-Control-Request-Method": method,
        "Access-Control-Request-Headers": headers,
    }


async def test_a_preflight_from_a_listed_origin_is_answered_before_authentication(
    client: httpx.AsyncClient,
) -> None:
    response = await client.options(
        "/courses/lectures/1/purchase/", headers=preflight("POST", "content-type, idempotency-key")
    )
    assert response.status_code == 204  # not the 401 of AuthenticationMiddleware
    assert response.headers["access-control-allow-origin"] == FRONTEND
    assert response.headers["access-control-allow-credentials"] == "true"
    assert "POST" in response.headers["access-control-allow-methods"].split(", ")
    allowed = {h.strip().lower() for h in response.headers["access-control-allow-headers"].split(",")}
    assert {"content-type", "idempotency-key", "authorization"} <= allowed
    assert "Origin" in response.headers["vary"]
    for method in ("PUT", "PATCH", "DELETE"):
        answer = await client.options("/accounts/me/", headers=preflight(method, "content-type"))
        assert answer.status_code == 204 and method in answer.headers["access-control-allow-methods"]


async def test_a_preflight_from_another_origin_gets_no_cors_header(client: httpx.AsyncClient) -> None:
    response = await client.options("/accounts/me/", headers=preflight("PUT", "content-type", REFUSED))
    assert response.status_code == 400
    assert access_control(response) == {}
    lookalike = await client.options(
        "/accounts/me/", headers=preflight("PUT", "content-type", "http://localhost:3000.evil.example")
    )
    assert lookalike.status_code == 400 and access_control(lookalike) == {}


async def test_a_preflight_asking_for_an_unknown_header_is_refused(client: httpx.AsyncClient) -> None:
    response = await client.options("/accounts/me/", headers=preflight("PUT", "x-something-else"))
    assert response.status_code == 400
    assert "access-control-allow-origin" not in response.headers


async def test_cookie_requests_from_the_listed_origin_pass_the_csrf_check(
    client: httpx.AsyncClient, make_user: MakeUser
) -> None:
    await make_user(Role.SITE_OWNER, "owner")
    # what a browser on localhost:3000 sends to localhost:8000 with credentials: 'include'
    browser = {"Origin": FRONTEND, "Sec-Fetch-Site": "same-site"}
    login = await client.post(
        "/accounts/login/", json={"username": "owner", "password": OWNER_PASSWORD}, headers=browser
    )
    assert login.status_code == 200
    assert login.headers["access-control-allow-origin"] == FRONTEND
    assert "access_token" in client.cookies

    me = await client.get("/accounts/me/", headers=browser)
    assert me.status_code == 200 and me.json()["username"] == "owner"
    assert me.headers["access-control-allow-origin"] == FRONTEND
    assert me.headers["access-control-allow-credentials"] == "true"
    exposed = me.headers["access-control-expose-headers"].split(", ")
    assert {"Retry-After", "Content-Disposition", "Idempotent-Replayed"} <= set(exposed)

    body = {"old_password": OWNER_PASSWORD, "new_password": NEW_PASSWORD}
    changed = await client.post("/accounts/change-password/", json=body, headers=browser)
    assert changed.status_code == 200, changed.text
    assert changed.headers["access-control-allow-origin"] == FRONTEND
    relogin = await client.post("/accounts/token/", json={"username": "owner", "password": NEW_PASSWORD})
    assert relogin.status_code == 200


async def test_cookie_requests_from_another_origin_get_the_csrf_403_and_no_cors_header(
    client: httpx.AsyncClient, make_user: MakeUser
) -> None:
    await make_user(Role.SITE_OWNER, "owner")
    login = await client.post("/accounts/login/", json={"username": "owner", "password": OWNER_PASSWORD})
    assert login.status_code == 200
    body = {"old_password": OWNER_PASSWORD, "new_password": NEW_PASSWORD}
    refused = await client.post("/accounts/change-password/", json=body, headers={"Origin": REFUSED})
    assert refused.status_code == 403 and refused.json() == CSRF
    assert access_control(refused) == {}
    read = await client.get("/accounts/me/", headers={"Origin": REFUSED})
    assert read.status_code == 200  # a read is no CSRF risk; the browser hides it without the header
    assert access_control(read) == {}
    assert "Origin" in read.headers["vary"]
    unchanged = await client.post("/accounts/token/", json={"username": "owner", "password": OWNER_PASSWORD})
    assert unchanged.status_code == 200


async def test_same_origin_requests_stay_as_they_were(client: httpx.AsyncClient, make_user: MakeUser) -> None:
    await make_user(Role.SITE_OWNER, "owner")
    await client.post("/accounts/login/", json={"username": "owner", "password": OWNER_PASSWORD})
    body = {"old_password": OWNER_PASSWORD, "new_password": NEW_PASSWORD}
    changed = await client.post("/accounts/change-password/", json=body, headers={"Origin": BASE_URL})
    assert changed.status_code == 200
    assert access_control(changed) == {}


@pytest.fixture
async def plain_client(settings: Settings, container: Container) -> AsyncIterator[httpx.AsyncClient]:
    """The same application without EDUTRACK_CORS_ORIGINS."""
    app: Litestar = create_app(dataclasses.replace(settings, cors_origins=()), container)
    transport = httpx.ASGITransport(app=RequestLogMiddleware(app))
    async with app.lifespan(), httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        yield client


async def test_without_the_setting_the_api_answers_no_cors(plain_client: httpx.AsyncClient) -> None:
    response = await plain_client.options("/accounts/me/", headers=preflight("GET", "authorization"))
    assert response.status_code == 401
    assert access_control(response) == {}
    read = await plain_client.get("/health/", headers={"Origin": FRONTEND})
    assert access_control(read) == {}
