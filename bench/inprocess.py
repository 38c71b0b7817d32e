"""Time endpoints in process, straight through the ASGI app (no HTTP client, no server): the Python the
app spends per request, with and without the profiler's count of function calls.

    PYTHONPATH=src:. .venv/bin/python bench/inprocess.py --database edutrack_bench_api \\
        /courses/lectures/1/ /courses/topics/1/ --user bench_owner [--profile 25]

Per path: 50 warm-up calls, then 5 rounds of ``--requests`` calls; prints the median per request of the
process's CPU time and of the wall time (the database's time is in the wall, not in the CPU). With
``--profile N`` it runs the rounds under cProfile instead and prints the function calls per request (a
count that a noisy machine does not move) and the N costliest functions.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._support import app_in_process, bearer, pg_url


async def call(app: Any, path: str, headers: dict[str, str]) -> tuple[int, bytes]:
    route, _, query = path.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": route,
        "raw_path": route.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(b"host", b"bench")] + [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 5000),
        "server": ("bench", 80),
        "state": {},
    }
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope, receive, send)
    return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])


async def run(args: argparse.Namespace) -> None:
    database_url = pg_url(args.database, "postgresql+asyncpg")
    async with app_in_process(database_url, environment="production", secret_key="bench-" * 12) as (app, _):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            headers = await bearer(client, args.user)
        for path in args.paths:
            await measure(app, path, headers, args)


async def measure(app: Any, path: str, headers: dict[str, str], args: argparse.Namespace) -> None:
    for _ in range(50):
        status, body = await call(app, path, headers)
    assert status == 200, (path, status, body[:200])
    profiler = cProfile.Profile() if args.profile else None
    cpu, wall = [], []
    if profiler:
        profiler.enable()
    for _ in range(5):
        started, cpu_started = time.perf_counter(), time.process_time()
        for _ in range(args.requests):
            await call(app, path, headers)
        wall.append((time.perf_counter() - started) / args.requests * 1000)
        cpu.append((time.process_time() - cpu_started) / args.requests * 1000)
    if profiler:
        profiler.disable()
        stats = pstats.Stats(profiler)
        print(f"{path}: {stats.total_calls // (5 * args.requests)} function calls per request")  # type: ignore[attr-defined]
        stats.sort_stats("tottime").print_stats(args.profile)
        return
    print(f"{path:45s} cpu {statistics.median(cpu):7.3f} ms   wall {statistics.median(wall):7.3f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--database", required=True, help="a database filled by bench/dataset.py")
    parser.add_argument("--user", default="bench_owner")
    parser.add_argument("--requests", type=int, default=300, help="calls per round (5 rounds)")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="profile; print N functions")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
