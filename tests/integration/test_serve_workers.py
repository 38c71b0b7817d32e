"""``edutrack serve --workers 2`` spreads keep-alive connections over its workers (issue 16, ADR 0010's
companion in ``entrypoints/cli/server.py``): each worker listens on its own ``SO_REUSEPORT`` socket.

Linux only: the sockets of each process are read from ``/proc``.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.support.servers import server_process

pytestmark = [
    pytest.mark.anyio,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc"),
]
LISTEN, ESTABLISHED = "0A", "01"


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _sockets(pid: int, port: int) -> dict[str, int]:
    """Count of this process's TCP sockets on ``port`` (local side) by state."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    states: dict[str, int] = {}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            parts = line.split()
            local_port = int(parts[1].rsplit(":", 1)[1], 16)
            if local_port == port and parts[9] in inodes:
                states[parts[3]] = states.get(parts[3], 0) + 1
    return states


def _workers_listening(parent: int, port: int, count: int) -> list[int]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        # uvicorn's own supervisor would show one shared socket; ours shows one per worker
        workers = [pid for pid in _children(parent) if _sockets(pid, port).get(LISTEN)]
        if len(workers) >= count:
            return workers
        time.sleep(0.2)
    raise AssertionError(f"{count} workers did not listen within 60 s")


async def test_keep_alive_connections_are_spread_over_the_workers(tmp_path: Path) -> None:
    settings = {"EDUTRACK_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'serve.db'}"}
    from edutrack.adapters.sql import migrate

    migrate.upgrade(settings["EDUTRACK_DATABASE_URL"])
    with server_process(settings, workers=2) as (base_url, server):
        port = int(base_url.rsplit(":", 1)[1])
        workers = _workers_listening(server.pid, port, 2)
        limits = httpx.Limits(max_connections=32, max_keepalive_connections=32)
        async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=30) as client:
            answers = await asyncio.gather(*(client.get("/health/") for _ in range(32)))
            assert {answer.status_code for answer in answers} == {200}
            held = {pid: _sockets(pid, port).get(ESTABLISHED, 0) for pid in workers}

    assert sum(held.values()) == 32, held
    # a hash spreads 32 connections over 2 sockets; fewer than 4 on one is a 1-in-100,000 draw
    assert min(held.values()) >= 4, held
