"""``Idempotency-Key`` on the three money endpoints, on SQLite and PostgreSQL: a retry replays the first
answer with no second effect, another body under the same key is 409, keys are per user; and the stores
themselves (memory and both databases) behave alike."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from decimal import Decimal

import httpx
import pytest

from edutrack.composition import Container
from edutrack.core.actor import Role
from edutrack.core.entities.users import User
from edutrack.core.entities.wallets import LedgerKind
from edutrack.core.errors import Conflict
from edutrack.core.policies.codes import display_code
from edutrack.core.use_cases.wallets.redeem_code import CodeRedeemed
from edutrack.ports.idempotency import IdempotencyRequest, IdempotencyStore, StoredKey
from tests.support.http import HeadersFor
from tests.support.money import FundedShop, balance_of, open_shop, purchases_of
from tests.support.people import PASSWORD

pytestmark = pytest.mark.anyio

REUSED = {"detail": "Idempotency key reused with a different request."}


def keyed(headers: dict[str, str], key: str) -> dict[str, str]:
    return {**headers, "Idempotency-Key": key}


@pytest.fixture
async def shop(container: Container) -> FundedShop:
    return await open_shop(container)


async def test_a_double_click_on_purchase_charges_once(
    client: httpx.AsyncClient, container: Container, shop: FundedShop, headers_for: HeadersFor
) -> None:
    student = keyed(await headers_for("pupil", PASSWORD), "buy-1")
    path = f"/courses/lectures/{shop.lecture}/purchase/"
    first = await client.post(path, headers=student)
    assert first.status_code == 201, first.text
    assert "idempotent-replayed" not in first.headers
    retry = await client.post(path.rstrip("/"), headers=student)
    assert (retry.status_code, retry.content) == (201, first.content)
    assert retry.headers["idempotent-replayed"] == "true"
    assert await balance_of(container, shop) == Decimal("150.00")
    assert await purchases_of(container, shop) == 1


async def test_without_the_header_a_second_purchase_is_refused_by_the_rules(
    client: httpx.AsyncClient, container: Container, shop: FundedShop, headers_for: HeadersFor
) -> None:
    student = await headers_for("pupil", PASSWORD)
    path = f"/courses/lectures/{shop.lecture}/purchase/"
    assert (await client.post(path, headers=student)).status_code == 201
    again = await client.post(path, headers=student)
    assert (again.status_code, again.json()) == (
        400,
        {"error": "You already have active access to this lecture"},
    )
    assert "idempotent-replayed" not in again.headers
    assert await balance_of(container, shop) == Decimal("150.00")


async def test_a_refusal_is_replayed_too_and_a_new_key_is_a_new_request(
    client: httpx.AsyncClient, container: Container, headers_for: HeadersFor
) -> None:
    shop = await open_shop(container, balance="50")
    student = await headers_for("pupil", PASSWORD)
    path = f"/courses/lectures/{shop.lecture}/purchase/"
    first = await client.post(path, headers=keyed(student, "buy"))
    assert (first.status_code, first.json()) == (400, {"error": "Insufficient balance"})
    redeem = await client.post("/payments/codes/redeem/", json={"code": shop.code}, headers=student)
    assert redeem.status_code == 200, redeem.text
    now = container.clock.now()
    async with container.uow() as uow:
        wallet = await uow.wallets.get_for_update(shop.student_id, shop.world.course)
        assert wallet is not None
        await uow.wallets.record(wallet, wallet.credit(LedgerKind.MANUAL_ADD, Decimal("10"), now))
        await uow.commit()
    retry = await client.post(path, headers=keyed(student, "buy"))
    assert (retry.status_code, retry.json()) == (400, {"error": "Insufficient balance"})
    assert retry.headers["idempotent-replayed"] == "true"
    fresh = await client.post(path, headers=keyed(student, "buy-again"))
    assert fresh.status_code == 201, fresh.text
    assert await balance_of(container, shop) == Decimal("0.00")


async def test_a_redeemed_code_is_credited_once_per_key(
    client: httpx.AsyncClient, container: Container, shop: FundedShop, headers_for: HeadersFor
) -> None:
    student = keyed(await headers_for("pupil", PASSWORD), "redeem-1")
    first = await client.post(
        "/payments/codes/redeem/", json={"code": display_code(shop.code)}, headers=student
    )
    assert first.status_code == 200, first.text
    assert first.json()["new_balance"] == "290.00"
    retry = await client.post(
        "/payments/codes/redeem/", json={"code": display_code(shop.code)}, headers=student
    )
    assert (retry.status_code, retry.content) == (200, first.content)
    other = await client.post("/payments/codes/redeem/", json={"code": shop.code}, headers=student)
    assert (other.status_code, other.json()) == (409, REUSED)
    assert await balance_of(container, shop) == Decimal("290.00")


async def test_adding_balance_with_a_reused_key_and_another_body_is_409(
    client: httpx.AsyncClient, container: Container, shop: FundedShop, headers_for: HeadersFor
) -> None:
    teacher = keyed(await headers_for(shop.world.teacher.username, PASSWORD), "add-1")
    body = {"student_id": str(shop.student_id), "course_id": shop.world.course, "amount": "50.00"}
    first = await client.post("/payments/balance/add/", json=body, headers=teacher)
    assert first.status_code == 200, first.text
    retry = await client.post("/payments/balance/add/", json=dict(reversed(body.items())), headers=teacher)
    assert (retry.status_code, retry.content) == (200, first.content)
    other = await client.post("/payments/balance/add/", json={**body, "amount": "60.00"}, headers=teacher)
    assert (other.status_code, other.json()) == (409, REUSED)
    assert await balance_of(container, shop) == Decimal("300.00")


async def test_a_reopen_is_applied_once_per_key(
    client: httpx.AsyncClient, container: Container, shop: FundedShop, headers_for: HeadersFor
) -> None:
    student = await headers_for("pupil", PASSWORD)
    bought = await client.post(f"/courses/lectures/{shop.lecture}/purchase/", headers=student)
    assert bought.status_code == 201, bought.text
    teacher = keyed(await headers_for(shop.world.teacher.username, PASSWORD), "reopen-1")
    path = f"/courses/purchases/{bought.json()['id']}/reopen/"
    first = await client.patch(path, json={"extra_days": 5}, headers=teacher)
    assert first.status_code == 200, first.text
    retry = await client.patch(path, json={"extra_days": 5}, headers=teacher)
    assert (retry.status_code, retry.content) == (200, first.content)
    assert retry.headers["idempotent-replayed"] == "true"
    assert retry.json()["extra_days"] == 5 and len(retry.json()["reopen_logs"]) == 1
    other = await client.patch(path, json={"extra_days": 6}, headers=teacher)
    assert (other.status_code, other.json()) == (409, REUSED)


async def test_different_users_may_use_the_same_key(
    client: httpx.AsyncClient, container: Container, shop: FundedShop, headers_for: HeadersFor
) -> None:
    body = {"student_id": str(shop.student_id), "course_id": shop.world.course, "amount": "50.00"}
    for member in (shop.world.teacher, shop.world.assistant):
        headers = keyed(await headers_for(member.username, PASSWORD), "same-key")
        response = await client.post("/payments/balance/add/", json=body, headers=headers)
        assert response.status_code == 200, response.text
        assert "idempotent-replayed" not in response.headers
    assert await balance_of(container, shop) == Decimal("350.00")


async def test_a_malformed_key_is_400_and_nothing_happens(
    client: httpx.AsyncClient, container: Container, shop: FundedShop, headers_for: HeadersFor
) -> None:
    student = keyed(await headers_for("pupil", PASSWORD), "k" * 256)
    response = await client.post(f"/courses/lectures/{shop.lecture}/purchase/", headers=student)
    assert (response.status_code, response.json()) == (
        400,
        {"Idempotency-Key": ["Idempotency-Key must be 1 to 255 printable ASCII characters."]},
    )
    assert await purchases_of(container, shop) == 0


async def test_an_anonymous_request_is_401_whatever_its_key(
    client: httpx.AsyncClient, shop: FundedShop
) -> None:
    response = await client.post(
        f"/courses/lectures/{shop.lecture}/purchase/", headers={"Idempotency-Key": "anonymous"}
    )
    assert (response.status_code, response.json()) == (
        401,
        {"detail": "Authentication credentials were not provided."},
    )


async def test_the_header_is_documented_on_the_four_endpoints(client: httpx.AsyncClient) -> None:
    paths = (await client.get("/schema/openapi.json")).json()["paths"]
    (purchase,) = [path for path in paths if re.fullmatch(r"/courses/lectures/\{\w+\}/purchase/", path)]
    (reopen,) = [path for path in paths if re.fullmatch(r"/courses/purchases/\{\w+\}/reopen/", path)]
    operations = [(purchase, "post"), ("/payments/codes/redeem/", "post"), ("/payments/balance/add/", "post")]
    for path, verb in [*operations, (reopen, "patch")]:
        operation = paths[path][verb]
        (header,) = [p for p in operation.get("parameters", []) if p["name"] == "Idempotency-Key"]
        assert header["in"] == "header" and header["required"] is False
        assert "kept at least 24 hours" in header["description"]
        assert "409" in operation["responses"]


# --- the store itself: memory, SQLite and PostgreSQL ---------------------------------------------------


async def _user_id(container: Container) -> int:
    now = container.clock.now()
    async with container.uow() as uow:
        user = await uow.users.add(
            User(
                username=f"u{uuid.uuid4().hex[:8]}",
                password_hash="x",
                role=Role.STUDENT,
                name="U",
                created_at=now,
                updated_at=now,
            )
        )
        await uow.commit()
    assert user.id is not None
    return user.id


async def test_a_key_is_claimed_and_completed_with_the_effect_or_not_at_all(
    contract_container: Container,
) -> None:
    c = contract_container
    alice, bob = await _user_id(c), await _user_id(c)
    now = c.clock.now()
    result = CodeRedeemed(7, "Physics", Decimal("40.00"), Decimal("290.00"), 12)
    request = IdempotencyRequest(alice, "k", "h1")
    async with c.uow() as uow:  # claimed, then rolled back: the key is free again
        assert await uow.idempotency.claim(request, now, CodeRedeemed) is None
    async with c.uow() as uow:
        assert await uow.idempotency.claim(request, now, CodeRedeemed) is None
        await uow.idempotency.record(request, result)
        await uow.commit()
    again = IdempotencyRequest(alice, "k", "h1")
    async with c.uow() as uow:
        assert await uow.idempotency.claim(again, now, CodeRedeemed) == result
    assert again.replayed
    async with c.uow() as uow:
        with pytest.raises(Conflict):
            await uow.idempotency.claim(IdempotencyRequest(alice, "k", "h2"), now, CodeRedeemed)
        assert await uow.idempotency.claim(IdempotencyRequest(bob, "k", "h2"), now, CodeRedeemed) is None
    store = c.get(IdempotencyStore)
    assert await store.find(alice, "k") == StoredKey("h1", None, None, True)
    assert await store.find(bob, "k") is None


async def test_a_refusal_is_kept_by_the_edge_and_never_over_an_outcome(contract_container: Container) -> None:
    c = contract_container
    user = await _user_id(c)
    now = c.clock.now()
    store = c.get(IdempotencyStore)
    refused = IdempotencyRequest(user, "no", "h")
    await store.refuse(refused, 400, b'{"error":"Insufficient balance"}', now)
    assert await store.find(user, "no") == StoredKey("h", 400, b'{"error":"Insufficient balance"}', False)
    await store.refuse(
        IdempotencyRequest(user, "no", "other"), 403, b"{}", now
    )  # another request: kept as is
    assert (await store.find(user, "no")) == StoredKey("h", 400, b'{"error":"Insufficient balance"}', False)
    late = IdempotencyRequest(user, "no", "h")
    async with c.uow() as uow:  # a duplicate that waited finds the refusal
        with pytest.raises(Conflict):
            await uow.idempotency.claim(late, now, CodeRedeemed)
    assert late.refused
    done = IdempotencyRequest(user, "yes", "h")
    async with c.uow() as uow:
        await uow.idempotency.claim(done, now, CodeRedeemed)
        await uow.idempotency.record(done, CodeRedeemed(1, "C", Decimal("1.00"), Decimal("1.00"), 1))
        await uow.commit()
    await store.refuse(done, 400, b"{}", now)
    assert await store.find(user, "yes") == StoredKey("h", None, None, True)


async def test_the_store_purges_only_old_keys(contract_container: Container) -> None:
    store = contract_container.get(IdempotencyStore)
    user = await _user_id(contract_container)
    now = contract_container.clock.now()
    await store.refuse(IdempotencyRequest(user, "old", "h"), 400, b"{}", now - timedelta(hours=25))
    await store.refuse(IdempotencyRequest(user, "new", "h"), 400, b"{}", now - timedelta(hours=23))
    assert await store.purge_older_than(now - timedelta(hours=24)) == 1
    assert await store.find(user, "old") is None
    assert await store.find(user, "new") is not None
