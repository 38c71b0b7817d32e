"""Every auth flow of §3 over HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import update

from edutrack.adapters.sql.tables.auth import RefreshTokenModel
from edutrack.composition import Container
from edutrack.core.actor import Role
from tests.support.http import BASE_URL, OWNER_PASSWORD, HeadersFor, MakeUser

pytestmark = pytest.mark.anyio

SAME_ORIGIN = {"Origin": BASE_URL}
INVALID_REFRESH = {"error": "Invalid or expired refresh token"}
NO_CREDENTIALS = {"detail": "Authentication credentials were not provided."}


async def login(client: httpx.AsyncClient, username: str, password: str = OWNER_PASSWORD) -> httpx.Response:
    return await client.post("/accounts/login/", json={"username": username, "password": password})


async def test_login_sets_httponly_cookies_and_returns_the_user(
    client: httpx.AsyncClient, make_user: MakeUser
) -> None:
    user = await make_user(Role.SITE_OWNER, "owner")
    response = await login(client, "owner")
    assert response.status_code == 200
    assert response.json() == {
        "user": {"id": user.id, "username": "owner", "role": "site_owner", "name": "owner", "is_active": True}
    }
    cookies = {c.split("=", 1)[0]: c.lower() for c in response.headers.get_list("set-cookie")}
    assert set(cookies) == {"access_token", "refresh_token"}
    for raw in cookies.values():
        assert "httponly" in raw and "samesite=lax" in raw
    assert "max-age=900" in cookies["access_token"]
    assert "max-age=604800" in cookies["refresh_token"]

    me = await client.get("/accounts/me/")  # the cookie authenticates
    assert me.status_code == 200
    assert me.json() == {
        "id": user.id,
        "username": "owner",
        "role": "site_owner",
        "name": "owner",
        "is_active": True,
        "profile": None,
    }


async def test_token_endpoint_gives_bearer_tokens(client: httpx.AsyncClient, make_user: MakeUser) -> None:
    await make_user(Role.TEACHER, "teacher1")
    response = await client.post(
        "/accounts/token/", json={"username": "teacher1", "password": OWNER_PASSWORD}
    )
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"access", "refresh"}
    assert "set-cookie" not in response.headers
    me = await client.get("/accounts/me", headers={"Authorization": f"Bearer {body['access']}"})
    assert me.status_code == 200 and me.json()["role"] == "teacher"


async def test_wrong_password_and_unknown_username_give_the_same_401(
    client: httpx.AsyncClient, make_user: MakeUser
) -> None:
    await make_user(Role.SITE_OWNER, "owner")
    wrong = await login(client, "owner", "Wrong-pass-9")
    unknown = await login(client, "ghost", "Wrong-pass-9")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json() == {"detail": "Invalid username or password."}


async def test_failed_logins_are_throttled_with_429(client: httpx.AsyncClient, make_user: MakeUser) -> None:
    await make_user(Role.SITE_OWNER, "owner")
    for _ in range(5):
        assert (await login(client, "owner", "Wrong-pass-9")).status_code == 401
    throttled = await login(client, "owner")
    assert throttled.status_code == 429
    assert throttled.json() == {"detail": "Too many attempts. Try again later."}
    assert throttled.headers["retry-after"] == "900"


async def test_anonymous_requests_get_401(client: httpx.AsyncClient) -> None:
    for response in (
        await client.get("/accounts/me/"),
        await client.get("/accounts/me/", headers={"Authorization": "Bearer junk"}),
    ):
        assert response.status_code == 401
        assert response.json() == NO_CREDENTIALS


async def age_rotations(container: Container, seconds: int) -> None:
    """Date every rotation ``seconds`` back, instead of sleeping through the grace window."""
    assert container.write_sessions is not None
    async with container.write_sessions() as session:
        await session.execute(
            update(RefreshTokenModel)
            .where(RefreshTokenModel.used_at.is_not(None))
            .values(used_at=datetime.now(UTC) - timedelta(seconds=seconds))
        )
        await session.commit()


async def test_refresh_rotates_and_a_reused_token_revokes_the_family(
    client: httpx.AsyncClient, make_user: MakeUser, container: Container
) -> None:
    await make_user(Role.SITE_OWNER, "owner")
    first = (
        await client.post("/accounts/token/", json={"username": "owner", "password": OWNER_PASSWORD})
    ).json()
    rotated = await client.post("/accounts/token/refresh/", json={"refresh": first["refresh"]})
    assert rotated.status_code == 200
    second = rotated.json()
    assert set(second) == {"access", "refresh"} and second["refresh"] != first["refresh"]

    await age_rotations(container, seconds=11)  # past the grace window
    reused = await client.post("/accounts/token/refresh/", json={"refresh": first["refresh"]})
    assert reused.status_code == 401
    assert reused.json() == INVALID_REFRESH
    # the family is revoked: the token handed out by the legitimate rotation is dead too
    after = await client.post("/accounts/token/refresh/", json={"refresh": second["refresh"]})
    assert after.status_code == 401 and after.json() == INVALID_REFRESH


async def test_refresh_from_the_cookie_sets_new_cookies(
    client: httpx.AsyncClient, make_user: MakeUser
) -> None:
    await make_user(Role.SITE_OWNER, "owner")
    await login(client, "owner")
    old_refresh = client.cookies.get("refresh_token")
    response = await client.post("/accounts/token/refresh/", headers=SAME_ORIGIN)
    assert response.status_code == 200
    assert client.cookies.get("refresh_token") not in (None, old_refresh)
    assert (await client.get("/accounts/me/")).status_code == 200


async def test_refresh_with_garbage_is_401(client: httpx.AsyncClient) -> None:
    for body in ({"refresh": "junk"}, {}, None):
        response = await client.post("/accounts/token/refresh/", json=body)
        assert response.status_code == 401 and response.json() == INVALID_REFRESH


async def test_logout_revokes_and_clears_cookies(client: httpx.AsyncClient, make_user: MakeUser) -> None:
    await make_user(Role.SITE_OWNER, "owner")
    await login(client, "owner")
    refresh = client.cookies.get("refresh_token")
    response = await client.post("/accounts/logout/", headers=SAME_ORIGIN)
    assert response.status_code == 200 and response.json() == {"detail": "Logged out."}
    cleared = [c.lower() for c in response.headers.get_list("set-cookie")]
    assert any(c.startswith("access_token=") for c in cleared) and any(
        c.startswith("refresh_token=") for c in cleared
    )
    assert all("max-age=0" in c or "expires=thu, 01 jan 1970" in c for c in cleared)
    assert (await client.get("/accounts/me/")).status_code == 401
    again = await client.post("/accounts/token/refresh/", json={"refresh": refresh})
    assert again.status_code == 401


async def test_change_password_revokes_other_sessions(
    client: httpx.AsyncClient, make_user: MakeUser, headers_for: HeadersFor
) -> None:
    await make_user(Role.SITE_OWNER, "owner")
    other = (
        await client.post("/accounts/token/", json={"username": "owner", "password": OWNER_PASSWORD})
    ).json()
    headers = await headers_for("owner")
    wrong = await client.post(
        "/accounts/change-password/",
        json={"old_password": "nope-nope-1", "new_password": "New-pass-2026"},
        headers=headers,
    )
    assert wrong.status_code == 400 and wrong.json() == {"old_password": ["Wrong password."]}
    weak = await client.post(
        "/accounts/change-password/",
        json={"old_password": OWNER_PASSWORD, "new_password": "123"},
        headers=headers,
    )
    assert weak.status_code == 400 and weak.json()["new_password"][0] == "Password validation error"
    ok = await client.post(
        "/accounts/change-password/",
        json={"old_password": OWNER_PASSWORD, "new_password": "New-pass-2026"},
        headers=headers,
    )
    assert ok.status_code == 200
    assert (
        await client.post("/accounts/token/refresh/", json={"refresh": other["refresh"]})
    ).status_code == 401
    assert (await login(client, "owner")).status_code == 401
    assert (await login(client, "owner", "New-pass-2026")).status_code == 200


async def test_deactivated_user_is_blocked_at_login_and_with_an_old_token(
    client: httpx.AsyncClient, make_user: MakeUser, headers_for: HeadersFor, container
) -> None:
    user = await make_user(Role.TEACHER, "teacher1")
    headers = await headers_for("teacher1")
    async with container.uow() as uow:
        stored = await uow.users.get(user.id)
        stored.is_active = False
        await uow.users.save(stored)
        await uow.commit()
    disabled = {"detail": "User account is disabled."}
    old_token = await client.get("/accounts/me/", headers=headers)
    assert old_token.status_code == 403 and old_token.json() == disabled
    again = await login(client, "teacher1")
    assert again.status_code == 403 and again.json() == disabled


async def test_cookie_authenticated_cross_site_post_is_refused(
    client: httpx.AsyncClient, make_user: MakeUser
) -> None:
    await make_user(Role.SITE_OWNER, "owner")
    await login(client, "owner")
    body = {"old_password": OWNER_PASSWORD, "new_password": "New-pass-2026"}
    csrf = {"detail": "CSRF Failed: Origin checking failed."}
    for headers in (
        {"Origin": "https://evil.example"},
        {},
        {"Referer": "https://evil.example/page"},
        {"Origin": BASE_URL, "Sec-Fetch-Site": "cross-site"},
    ):
        refused = await client.post("/accounts/change-password/", json=body, headers=headers)
        assert refused.status_code == 403, headers
        assert refused.json() == csrf
        stolen = await client.post("/accounts/token/refresh/", headers=headers)  # reads the refresh cookie
        assert stolen.status_code == 403 and stolen.json() == csrf
    assert (await login(client, "owner")).status_code == 200  # nothing changed
    accepted = await client.post("/accounts/change-password/", json=body, headers=SAME_ORIGIN)
    assert accepted.status_code == 200


async def test_bearer_requests_need_no_origin(
    client: httpx.AsyncClient, make_user: MakeUser, headers_for: HeadersFor
) -> None:
    await make_user(Role.SITE_OWNER, "owner")
    headers = await headers_for("owner")
    response = await client.post(
        "/accounts/change-password/",
        json={"old_password": OWNER_PASSWORD, "new_password": "New-pass-2026"},
        headers=headers,
    )
    assert response.status_code == 200


async def test_concurrent_refreshes_of_one_token_rotate_once(
    client: httpx.AsyncClient, make_user: MakeUser
) -> None:
    """One rotation; the others, inside the grace window, get the same successor (issue 11)."""
    import asyncio

    await make_user(Role.SITE_OWNER, "owner")
    pair = (
        await client.post("/accounts/token/", json={"username": "owner", "password": OWNER_PASSWORD})
    ).json()
    responses = await asyncio.gather(
        *(client.post("/accounts/token/refresh/", json={"refresh": pair["refresh"]}) for _ in range(8))
    )
    assert [r.status_code for r in responses] == [200] * 8
    assert len({r.json()["refresh"] for r in responses}) == 1
