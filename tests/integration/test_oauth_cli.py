"""``edutrack oauth create-client|list-clients|revoke-client`` run in-process against a fresh SQLite file
(synchronous: ``main()`` starts its own event loops)."""

from __future__ import annotations

import asyncio
import json

import pytest

from edutrack.composition import build_container
from edutrack.core.errors import NotAuthenticated
from edutrack.core.use_cases.integrations.tokens import (
    GRANT,
    AuthenticateClient,
    IssueAccessToken,
    TokenRequest,
)
from edutrack.entrypoints.cli.main import main
from edutrack.settings import Settings


def _token_works(client_id: str, secret: str) -> tuple[str, bool]:
    async def run() -> tuple[str, bool]:
        container = build_container(Settings.from_env())
        try:
            issued = await container.get(IssueAccessToken).execute(TokenRequest(GRANT, client_id, secret))
            return issued.access_token, True
        finally:
            await container.dispose()

    return asyncio.run(run())


def _authenticates(token: str) -> bool:
    async def run() -> bool:
        container = build_container(Settings.from_env())
        try:
            await container.get(AuthenticateClient).execute(token)
            return True
        except NotAuthenticated:
            return False
        finally:
            await container.dispose()

    return asyncio.run(run())


def test_create_list_revoke(migrated: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["oauth", "create-client", "--name", "Partner LMS"]) == 0
    created = json.loads(capsys.readouterr().out)
    assert set(created) == {"client_id", "client_secret"}
    token, _ = _token_works(created["client_id"], created["client_secret"])
    assert _authenticates(token)

    assert main(["oauth", "list-clients"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(c["client_id"], c["name"], c["is_active"], c["revoked_at"]) for c in listed] == [
        (created["client_id"], "Partner LMS", True, None)
    ]
    assert created["client_secret"] not in json.dumps(listed)

    assert main(["oauth", "revoke-client", "--client-id", created["client_id"]]) == 0
    assert json.loads(capsys.readouterr().out) == {"client_id": created["client_id"], "revoked": True}
    assert not _authenticates(token)
    assert main(["oauth", "list-clients"]) == 0
    [revoked] = json.loads(capsys.readouterr().out)
    assert revoked["is_active"] is False and revoked["revoked_at"] is not None

    assert main(["oauth", "revoke-client", "--client-id", created["client_id"]]) == 1
    assert "No active client" in capsys.readouterr().err


def test_create_client_refuses_a_blank_name(migrated: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["oauth", "create-client", "--name", "  "]) == 1
    captured = capsys.readouterr()
    assert "name" in captured.err and captured.out == ""
    assert main(["oauth", "list-clients"]) == 0
    assert json.loads(capsys.readouterr().out) == []
