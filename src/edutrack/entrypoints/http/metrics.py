"""Prometheus metrics at ``/metrics`` (docs/adr/0013-metrics-and-logs.md has the why).

- Requests, labelled by route template (never the raw path), method and final status, with a latency
  histogram (``edutrack_requests_total``, ``edutrack_request_duration_seconds``). Litestar's
  ``PrometheusMiddleware`` is not used to record them: an exception raised by another middleware (the
  401 of authentication, a CSRF 403) leaves it before the response exists, and it records a 200. Here a
  middleware notes the start and a ``before_send`` hook, which sees every response as it leaves the
  application, records the outcome.
- Business events, counted from the HTTP outcome of the routes that produce them (``BUSINESS_EVENTS``):
  a purchase is a 201 from the purchase route, a failed login a 400/401 from login or token, a throttled
  request any 429. Idempotent replays (``Idempotent-Replayed: true``) are not counted twice.
- Database pool gauges, per engine (``pool="primary"`` / ``"reader"`` (SQLite) / ``"replica"``
  (EDUTRACK_DATABASE_READ_URL)), refreshed after every request and at each scrape.
- Job queue depth by status, read from PostgreSQL at each scrape (``EDUTRACK_JOBS=queue`` only).

Under ``edutrack serve`` the values live in ``PROMETHEUS_MULTIPROC_DIR`` (prometheus_client's
multiprocess mode, set up before the workers start), so a scrape answered by any worker shows the totals
of all of them; the pool gauges are summed over the live workers.
"""

from __future__ import annotations

import hmac
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from litestar import Request, Response, get
from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.plugins.prometheus import PrometheusController
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy.ext.asyncio import AsyncEngine

from edutrack.composition import Container
from edutrack.settings import Settings

PREFIX = "edutrack"
REPLAYED_HEADER = b"idempotent-replayed"

disable_created_metrics()  # the *_created series only double the output; restarts show in process_start_time

EXCLUDED = ("^/metrics", "^/health", "^/schema", "^/media/")  # probes and files: not the API's traffic
STARTED, STATUS, REPLAYED = "metrics_started", "metrics_status", "metrics_replayed"

REQUESTS = Counter(
    f"{PREFIX}_requests",
    "Requests by route template, method and final status",
    ["method", "path", "status_code"],
)
LATENCY = Histogram(
    f"{PREFIX}_request_duration_seconds",
    "Time from routing to the last byte of the response, in seconds",
    ["method", "path", "status_code"],
)
PURCHASES = Counter(f"{PREFIX}_purchases", "Lectures bought (201 from the purchase route)")
REDEMPTIONS = Counter(
    f"{PREFIX}_redemptions",
    "Codes redeemed: kind=recharge (wallet recharge codes), kind=enrollment (Appsembler enrollment codes)",
    ["kind"],
)
FAILED_LOGINS = Counter(
    f"{PREFIX}_failed_logins", "Login or token requests refused with 400 or 401 (a 429 counts as throttled)"
)
THROTTLED = Counter(f"{PREFIX}_throttled_requests", "Requests answered 429, by route template", ["path"])
POOL_CHECKED_OUT = Gauge(
    f"{PREFIX}_db_pool_checked_out",
    "Database connections in use (summed over the live workers)",
    ["pool"],
    multiprocess_mode="livesum",
)
POOL_OVERFLOW = Gauge(
    f"{PREFIX}_db_pool_overflow",
    "Connections open beyond the pool size (summed over the live workers)",
    ["pool"],
    multiprocess_mode="livesum",
)
POOL_SIZE = Gauge(
    f"{PREFIX}_db_pool_size",
    "Connections the pools keep (summed over the live workers)",
    ["pool"],
    multiprocess_mode="livesum",
)


@dataclass(frozen=True, slots=True)
class BusinessEvent:
    """``count`` is called once per response of ``method`` on ``path`` (a route template) whose status
    ``counts`` admits."""

    method: str
    path: str
    counts: Callable[[int], bool]
    count: Callable[[], None]


BUSINESS_EVENTS: tuple[BusinessEvent, ...] = (
    BusinessEvent("POST", "/courses/lectures/{lecture_id}/purchase", lambda s: s == 201, PURCHASES.inc),
    BusinessEvent(
        "POST", "/payments/codes/redeem", lambda s: s == 200, REDEMPTIONS.labels(kind="recharge").inc
    ),
    BusinessEvent(
        "POST",
        "/appsembler_api/v0/enrollment-codes/enroll-user",
        lambda s: s == 200,
        REDEMPTIONS.labels(kind="enrollment").inc,
    ),
    BusinessEvent("POST", "/accounts/login", lambda s: s in (400, 401), FAILED_LOGINS.inc),
    BusinessEvent("POST", "/accounts/token", lambda s: s in (400, 401), FAILED_LOGINS.inc),
)
_EVENTS = {(event.method, event.path): event for event in BUSINESS_EVENTS}


def count_outcome(method: str, path_template: str, status: int, *, replayed: bool) -> None:
    """Count the business event a response stands for, if any (never a replayed answer)."""
    if replayed:
        return
    if status == 429:
        THROTTLED.labels(path=path_template).inc()
        return
    event = _EVENTS.get((method, path_template))
    if event is not None and event.counts(status):
        event.count()


def _pools(container: Container) -> Iterator[tuple[str, Any]]:
    for index, engine in enumerate(container.engines):
        name = "replica" if engine is container.replica_engine else "primary" if index == 0 else "reader"
        yield name, engine.sync_engine.pool


def refresh_pool_gauges(container: Container) -> None:
    """Read this process's pools now (a pool without a size, SQLite's static one, is skipped)."""
    for name, pool in _pools(container):
        if not all(hasattr(pool, attr) for attr in ("checkedout", "overflow", "size")):
            continue
        POOL_CHECKED_OUT.labels(pool=name).set(pool.checkedout())
        POOL_OVERFLOW.labels(pool=name).set(max(0, pool.overflow()))
        POOL_SIZE.labels(pool=name).set(pool.size())


class RequestTimer(ASGIMiddleware):
    """The first middleware of every routed request: notes when it started (``observe`` records it)."""

    scopes = (ScopeType.HTTP,)
    exclude_path_pattern = EXCLUDED

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        scope.setdefault("state", {})[STARTED] = time.perf_counter()  # type: ignore[typeddict-item]
        await next_app(scope, receive, send)


async def observe(message: Message, scope: Scope) -> None:
    """``before_send``: the response as it leaves the app, whatever produced it (handler, middleware or
    exception handler). Recorded once, at its last body message."""
    state: dict[str, Any] = scope.get("state", {})  # type: ignore[assignment]
    if STARTED not in state:
        return
    if message["type"] == "http.response.start":
        state[STATUS] = message["status"]
        state[REPLAYED] = any(name.lower() == REPLAYED_HEADER for name, _ in message.get("headers", []))
        return
    if message["type"] != "http.response.body" or message.get("more_body", False):
        return
    elapsed = time.perf_counter() - state.pop(STARTED)
    method, path, status = str(scope.get("method", "")), str(scope.get("path_template", "")), state[STATUS]
    labels = {"method": method, "path": path, "status_code": str(status)}
    REQUESTS.labels(**labels).inc()
    LATENCY.labels(**labels).observe(elapsed)
    count_outcome(method, path, status, replayed=state[REPLAYED])
    refresh_pool_gauges(scope["litestar_app"].state.registry)  # type: ignore[typeddict-item]


class _QueueDepth(Collector):
    def __init__(self, depth: dict[str, int]) -> None:
        self.depth = depth

    def collect(self) -> Iterator[GaugeMetricFamily]:
        family = GaugeMetricFamily(
            f"{PREFIX}_job_queue_jobs", "Jobs in the PostgreSQL queue by status", labels=["status"]
        )
        for status, count in sorted(self.depth.items()):
            family.add_metric([status], count)
        yield family


async def _scrape_time_metrics(container: Container) -> bytes:
    """The values read at scrape time, from the database: the same whichever worker answers."""
    if container.settings.jobs != "queue" or not container.engines:
        return b""
    from edutrack.adapters.jobs.queue_depth import queue_depth

    engine: AsyncEngine = container.engines[0]
    registry = CollectorRegistry(auto_describe=True)
    registry.register(_QueueDepth(await queue_depth(engine)))
    return generate_latest(registry)


def _forget_dead_workers(directory: Path) -> None:
    """A worker uvicorn replaced leaves its gauge files; its counters stay (they were counted), its
    gauges go (``mark_process_dead``), so the pool gauges sum the live workers only."""
    for path in directory.glob("gauge_live*_*.db"):
        pid = int(path.stem.rsplit("_", 1)[1])
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            multiprocess.mark_process_dead(pid, str(directory))  # type: ignore[no-untyped-call]
        except PermissionError:  # alive, another user's
            continue


def exposition() -> bytes:
    """This process's metrics, or all workers' under multiprocess mode."""
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
        _forget_dead_workers(Path(os.environ["PROMETHEUS_MULTIPROC_DIR"]))
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry)
    return generate_latest(REGISTRY)


class MetricsController(PrometheusController):
    """``GET /metrics``: open like /health unless ``EDUTRACK_METRICS_TOKEN`` is set, then only with
    ``Authorization: Bearer <token>`` (404 otherwise, the route's existence is not advertised)."""

    path = "/metrics"
    token = ""  # set by ``metrics_parts`` from the settings the app is created with

    @get(opt={"public": True}, include_in_schema=False)
    async def get(self, request: Request[Any, Any, Any]) -> Response[bytes]:  # type: ignore[override]
        container: Container = request.app.state.registry
        if self.token and not hmac.compare_digest(
            request.headers.get("authorization", "").encode(), f"Bearer {self.token}".encode()
        ):
            return Response(b"Not Found", status_code=404, headers={"Content-Type": "text/plain"})
        scraped = await _scrape_time_metrics(container)
        refresh_pool_gauges(container)
        return Response(exposition() + scraped, headers={"Content-Type": CONTENT_TYPE_LATEST})


def metrics_parts(settings: Settings) -> tuple[list[Any], list[type[MetricsController]], list[Any]]:
    """The middleware, the controller and the ``before_send`` hook ``create_app`` adds when
    ``EDUTRACK_METRICS_ENABLED``."""
    controller = type("MetricsController", (MetricsController,), {"token": settings.metrics_token})
    return [RequestTimer()], [controller], [observe]
