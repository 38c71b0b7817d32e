"""``Idempotency-Key`` on the requests that move money: a retry gets the first answer, never a second effect.

Applies to ``POST /courses/lectures/{id}/purchase/``, ``POST /payments/codes/redeem/``,
``POST /payments/balance/add/`` and ``PATCH /courses/purchases/{id}/reopen/`` when the header is present
(without it they behave as usual). Keys belong to the authenticated user, so this middleware runs after
``AuthenticationMiddleware``. The outcome is saved with the effect, in the use case's own transaction
(docs/adr/0007-idempotency-commits-with-the-effect.md); this edge only:

- checks the key (400 when malformed) and fingerprints the request: method, path (trailing slash ignored)
  and body (JSON compared by value, so key order and spacing do not matter);
- answers 409 ``{"detail": "Idempotency key reused with a different request."}`` to the same key with
  another fingerprint, and replays a stored refusal (a 4xx other than 429) with
  ``Idempotent-Replayed: true``;
- hands the handler an ``IdempotencyRequest`` (``idempotency_of(request)``), which it passes into its use
  case's command: the use case claims the key inside its transaction (a concurrent duplicate waits for
  the first to commit) and either returns the stored result, marking it replayed, or acts and stores its
  result with the effect;
- adds ``Idempotent-Replayed: true`` to a replayed answer, and keeps a refusal's answer in a short
  transaction of its own (a refusal has no effect). An answer without a definite outcome (5xx, 429) is not
  kept: if its transaction committed, the retry finds the result; if not, the retry runs afresh.
- Keys are kept at least 24 hours; older ones are purged now and then (at most once a minute per process).

With the test-only fault injector enabled (``adapters/sql/faults.py``), ``X-Test-Fault`` arms a lost
connection for this request; otherwise that header is ignored.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime
from typing import Annotated

import structlog
from litestar import Request
from litestar.enums import ScopeType
from litestar.exceptions.http_exceptions import RequestEntityTooLarge
from litestar.middleware import ASGIMiddleware
from litestar.openapi.spec.enums import OpenAPIType
from litestar.params import HeaderParameter
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from edutrack.adapters.sql.faults import FaultInjector
from edutrack.core.actor import Actor
from edutrack.core.errors import Conflict, ValidationFailed
from edutrack.ports.idempotency import KEY_RETENTION, KEY_REUSED, IdempotencyRequest, IdempotencyStore

HEADER = b"idempotency-key"
FAULT_HEADER = b"x-test-fault"
REPLAYED_HEADER = b"idempotent-replayed"
STATE_KEY = "idempotency"
MAX_KEY_LENGTH = 255
MAX_BODY_BYTES = 1024 * 1024
IDEMPOTENT_PATHS = (
    ("POST", re.compile(r"^/courses/lectures/[^/]+/purchase/?$")),
    ("POST", re.compile(r"^/payments/codes/redeem/?$")),
    ("POST", re.compile(r"^/payments/balance/add/?$")),
    ("PATCH", re.compile(r"^/courses/purchases/[^/]+/reopen/?$")),
)
KEY_INVALID = f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} printable ASCII characters."

HEADER_DOC = (
    "Optional. Makes the request safe to retry: a retry with the same key and body returns the first "
    "answer (same status and body, header `Idempotent-Replayed: true`) without a second effect, also when "
    "both arrive at once (the retry waits for the first to finish) and when the first answer was lost or "
    "was a 5xx (the key is saved in the same transaction as the effect). The same key with a different "
    f'body is 409 {{"detail": "{KEY_REUSED}"}}. Keys are per user, 1 to {MAX_KEY_LENGTH} printable ASCII '
    "characters (else 400), and kept at least 24 hours. Answers 5xx and 429 are not kept."
)

log = structlog.get_logger("edutrack.idempotency")


def _header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return bytes(value)
    return None


def is_idempotent_request(scope: Scope) -> bool:
    method, path = scope.get("method"), str(scope.get("path", ""))
    return _header(scope, HEADER) is not None and any(
        method == verb and pattern.match(path) for verb, pattern in IDEMPOTENT_PATHS
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


def _refusal(status: int) -> bool:
    """A 4xx is final and had no effect, so it is kept; 429 says "try again later", so it is not."""
    return 400 <= status < 500 and status != 429


class IdempotencyMiddleware(ASGIMiddleware):
    scopes = (ScopeType.HTTP,)

    def __init__(self) -> None:
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
        request = IdempotencyRequest(
            actor.user_id, key, fingerprint(str(scope["method"]), str(scope["path"]), body)
        )
        faults: FaultInjector = registry.get(FaultInjector)
        with faults.armed((_header(scope, FAULT_HEADER) or b"").decode("latin-1")):
            await self._purge_now_and_then(store, now)
            found = await store.find(request.user_id, key)
            if found is not None and found.fingerprint != request.fingerprint:
                raise Conflict(KEY_REUSED)
            if found is not None and found.status is not None and found.body is not None:
                await _send_answer(send, found.status, found.body, replayed=True)
                return
            scope.setdefault("state", {})[STATE_KEY] = request  # type: ignore[typeddict-unknown-key]
            await self._run(store, request, now, scope, _replaying(body, receive), send, next_app)

    async def _run(
        self,
        store: IdempotencyStore,
        request: IdempotencyRequest,
        now: datetime,
        scope: Scope,
        receive: Receive,
        send: Send,
        next_app: ASGIApp,
    ) -> None:
        """Run the request (its use case claims the key and saves its result with the effect); keep a
        refusal's answer; mark a replayed answer."""
        messages: list[Message] = []
        status: int | None = None

        async def capture(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            messages.append(message)

        await next_app(scope, receive, capture)
        if request.refused:  # a duplicate was refused while this one waited: answer its refusal
            found = await store.find(request.user_id, request.key)
            if found is not None and found.status is not None and found.body is not None:
                await _send_answer(send, found.status, found.body, replayed=True)
                return
        if request.replayed:
            for message in messages:
                if message["type"] == "http.response.start":
                    message["headers"] = [*message.get("headers", []), (REPLAYED_HEADER, b"true")]
        elif status is not None and _refusal(status):
            body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
            try:
                await store.refuse(request, status, body, now)
            except Exception:  # the refusal stands; a retry is refused again by the rules
                log.exception("idempotency_refusal_not_kept", user_id=request.user_id)
        for message in messages:
            await send(message)

    async def _purge_now_and_then(self, store: IdempotencyStore, now: datetime) -> None:
        if self._last_purge is not None and (now - self._last_purge).total_seconds() < 60:
            return
        self._last_purge = now
        await store.purge_older_than(now - KEY_RETENTION)


def idempotency_of(request: Request) -> IdempotencyRequest | None:
    """The key of this request, for the handler to pass into its use case's command (None without one)."""
    found = request.scope.get("state", {}).get(STATE_KEY)
    return found if isinstance(found, IdempotencyRequest) else None


IdempotencyKey = Annotated[
    str | None,
    HeaderParameter(
        name="Idempotency-Key",
        description=HEADER_DOC,
        schema_extra={
            "one_of": None,
            "type": OpenAPIType.STRING,
            "min_length": 1,
            "max_length": MAX_KEY_LENGTH,
        },
    ),
]
"""The header as a handler declares it, for the document only: this middleware checks and applies it."""
