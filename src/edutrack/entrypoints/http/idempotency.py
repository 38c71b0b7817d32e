"""``Idempotency-Key`` on the requests that move money: a retry gets the first answer, never a second effect.

Applies to ``POST /courses/lectures/{id}/purchase/``, ``POST /payments/codes/redeem/`` and
``POST /payments/balance/add/`` when the header is present (without it they behave as usual). Keys belong
to the authenticated user, so this middleware runs after ``AuthenticationMiddleware``.

- The request's fingerprint is its method, path (trailing slash ignored) and body (JSON compared by
  value, so key order and spacing do not matter).
- The first request with a key reserves it and runs; its answer (status and body, 4xx included) is stored
  *before* it is sent, so a client that saw an answer always gets the same one back.
- A retry with the same key and fingerprint gets the stored answer with ``Idempotent-Replayed: true``.
  One that arrives while the first is still running waits for it (up to 10 s; then 409).
- The same key with another fingerprint: 409 ``{"detail": "Idempotency key reused with a different
  request."}``.
- An answer with no definite outcome (5xx, 429, or no answer at all) is not stored: the key is released
  and a retry runs the request again.
- Keys are kept at least 24 hours; older ones are purged now and then (at most once a minute per process).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
import time
from datetime import datetime

import structlog
from litestar import Litestar
from litestar._openapi.plugin import OpenAPIPlugin  # the cached JSON document lives here
from litestar.enums import ScopeType
from litestar.exceptions.http_exceptions import RequestEntityTooLarge
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from edutrack.core.actor import Actor
from edutrack.core.errors import Conflict, ValidationFailed
from edutrack.ports.idempotency import (
    KEY_RETENTION,
    IdempotencyStore,
    InProgress,
    Mismatch,
    Replay,
    Reservation,
    Reserved,
)

HEADER = b"idempotency-key"
REPLAYED_HEADER = b"idempotent-replayed"
MAX_KEY_LENGTH = 255
MAX_BODY_BYTES = 1024 * 1024
IDEMPOTENT_PATHS = (
    re.compile(r"^/courses/lectures/[^/]+/purchase/?$"),
    re.compile(r"^/payments/codes/redeem/?$"),
    re.compile(r"^/payments/balance/add/?$"),
)
KEY_INVALID = f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} printable ASCII characters."
KEY_REUSED = "Idempotency key reused with a different request."
STILL_RUNNING = "A request with this Idempotency-Key is still being processed."

HEADER_DOC = (
    "Optional. Makes the request safe to retry: a retry with the same key and body returns the first "
    "answer (same status and body, header `Idempotent-Replayed: true`) without a second effect, also when "
    "both arrive at once (the retry waits up to 10 s for the first). The same key with a different body is "
    f'409 {{"detail": "{KEY_REUSED}"}}. Keys are per user, 1 to {MAX_KEY_LENGTH} printable ASCII '
    "characters (else 400), and kept at least 24 hours. Answers 5xx and 429 are not kept."
)

log = structlog.get_logger("edutrack.idempotency")


def _header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return bytes(value)
    return None


def is_idempotent_request(scope: Scope) -> bool:
    return (
        scope.get("method") == "POST"
        and any(pattern.match(str(scope.get("path", ""))) for pattern in IDEMPOTENT_PATHS)
        and _header(scope, HEADER) is not None
    )


def valid_key(raw: bytes) -> str:
    """The key as text, or a 400 when it is empty, too long or not printable ASCII."""
    if not 0 < len(raw) <= MAX_KEY_LENGTH or any(not 0x20 <= byte <= 0x7E for byte in raw):
        raise ValidationFailed({"Idempotency-Key": [KEY_INVALID]})
    return raw.decode("ascii")


def fingerprint(method: str, path: str, body: bytes) -> str:
    """SHA-256 of method, path and body; a JSON body is taken by value (canonical form)."""
    try:
        canonical = json.dumps(
            json.loads(body), sort_keys=True, separators=(",", ":"), ensure_ascii=False
        ).encode()
    except ValueError:
        canonical = body
    digest = hashlib.sha256()
    for part in (method.encode(), path.rstrip("/").encode(), canonical):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


async def _read_body(receive: Receive) -> bytes | None:
    """The whole request body; None when the client went away; 413 past ``MAX_BODY_BYTES`` (these
    endpoints take a few small JSON fields, and the body has to be held in memory to be fingerprinted)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return None
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise RequestEntityTooLarge()
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replaying(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that hands the already-read body to the app once, then defers to the client's."""
    pending = True

    async def receive_again() -> Message:
        nonlocal pending
        if pending:
            pending = False
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return receive_again  # type: ignore[return-value]


async def _send_answer(send: Send, status: int, body: bytes, *, replayed: bool = False) -> None:
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if replayed:
        headers.append((REPLAYED_HEADER, b"true"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})


def _definite(status: int) -> bool:
    """Whether an answer is final: 5xx and 429 say "try again", so they are not kept."""
    return status < 500 and status != 429


class IdempotencyMiddleware(ASGIMiddleware):
    scopes = (ScopeType.HTTP,)

    def __init__(self, *, poll_interval: float = 0.05, wait_limit: float = 10.0) -> None:
        self.poll_interval = poll_interval
        self.wait_limit = wait_limit
        # When this process last purged old keys: a best-effort throttle, shared by all requests on purpose.
        self._last_purge: datetime | None = None

    @staticmethod
    def should_bypass_for_scope(scope: Scope) -> bool:
        return not is_idempotent_request(scope)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        actor: Actor | None = scope.get("user")
        if actor is None:
            await next_app(scope, receive, send)
            return
        key = valid_key(_header(scope, HEADER) or b"")
        body = await _read_body(receive)
        if body is None:
            return
        registry = scope["litestar_app"].state.registry  # type: ignore[typeddict-item]
        store: IdempotencyStore = registry.get(IdempotencyStore)
        now: datetime = registry.clock.now()
        await self._purge_now_and_then(store, now)
        request_hash = fingerprint(str(scope["method"]), str(scope["path"]), body)
        outcome = await self._reserve(store, actor.user_id, key, request_hash, now)
        if isinstance(outcome, Reserved):
            await self._run(store, actor.user_id, key, scope, _replaying(body, receive), send, next_app)
        elif isinstance(outcome, Replay):
            await _send_answer(send, outcome.status, outcome.body, replayed=True)
        elif isinstance(outcome, Mismatch):
            raise Conflict(KEY_REUSED)
        else:
            raise Conflict(STILL_RUNNING)

    async def _reserve(
        self, store: IdempotencyStore, user_id: int, key: str, request_hash: str, now: datetime
    ) -> Reservation:
        """Reserve the key; while another request holds it, poll until it answers or ``wait_limit``."""
        deadline = time.monotonic() + self.wait_limit
        while True:
            outcome = await store.reserve(user_id, key, request_hash, now)
            if not isinstance(outcome, InProgress) or time.monotonic() >= deadline:
                return outcome
            await asyncio.sleep(self.poll_interval)

    async def _run(
        self,
        store: IdempotencyStore,
        user_id: int,
        key: str,
        scope: Scope,
        receive: Receive,
        send: Send,
        next_app: ASGIApp,
    ) -> None:
        """Run the request holding the key; keep its answer (or release the key), then send the answer."""
        messages: list[Message] = []
        status: int | None = None

        async def capture(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            messages.append(message)

        try:
            await next_app(scope, receive, capture)
        except BaseException:
            await asyncio.shield(store.release(user_id, key))
            raise
        if status is not None and _definite(status):
            body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
            try:
                await store.complete(user_id, key, status, body)
            except Exception:
                # The effect happened: keep the key reserved (a retry waits, then gets 409, and is never
                # run twice) and still give this client its answer.
                log.exception("idempotency_complete_failed", user_id=user_id)
        else:
            await store.release(user_id, key)
        for message in messages:
            await send(message)

    async def _purge_now_and_then(self, store: IdempotencyStore, now: datetime) -> None:
        if self._last_purge is not None and (now - self._last_purge).total_seconds() < 60:
            return
        self._last_purge = now
        await store.purge_older_than(now - KEY_RETENTION)


def document_idempotency(app: Litestar) -> None:
    """At start-up: document the ``Idempotency-Key`` header (and its 409) on the endpoints that honour it."""
    document = app.plugins.get(OpenAPIPlugin).provide_openapi_schema()
    for path, operations in document.get("paths", {}).items():
        operation = operations.get("post")
        if operation is None or not any(pattern.match(path) for pattern in IDEMPOTENT_PATHS):
            continue
        operation.setdefault("parameters", []).append(
            {
                "name": "Idempotency-Key",
                "in": "header",
                "required": False,
                "description": HEADER_DOC,
                "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH},
            }
        )
        operation.setdefault("responses", {}).setdefault(
            "409", {"description": f"{KEY_REUSED} / {STILL_RUNNING}"}
        )
