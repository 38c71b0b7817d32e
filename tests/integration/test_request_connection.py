"""One pooled connection per request on PostgreSQL, and no round trips beyond the app's own statements
but a write's BEGIN and COMMIT; reads run in autocommit (ADR 0010).

"On the wire" is counted at the driver: every asyncpg ``Connection.execute`` (BEGIN, COMMIT, ROLLBACK,
simple queries), ``prepare`` (a statement not yet prepared on that connection), prepared-statement
``fetch`` and ``executemany``. The app's own statements are SQLAlchemy's ``before_cursor_execute``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import asyncpg
import httpx
import pytest
from asyncpg.prepared_stmt import PreparedStatement
from sqlalchemy import event, text

from edutrack.composition import Container
from edutrack.core.actor import Role
from tests.support.http import MakeUser, StatementCounter

pytestmark = [pytest.mark.anyio, pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)]


class Wire:
    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        self.checkouts = 0
        self.app = StatementCounter()

    @property
    def round_trips(self) -> int:
        return sum(self.calls.values())

    def reset(self) -> None:
        self.calls.clear()
        self.checkouts = 0
        self.app = StatementCounter()


@pytest.fixture
def wire(container: Container, monkeypatch: pytest.MonkeyPatch) -> Iterator[Wire]:
    seen = Wire()

    def counting(cls: type, name: str, label: str) -> None:
        original = getattr(cls, name)

        async def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            what = args[0] if args and isinstance(args[0], str) else ""
            seen.calls[what.split()[0].rstrip(";").upper() if label == "execute" and what else label] += 1
            return await original(self, *args, **kwargs)

        monkeypatch.setattr(cls, name, wrapper)

    counting(asyncpg.Connection, "execute", "execute")
    counting(asyncpg.Connection, "prepare", "prepare")
    counting(asyncpg.Connection, "executemany", "executemany")
    counting(PreparedStatement, "fetch", "fetch")
    engine = container.engines[0].sync_engine

    def on_checkout(*_: Any) -> None:
        seen.checkouts += 1

    def on_statement(*_: Any) -> None:
        seen.app.count += 1

    event.listen(engine.pool, "checkout", on_checkout)
    event.listen(engine, "before_cursor_execute", on_statement)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", on_statement)
        event.remove(engine.pool, "checkout", on_checkout)


async def test_a_read_checks_out_one_connection_and_adds_only_its_transaction(
    client: httpx.AsyncClient, make_user: MakeUser, headers_for: Any, wire: Wire
) -> None:
    await make_user(Role.SITE_OWNER, "owner")
    headers = await headers_for("owner")
    await client.get("/accounts/teachers/", headers=headers)  # statements prepared on the connection

    wire.reset()
    response = await client.get("/accounts/teachers/", headers=headers)

    assert response.status_code == 200
    assert wire.checkouts == 1
    # authentication and the list's reader read in autocommit: no BEGIN, no ROLLBACK
    assert wire.calls["BEGIN"] == wire.calls["ROLLBACK"] == wire.calls["COMMIT"] == 0, wire.calls
    assert wire.round_trips == wire.app.count


async def test_a_write_checks_out_one_connection_and_adds_only_its_transaction(
    client: httpx.AsyncClient, make_user: MakeUser, headers_for: Any, wire: Wire
) -> None:
    await make_user(Role.SITE_OWNER, "owner")
    headers = await headers_for("owner")
    created = await client.post("/academics/grades/", json={"name": "First"}, headers=headers)
    url = f"/academics/grades/{created.json()['id']}/"
    await client.patch(url, json={"name": "Warm"}, headers=headers)

    wire.reset()
    response = await client.patch(url, json={"name": "Second"}, headers=headers)

    assert response.status_code == 200, response.text
    assert response.json()["name"] == "Second"
    assert wire.checkouts == 1
    assert wire.calls["BEGIN"] == 1
    assert wire.calls["COMMIT"] == 1
    assert wire.round_trips == wire.app.count + 2


async def test_a_deactivated_user_is_refused_on_the_shared_connection(
    client: httpx.AsyncClient, make_user: MakeUser, headers_for: Any, container: Container
) -> None:
    """Authentication still reads the user on every request (in autocommit, on the request's
    connection): a deactivation made by another connection is seen at once."""
    await make_user(Role.SITE_OWNER, "owner")
    headers = await headers_for("owner")
    assert (await client.get("/accounts/me/", headers=headers)).status_code == 200
    assert container.write_sessions is not None
    async with container.write_sessions() as session, session.begin():
        await session.execute(text("UPDATE users SET is_active = false WHERE username = 'owner'"))

    refused = await client.get("/accounts/me/", headers=headers)

    assert refused.status_code == 403
    assert refused.json() == {"detail": "User account is disabled."}


async def test_a_public_route_holds_no_connection_between_its_sessions(
    client: httpx.AsyncClient, make_user: MakeUser, wire: Wire
) -> None:
    """Login hashes the password between two short units of work: holding a connection through it
    would let a burst of logins exhaust the pool, so each of its sessions checks one out."""
    await make_user(Role.SITE_OWNER, "owner")
    await client.post("/accounts/token/", json={"username": "owner", "password": "wrong-password"})

    wire.reset()
    response = await client.post("/accounts/token/", json={"username": "owner", "password": "wrong-password"})

    assert response.status_code == 401
    assert wire.checkouts >= 2
