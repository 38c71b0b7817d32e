"""Item analysis and results timings over a large quiz, in-process (no server): seeds a database once,
then times the endpoints warm so old and new code can be interleaved on the same data.

    .venv/bin/python bench/quiz_stats.py seed [--students 500] [--stats-attempts 10000]
    .venv/bin/python bench/quiz_stats.py time --database NAME [--runs 9] [--label TEXT]
    .venv/bin/python bench/quiz_stats.py drop --database NAME

``seed`` creates ``edutrack_bench_stats_<pid>``, migrates it and seeds it as ``bench/quiz_load.py`` does
(its ``seed`` and ``seed_statistics``: one teacher, 20 single-choice questions, ``--students`` students,
``--stats-attempts`` closed attempts of the statistics quiz, then ``VACUUM ANALYZE``); prints the name and
the quiz id. ``time`` runs the app in-process (``httpx.ASGITransport``, the same database) and, for
``average`` then ``best`` scoring, times ``GET /learning/quizzes/{id}/statistics/`` and
``/results/?format=csv`` (2 warm-ups, then ``--runs``), printing every run and the median; it also prints
the SHA-256 of each body so two code versions can be checked to answer the same bytes.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import statistics
import sys
import time
from pathlib import Path

import asyncpg
import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from quiz_load import (  # noqa: E402
    _admin,
    _set_scoring,
    _url,
    login,
    seed,
    seed_statistics,
)
from tests.support.courses import TEACHER_PASSWORD  # noqa: E402

from edutrack.adapters.sql import migrate  # noqa: E402
from edutrack.composition import build_container  # noqa: E402
from edutrack.entrypoints.http.app import create_app  # noqa: E402
from edutrack.settings import Settings  # noqa: E402


async def do_seed(args: argparse.Namespace) -> None:
    name = f"edutrack_bench_stats_{os.getpid()}"
    await _admin(f'CREATE DATABASE "{name}"')
    url = _url(name, "postgresql+asyncpg")
    migrate.upgrade(url)
    container = build_container(Settings(environment="test", database_url=url, password_hashing="fast"))
    t0 = time.perf_counter()
    try:
        seeded = await seed(container, args.students)
    finally:
        await container.dispose()
    print(f"seeded {args.students + 1} students in {time.perf_counter() - t0:.1f} s")
    await seed_statistics(_url(name), seeded.stats_quiz, args.stats_attempts, args.students)
    print(f"database {name} statistics quiz {seeded.stats_quiz}")


async def _stats_quiz(name: str) -> int:
    conn = await asyncpg.connect(_url(name))
    try:
        return int(await conn.fetchval("SELECT id FROM quizzes WHERE title = 'Statistics quiz'"))
    finally:
        await conn.close()


async def do_time(args: argparse.Namespace) -> None:
    name = args.database
    quiz = await _stats_quiz(name)
    url = _url(name, "postgresql+asyncpg")
    settings = Settings(environment="test", database_url=url, password_hashing="fast", log_level="WARNING")
    container = build_container(settings)
    app = create_app(settings, container)
    transport = httpx.ASGITransport(app=app)
    try:
        async with app.lifespan(), httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            teacher = await login(client, "mr_ahmed", TEACHER_PASSWORD)
            base = f"/learning/quizzes/{quiz}/"
            for scoring in args.scorings.split(","):
                await _set_scoring(_url(name), quiz, scoring)
                for label, path in (
                    ("statistics", base + "statistics/"),
                    ("csv", base + "results/?format=csv"),
                ):
                    times, digests = [], set()
                    for n in range(2 + args.runs):
                        began = time.perf_counter()
                        response = await client.get(path, headers=teacher)
                        elapsed = (time.perf_counter() - began) * 1000
                        assert response.status_code == 200, response.text
                        digests.add(hashlib.sha256(response.content).hexdigest()[:16])
                        if n >= 2:
                            times.append(elapsed)
                    runs = " ".join(f"{t:.0f}" for t in times)
                    print(
                        f"{args.label} {scoring} {label}: median {statistics.median(times):.1f} ms "
                        f"[{runs}] sha256 {','.join(sorted(digests))} load {os.getloadavg()[0]:.2f}",
                        flush=True,
                    )
    finally:
        await _set_scoring(_url(name), quiz, "average")
        await container.dispose()


async def do_drop(args: argparse.Namespace) -> None:
    await _admin(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("action", choices=("seed", "time", "drop"))
    parser.add_argument("--students", type=int, default=500)
    parser.add_argument("--stats-attempts", type=int, default=10_000)
    parser.add_argument("--database")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--scorings", default="average,best")
    parser.add_argument("--label", default="")
    arguments = parser.parse_args()
    asyncio.run({"seed": do_seed, "time": do_time, "drop": do_drop}[arguments.action](arguments))
