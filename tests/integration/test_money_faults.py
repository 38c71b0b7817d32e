"""Lost connections on the money requests, through the 2-worker live server on PostgreSQL.

The server runs with the test-only fault hook (``adapters/sql/faults.py``): a request carrying
``X-Test-Fault`` loses its database connection at one point — before the first statement, after the ledger
or purchase write, at the commit, or after the commit (the effect is saved, the client gets a 503). For
each money operation and each point: nothing partial is saved (every wallet equals the sum of its ledger,
at most one purchase), the retry with the same ``Idempotency-Key`` has exactly one effect in total (and is
a replay, ``Idempotent-Replayed: true``, when the first had committed), and the next requests are fine.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import httpx
import pytest
from sqlalchemy import text

from edutrack.composition import Container
from tests.support.money import FundedShop, open_shop
from tests.support.people import PASSWORD
from tests.support.servers import serving

pytestmark = pytest.mark.anyio

OPERATIONS = ("redeem", "add", "purchase", "reopen")
# the statement that writes the effect, per operation
WRITES = {
    "redeem": "INSERT INTO ledger_entries",
    "add": "INSERT INTO ledger_entries",
    "purchase": "INSERT INTO purchases",
    "reopen": "INSERT INTO purchase_reopen_logs",
}
POINTS = ("first-statement", "after-write", "during-commit", "after-commit")


def _fault(point: str, operation: str) -> str:
    write = WRITES[operation]
    return {
        "first-statement": "before-statement:INSERT INTO idempotency_keys",
        "after-write": f"after-statement:{write}",
        "during-commit": f"before-commit:{write}",
        "after-commit": f"after-commit:{write}",
    }[point]


@pytest.fixture(scope="module")
def faulty_server(pg_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``edutrack serve --workers 2`` with ``EDUTRACK_FAULT_INJECTION=1`` on the session's database."""
    settings = {
        "EDUTRACK_FAULT_INJECTION": "1",
        "EDUTRACK_DATABASE_URL": pg_database,
        "EDUTRACK_MEDIA_DIR": str(tmp_path_factory.mktemp("fault-media")),
        "EDUTRACK_LOG_LEVEL": "ERROR",
        "EDUTRACK_DB_POOL_SIZE": "5",
    }
    log = tmp_path_factory.mktemp("fault-log") / "server.log"
    with serving(settings, log=log) as base_url:
        yield base_url


async def _bearer(client: httpx.AsyncClient, username: str) -> dict[str, str]:
    response = await client.post("/accounts/token/", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access']}"}


async def _scalar(container: Container, sql: str, **params: object) -> object:
    assert container.read_sessions is not None
    async with container.read_sessions() as session:
        return await session.scalar(text(sql), params)


async def _ledgers_match_balances(container: Container) -> None:
    mismatched = await _scalar(
        container,
        "SELECT count(*) FROM wallets w WHERE w.balance <> "
        "(SELECT coalesce(sum(l.amount), 0) FROM ledger_entries l WHERE l.wallet_id = w.id)",
    )
    assert mismatched == 0


async def _effects(container: Container, shop: FundedShop, operation: str) -> int:
    """How many times the operation took effect (the shop starts with one ``manual_add`` of 250)."""
    me = {"student": shop.student_id}
    if operation == "redeem":
        found = await _scalar(
            container,
            "SELECT count(*) FROM ledger_entries WHERE student_id = :student AND kind = 'code_redeem'",
            **me,
        )
    elif operation == "add":
        found = await _scalar(
            container,
            "SELECT count(*) - 1 FROM ledger_entries WHERE student_id = :student AND kind = 'manual_add'",
            **me,
        )
    elif operation == "purchase":
        found = await _scalar(container, "SELECT count(*) FROM purchases WHERE student_id = :student", **me)
    else:
        found = await _scalar(container, "SELECT count(*) FROM purchase_reopen_logs")
    return int(found)  # type: ignore[call-overload]


async def _request(
    client: httpx.AsyncClient,
    shop: FundedShop,
    operation: str,
    headers: dict[str, str],
    purchase_id: int | None,
) -> httpx.Response:
    if operation == "redeem":
        return await client.post("/payments/codes/redeem/", json={"code": shop.code}, headers=headers)
    if operation == "add":
        body = {"student_id": str(shop.student_id), "course_id": shop.world.course, "amount": "50.00"}
        return await client.post("/payments/balance/add/", json=body, headers=headers)
    if operation == "purchase":
        return await client.post(f"/courses/lectures/{shop.lecture}/purchase/", headers=headers)
    return await client.patch(
        f"/courses/purchases/{purchase_id}/reopen/", json={"extra_days": 5}, headers=headers
    )


@pytest.mark.parametrize("point", POINTS)
@pytest.mark.parametrize("operation", OPERATIONS)
async def test_a_lost_connection_then_a_retry_has_exactly_one_effect(
    faulty_server: str, pg_container: Container, operation: str, point: str
) -> None:
    shop = await open_shop(pg_container, balance="250", price="100")
    async with httpx.AsyncClient(base_url=faulty_server, timeout=30) as client:
        student = await _bearer(client, "pupil")
        caller = (
            student
            if operation in {"redeem", "purchase"}
            else await _bearer(client, shop.world.teacher.username)
        )
        purchase_id = None
        if operation == "reopen":
            bought = await client.post(f"/courses/lectures/{shop.lecture}/purchase/", headers=student)
            assert bought.status_code == 201, bought.text
            purchase_id = bought.json()["id"]
        keyed = {**caller, "Idempotency-Key": f"{operation}-{point}"}

        first = await _request(
            client, shop, operation, {**keyed, "X-Test-Fault": _fault(point, operation)}, purchase_id
        )
        assert first.status_code == 503, (first.status_code, first.text)
        await _ledgers_match_balances(pg_container)
        committed = point == "after-commit"
        assert await _effects(pg_container, shop, operation) == (1 if committed else 0)

        retry = await _request(client, shop, operation, keyed, purchase_id)
        assert retry.status_code in {200, 201}, retry.text
        assert (retry.headers.get("idempotent-replayed") == "true") is committed
        again = await _request(client, shop, operation, keyed, purchase_id)
        assert (again.status_code, again.content) == (retry.status_code, retry.content)
        assert again.headers.get("idempotent-replayed") == "true"
        assert await _effects(pg_container, shop, operation) == 1
        await _ledgers_match_balances(pg_container)

        for _ in range(4):  # both workers, whichever lost its connection, answer the next requests
            listed = await client.get("/payments/transactions/my/", headers=student)
            assert listed.status_code == 200, listed.text
    expected = {"redeem": "290.00", "add": "300.00", "purchase": "150.00", "reopen": "150.00"}[operation]
    balance = await _scalar(
        pg_container, "SELECT balance FROM wallets WHERE student_id = :s", s=shop.student_id
    )
    assert Decimal(str(balance)) == Decimal(expected)
