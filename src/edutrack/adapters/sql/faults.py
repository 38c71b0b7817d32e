"""Test-only fault injection: lose the database connection at a chosen point of one request.

Enabled only when ``EDUTRACK_ENV=test`` *and* ``EDUTRACK_FAULT_INJECTION=1`` (``composition/idempotency.py``
refuses the variable in any other environment, so production cannot turn it on). A request then names
its fault in the ``X-Test-Fault`` header, ``<point>:<sql fragment>``:

- ``before-statement:<fragment>`` — the backend is terminated just before the first statement containing
  the fragment (``SELECT pg_terminate_backend(pg_backend_pid())`` on the same connection);
- ``after-statement:<fragment>`` — just after that statement ran;
- ``before-commit:<fragment>`` — when the transaction that ran such a statement is about to commit;
- ``after-commit:<fragment>`` — that transaction is committed on the driver connection, then the backend
  is terminated: the effect is in the database, but the application's commit fails (a 503).

Each fault fires at most once per request. Without the header (or when disabled) nothing happens.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

POINTS = ("before-statement", "after-statement", "before-commit", "after-commit")
KILL = "SELECT pg_terminate_backend(pg_backend_pid())"


@dataclass
class Fault:
    point: str
    fragment: str
    seen: bool = False
    fired: bool = False


_current: contextvars.ContextVar[Fault | None] = contextvars.ContextVar("edutrack_fault", default=None)


def parse(spec: str) -> Fault | None:
    point, _, fragment = spec.partition(":")
    if point not in POINTS or not fragment:
        return None
    return Fault(point, fragment)


def _armed(point: str) -> Fault | None:
    fault = _current.get()
    if fault is None or fault.fired or fault.point != point:
        return None
    return fault


def _kill(cursor: Any) -> None:
    try:
        cursor.execute(KILL)
    except Exception as exc:  # the backend dies while answering: that is the point
        raise ConnectionResetError("fault injected: the database connection was terminated") from exc
    raise ConnectionResetError("fault injected: the database connection was terminated")


def _before(_conn, cursor, statement, _params, _context, _many):  # type: ignore[no-untyped-def]
    fault = _armed("before-statement")
    if fault is not None and fault.fragment in statement:
        fault.fired = True
        _kill(cursor)


def _after(_conn, cursor, statement, _params, _context, _many):  # type: ignore[no-untyped-def]
    fault = _current.get()
    if fault is None or fault.fired or fault.fragment not in statement:
        return
    fault.seen = True
    if fault.point == "after-statement":
        fault.fired = True
        _kill(cursor)


def _commit(conn):  # type: ignore[no-untyped-def]
    """Before the commit: kill the backend, the transaction is lost. "After" it: commit on the driver
    connection first, then kill the backend, so the effect is saved and the client's commit fails."""
    fault = _current.get()
    if fault is None or fault.fired or not fault.seen or fault.point not in {"before-commit", "after-commit"}:
        return
    fault.fired = True
    driver = conn.connection.dbapi_connection
    if fault.point == "after-commit":
        driver.commit()
    _kill(driver.cursor())


class FaultInjector:
    """Arms a fault for the duration of one request. Built without engines it is disabled and ignores
    every header (production, ordinary tests); with engines it hooks their PostgreSQL ones."""

    def __init__(self, engines: list[AsyncEngine] | None = None) -> None:
        self.enabled = engines is not None
        for engine in engines or []:
            if engine.dialect.name != "postgresql":
                continue
            event.listen(engine.sync_engine, "before_cursor_execute", _before)
            event.listen(engine.sync_engine, "after_cursor_execute", _after)
            event.listen(engine.sync_engine, "commit", _commit)

    @contextmanager
    def armed(self, spec: str | None) -> Iterator[None]:
        fault = parse(spec) if spec and self.enabled else None
        token = _current.set(fault)
        try:
            yield
        finally:
            _current.reset(token)
