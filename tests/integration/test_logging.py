"""One JSON line per request, never a secret; a 500 is logged with its stack trace and shows none."""

from __future__ import annotations

import json

import httpx
import pytest

from edutrack.core.actor import Role
from edutrack.core.use_cases.auth.get_me import GetMe
from tests.support.http import OWNER_PASSWORD, MakeUser

pytestmark = pytest.mark.anyio


def request_lines(output: str) -> list[dict[str, object]]:
    lines = []
    for raw in output.splitlines():
        raw = raw.strip()
        if raw.startswith("{"):
            try:
                record = json.loads(raw)
            except ValueError:
                continue
            if record.get("event") == "request":
                lines.append(record)
    return lines


async def test_each_request_logs_one_line_without_secrets(
    client: httpx.AsyncClient, make_user: MakeUser, capfd: pytest.CaptureFixture[str]
) -> None:
    user = await make_user(Role.SITE_OWNER, "owner")
    capfd.readouterr()
    login = await client.post("/accounts/login/", json={"username": "owner", "password": OWNER_PASSWORD})
    tokens = (
        await client.post("/accounts/token/", json={"username": "owner", "password": OWNER_PASSWORD})
    ).json()
    me = await client.get("/accounts/me/", headers={"X-Request-ID": "req-123"})
    refresh = await client.post(
        "/accounts/token/refresh/",
        json={"refresh": tokens["refresh"]},
        headers={"Origin": "http://testserver"},
    )
    output = capfd.readouterr().out

    secrets = [OWNER_PASSWORD, tokens["access"], tokens["refresh"], refresh.json()["refresh"]]
    secrets += [c.split("=", 1)[1].split(";", 1)[0] for c in login.headers.get_list("set-cookie")]
    for secret in secrets:
        assert secret not in output
    assert "cookie" not in output.lower()

    lines = request_lines(output)
    assert [(r["method"], r["path"], r["status"]) for r in lines] == [
        ("POST", "/accounts/login/", 200),
        ("POST", "/accounts/token/", 200),
        ("GET", "/accounts/me/", 200),
        ("POST", "/accounts/token/refresh/", 200),
    ]
    for record in lines:
        assert {"request_id", "user_id", "method", "path", "status", "duration_ms", "timestamp"} <= set(
            record
        )
    assert lines[2]["request_id"] == "req-123" and lines[2]["user_id"] == user.id
    assert me.headers["x-request-id"] == "req-123"
    assert lines[0]["user_id"] is None


async def test_an_unhandled_error_is_a_bare_500_and_a_logged_stack_trace(
    client: httpx.AsyncClient, make_user: MakeUser, container, capfd: pytest.CaptureFixture[str]
) -> None:
    await make_user(Role.SITE_OWNER, "owner")
    tokens = (
        await client.post("/accounts/token/", json={"username": "owner", "password": OWNER_PASSWORD})
    ).json()

    class Exploding:
        async def execute(self, actor):  # type: ignore[no-untyped-def]
            raise RuntimeError("kaboom SELECT secret_column FROM users")

    container.override(GetMe, lambda c: Exploding())  # type: ignore[arg-type,return-value]
    capfd.readouterr()
    response = await client.get("/accounts/me/", headers={"Authorization": f"Bearer {tokens['access']}"})
    assert response.status_code == 500
    assert response.json() == {"detail": "Internal server error"}
    assert "kaboom" not in response.text and "Traceback" not in response.text
    output = capfd.readouterr().out
    assert "Traceback" in output and "kaboom" in output
    assert request_lines(output)[-1]["status"] == 500
