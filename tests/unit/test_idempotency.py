"""Idempotency keys: the memory adapters, and the middleware on a tiny app (same stack order as the real
one: authentication first, then idempotency, then the handler with its exception handlers) whose handler
claims the key and records its result in its own unit of work, as the money use cases do (ADR 0007)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import httpx
import pytest
from litestar import Litestar, Request, post
from litestar.datastructures import State
from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.params import FromPath, JSONBody
from litestar.types import ASGIApp, Receive, Scope, Send

from edutrack.adapters.clock import FrozenClock
from edutrack.adapters.memory.idempotency import MemoryIdempotencyStore
from edutrack.adapters.memory.store import MemoryStore
from edutrack.adapters.memory.uow import MemoryUnitOfWork
from edutrack.adapters.sql.faults import FaultInjector
from edutrack.composition import build_container
from edutrack.core.actor import Actor, Role
from edutrack.core.errors import Conflict, RuleViolation
from edutrack.entrypoints.http.errors import EXCEPTION_HANDLERS
from edutrack.entrypoints.http.idempotency import IdempotencyMiddleware, fingerprint, idempotency_of
from edutrack.ports.idempotency import IdempotencyRequest, IdempotencyStore, StoredKey
from edutrack.settings import Settings

pytestmark = pytest.mark.anyio

REUSED = {"detail": "Idempotency key reused with a different request."}
KEY_INVALID = {"Idempotency-Key": ["Idempotency-Key must be 1 to 255 printable ASCII characters."]}


# --- the memory adapters -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Outcome:
    effect: int
    payload: str


async def test_a_claim_lives_and_dies_with_its_unit_of_work(clock: FrozenClock) -> None:
    memory = MemoryStore()
    now = clock.now()
    request = IdempotencyRequest(1, "k", "h1")
    async with MemoryUnitOfWork(memory) as uow:  # no commit: the claim is rolled back
        assert await uow.idempotency.claim(request, now, Outcome) is None
    assert await MemoryIdempotencyStore(memory).find(1, "k") is None
    async with MemoryUnitOfWork(memory) as uow:
        assert await uow.idempotency.claim(request, now, Outcome) is None
        await uow.idempotency.record(request, Outcome(1, "x"))
        await uow.commit()
    again = IdempotencyRequest(1, "k", "h1")
    async with MemoryUnitOfWork(memory) as uow:
        assert await uow.idempotency.claim(again, now, Outcome) == Outcome(1, "x")
        with pytest.raises(Conflict):
            await uow.idempotency.claim(IdempotencyRequest(1, "k", "h2"), now, Outcome)
        assert await uow.idempotency.claim(IdempotencyRequest(2, "k", "h2"), now, Outcome) is None
    assert again.replayed


async def test_a_refusal_is_kept_unless_an_outcome_is_there_and_old_keys_are_purged(
    clock: FrozenClock,
) -> None:
    memory = MemoryStore()
    store = MemoryIdempotencyStore(memory)
    old = clock.now()
    await store.refuse(IdempotencyRequest(1, "old", "h"), 400, b"{}", old)
    assert await store.find(1, "old") == StoredKey("h", 400, b"{}", False)
    done = IdempotencyRequest(1, "new", "h")
    async with MemoryUnitOfWork(memory) as uow:
        await uow.idempotency.claim(done, old + timedelta(hours=2), Outcome)
        await uow.idempotency.record(done, Outcome(1, "x"))
        await uow.commit()
    await store.refuse(done, 400, b"{}", old)
    assert await store.find(1, "new") == StoredKey("h", None, None, True)
    assert await store.purge_older_than(old + timedelta(hours=1)) == 1
    assert await store.find(1, "old") is None


def test_the_fingerprint_ignores_json_spacing_key_order_and_the_trailing_slash() -> None:
    path = "/payments/balance/add/"
    base = fingerprint("POST", path, b'{"a": 1, "b": [1, 2]}')
    assert fingerprint("POST", path.rstrip("/"), b'{"b":[1,2],"a":1}') == base
    assert fingerprint("POST", path, b'{"a": 2, "b": [1, 2]}') != base
    assert fingerprint("POST", "/payments/codes/redeem/", b'{"a": 1, "b": [1, 2]}') != base
    assert fingerprint("POST", path, b"not json") != fingerprint("POST", path, b"not json!")


# --- the middleware on a tiny app -----------------------------------------------------------------------


@dataclass
class Effects:
    """What the handlers did, and how they should answer next."""

    count: int = 0
    delay: float = 0.0
    fail_with: int | None = None
    calls: list[Any] = field(default_factory=list)


@dataclass
class FakeContainer:
    clock: FrozenClock
    memory_store: MemoryStore
    effects: Effects

    def get(self, kind: type) -> object:
        if kind is FaultInjector:
            return FaultInjector()
        assert kind is IdempotencyStore
        return MemoryIdempotencyStore(self.memory_store)


class HeaderAuth(ASGIMiddleware):
    """Stands in for AuthenticationMiddleware: ``X-User: <id>`` is the caller."""

    scopes = (ScopeType.HTTP,)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        raw = dict(scope["headers"]).get(b"x-user")
        scope["user"] = Actor(int(raw), f"user{int(raw)}", Role.STUDENT) if raw else None
        await next_app(scope, receive, send)


async def _act(request: Request, payload: Any) -> dict[str, Any]:
    """A use case in miniature: claims the key in its unit of work, acts, records its result, commits.
    ``fail_with`` 503 commits and then loses the connection (the client sees a 503, the effect stays)."""
    container: FakeContainer = request.app.state.registry
    effects, key = container.effects, idempotency_of(request)
    async with MemoryUnitOfWork(container.memory_store) as uow:
        if key is not None:
            stored = await uow.idempotency.claim(key, container.clock.now(), Outcome)
            if stored is not None:
                return {"effect": stored.effect, "payload": json.loads(stored.payload)}
        effects.count += 1
        effects.calls.append(payload)
        await asyncio.sleep(effects.delay)
        if effects.fail_with == 400:
            raise RuleViolation("Insufficient balance", key="error")
        if effects.fail_with == 500:
            raise RuntimeError("the database went away")
        outcome = Outcome(effects.count, json.dumps(payload))
        if key is not None:
            await uow.idempotency.record(key, outcome)
        await uow.commit()
        if effects.fail_with == 503:
            raise ConnectionResetError("the answer to the commit was lost")
    return {"effect": outcome.effect, "payload": payload}


@post("/payments/balance/add/", status_code=201)
async def add_balance(request: Request, data: JSONBody[dict[str, Any]]) -> dict[str, Any]:
    return await _act(request, data)


@post("/courses/lectures/{lecture_id:int}/purchase/", status_code=201)
async def purchase(request: Request, lecture_id: FromPath[int]) -> dict[str, Any]:
    return await _act(request, lecture_id)


@post("/payments/other/", status_code=201)
async def other(request: Request, data: JSONBody[dict[str, Any]]) -> dict[str, Any]:
    return await _act(request, data)


@pytest.fixture
def fake(clock: FrozenClock) -> FakeContainer:
    return FakeContainer(clock=clock, memory_store=MemoryStore(), effects=Effects())


@pytest.fixture
async def client(fake: FakeContainer) -> AsyncIterator[httpx.AsyncClient]:
    app = Litestar(
        route_handlers=[add_balance, purchase, other],
        middleware=[HeaderAuth(), IdempotencyMiddleware()],
        exception_handlers=EXCEPTION_HANDLERS,
        state=State({"registry": fake}),
    )
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


def _as(user: int, key: str | None = None) -> dict[str, str]:
    headers = {"X-User": str(user)}
    if key is not None:
        headers["Idempotency-Key"] = key
    return headers


async def test_a_retry_with_the_same_key_gets_the_first_answer_without_a_second_effect(
    client: httpx.AsyncClient, fake: FakeContainer
) -> None:
    first = await client.post("/payments/balance/add/", json={"amount": "50.00"}, headers=_as(1, "abc"))
    assert first.status_code == 201
    assert first.json() == {"effect": 1, "payload": {"amount": "50.00"}}
    assert "idempotent-replayed" not in first.headers
    # the same JSON spelled differently, and without the trailing slash, is the same request
    retry = await client.post(
        "/payments/balance/add", content=b'{ "amount" : "50.00" }', headers=_as(1, "abc")
    )
    assert (retry.status_code, retry.content) == (201, first.content)
    assert retry.headers["idempotent-replayed"] == "true"
    assert retry.headers["content-type"] == "application/json"
    assert fake.effects.count == 1


async def test_the_same_key_with_another_body_is_409(client: httpx.AsyncClient, fake: FakeContainer) -> None:
    await client.post("/payments/balance/add/", json={"amount": "50.00"}, headers=_as(1, "abc"))
    other = await client.post("/payments/balance/add/", json={"amount": "60.00"}, headers=_as(1, "abc"))
    assert (other.status_code, other.json()) == (409, REUSED)
    # another endpoint with the same key is another request too
    purchase = await client.post("/courses/lectures/7/purchase/", headers=_as(1, "abc"))
    assert (purchase.status_code, purchase.json()) == (409, REUSED)
    assert fake.effects.count == 1


async def test_different_users_may_use_the_same_key(client: httpx.AsyncClient, fake: FakeContainer) -> None:
    one = await client.post("/courses/lectures/7/purchase/", headers=_as(1, "same"))
    two = await client.post("/courses/lectures/7/purchase/", headers=_as(2, "same"))
    assert (one.json(), two.json()) == ({"effect": 1, "payload": 7}, {"effect": 2, "payload": 7})
    assert fake.effects.count == 2


async def test_without_the_header_or_on_other_paths_nothing_changes(
    client: httpx.AsyncClient, fake: FakeContainer
) -> None:
    for _ in range(2):
        response = await client.post("/payments/balance/add/", json={"amount": "1"}, headers=_as(1))
        assert response.status_code == 201
        response = await client.post("/payments/other/", json={"amount": "1"}, headers=_as(1, "k"))
        assert response.status_code == 201
    assert fake.effects.count == 4


async def test_a_4xx_answer_is_kept_and_replayed(client: httpx.AsyncClient, fake: FakeContainer) -> None:
    fake.effects.fail_with = 400
    first = await client.post("/payments/balance/add/", json={"amount": "1"}, headers=_as(1, "k"))
    assert (first.status_code, first.json()) == (400, {"error": "Insufficient balance"})
    fake.effects.fail_with = None
    retry = await client.post("/payments/balance/add/", json={"amount": "1"}, headers=_as(1, "k"))
    assert (retry.status_code, retry.json()) == (400, {"error": "Insufficient balance"})
    assert retry.headers["idempotent-replayed"] == "true"
    assert fake.effects.count == 1


async def test_a_5xx_before_the_commit_leaves_nothing_so_a_retry_runs(
    client: httpx.AsyncClient, fake: FakeContainer
) -> None:
    fake.effects.fail_with = 500
    first = await client.post("/payments/balance/add/", json={"amount": "1"}, headers=_as(1, "k"))
    assert first.status_code == 500
    fake.effects.fail_with = None
    retry = await client.post("/payments/balance/add/", json={"amount": "1"}, headers=_as(1, "k"))
    assert (retry.status_code, retry.json()) == (201, {"effect": 2, "payload": {"amount": "1"}})
    assert "idempotent-replayed" not in retry.headers


async def test_a_503_after_the_commit_is_followed_by_a_replay_not_a_second_effect(
    client: httpx.AsyncClient, fake: FakeContainer
) -> None:
    fake.effects.fail_with = 503
    first = await client.post("/payments/balance/add/", json={"amount": "1"}, headers=_as(1, "k"))
    assert first.status_code == 503
    fake.effects.fail_with = None
    retry = await client.post("/payments/balance/add/", json={"amount": "1"}, headers=_as(1, "k"))
    assert (retry.status_code, retry.json()) == (201, {"effect": 1, "payload": {"amount": "1"}})
    assert retry.headers["idempotent-replayed"] == "true"
    assert fake.effects.count == 1


async def test_simultaneous_requests_with_one_key_have_one_effect_and_one_answer(
    client: httpx.AsyncClient, fake: FakeContainer
) -> None:
    fake.effects.delay = 0.05
    responses = await asyncio.gather(
        *(client.post("/courses/lectures/3/purchase/", headers=_as(1, "double-click")) for _ in range(20))
    )
    assert fake.effects.count == 1
    assert {(r.status_code, r.content) for r in responses} == {(201, b'{"effect":1,"payload":3}')}
    assert sum(r.headers.get("idempotent-replayed") == "true" for r in responses) == 19


@pytest.mark.parametrize("key", ["", "x" * 256, "clé", "tab\there"])
async def test_a_malformed_key_is_400(client: httpx.AsyncClient, fake: FakeContainer, key: str) -> None:
    headers = {"X-User": "1", "Idempotency-Key": key}
    response = await client.post(
        "/payments/balance/add/", json={"amount": "1"}, headers={k: v.encode() for k, v in headers.items()}
    )
    assert (response.status_code, response.json()) == (400, KEY_INVALID)
    assert fake.effects.count == 0


async def test_the_longest_key_is_accepted(client: httpx.AsyncClient, fake: FakeContainer) -> None:
    key = "~" * 255
    for _ in range(2):
        response = await client.post("/payments/balance/add/", json={"amount": "1"}, headers=_as(1, key))
        assert response.status_code == 201
    assert fake.effects.count == 1


async def test_keys_are_kept_a_day_then_purged(
    client: httpx.AsyncClient, fake: FakeContainer, clock: FrozenClock
) -> None:
    await client.post("/payments/balance/add/", json={"amount": "1"}, headers=_as(1, "k"))
    clock.advance(hours=23, minutes=59)
    again = await client.post("/payments/balance/add/", json={"amount": "2"}, headers=_as(1, "k"))
    assert again.status_code == 409
    clock.advance(minutes=2)
    fresh = await client.post("/payments/balance/add/", json={"amount": "2"}, headers=_as(1, "k"))
    assert (fresh.status_code, fresh.json()) == (201, {"effect": 2, "payload": {"amount": "2"}})


async def test_a_huge_body_is_refused_before_anything_runs(
    client: httpx.AsyncClient, fake: FakeContainer
) -> None:
    body = json.dumps({"amount": "1", "pad": "x" * (1024 * 1024)})
    response = await client.post("/payments/balance/add/", content=body, headers=_as(1, "big"))
    assert (response.status_code, response.json()) == (413, {"detail": "Request body is too large."})
    assert fake.effects.count == 0


# --- the test-only fault hook ----------------------------------------------------------------------------


@pytest.mark.parametrize("environment", ["development", "production"])
def test_the_fault_hook_is_refused_outside_the_test_environment(
    monkeypatch: pytest.MonkeyPatch, environment: str
) -> None:
    monkeypatch.setenv("EDUTRACK_FAULT_INJECTION", "1")
    settings = Settings(environment=environment, password_hashing="argon2id", secret_key="s" * 40)
    with pytest.raises(RuntimeError, match="only with EDUTRACK_ENV=test"):
        build_container(settings, backend="memory")


def test_without_the_variable_the_fault_header_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EDUTRACK_FAULT_INJECTION", raising=False)
    container = build_container(Settings(environment="test", password_hashing="fast"), backend="memory")
    assert not container.get(FaultInjector).enabled
