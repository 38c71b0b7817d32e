"""In-process timing (and profiling) of the read endpoints of issue 16, through the app, on PostgreSQL.

    PYTHONPATH=src:. .venv/bin/python bench/profile_reads.py [--purchases 200000] [--runs 40]
        [--database NAME] [--keep] [--dump FILE] [--profile NAME]

Loads the revenue benchmark's data set (bench/revenue_benchmark.py: 100 courses × 4 topics × 5 lectures,
20,000 students, ``--purchases`` purchases) plus two videos per lecture into a throwaway database
``edutrack_reads_<pid>`` (or reuses ``--database``, already loaded, e.g. one kept by ``--keep``), builds
the app (``create_app``/``build_container``) and calls each endpoint through ``httpx.ASGITransport``:
two warm-up calls each, then ``--runs`` rounds over all endpoints, interleaved (a noisy neighbour slows
every endpoint alike); prints the median and p90 per endpoint, and the median CPU time of this process
per request (the app's Python: steadier than wall time on a busy machine, and without the database's
time). ``--dump FILE`` writes every response
body (to check that a change leaves them byte-identical: ``cmp`` two dumps); ``--profile NAME`` runs
that endpoint ``--runs`` times more under pyinstrument and prints the profile (pip install pyinstrument).
This is the app's own time (no HTTP server, no network): the service time the issue's targets name,
less the socket and the server's parsing.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
from bench._support import in_process
from bench.revenue_benchmark import PASSWORD, Shape, _admin, _url, load

from edutrack.adapters.sql import migrate
from edutrack.composition import build_container
from edutrack.settings import Settings

VIDEOS = """
INSERT INTO videos (lecture_id, name, platform, video_url, "order", duration_minutes, is_active,
                    created_at, updated_at)
SELECT l.id, 'Video ' || l.id || '.' || n, 'youtube', 'https://example.com/v/' || l.id || '/' || n, n, 10 + n,
       true, timestamptz '2026-01-01 00:00:00+00', timestamptz '2026-01-01 00:00:00+00'
FROM lectures l CROSS JOIN generate_series(1, 2) AS n
"""


def calls(owner: dict[str, str], student: dict[str, str]) -> list[tuple[str, str, dict[str, str]]]:
    year_start = (datetime.now(UTC) - timedelta(days=364)).date().isoformat()
    return [
        ("revenue course", "/payments/revenue/course/1/", owner),
        ("lectures list", "/courses/lectures/", owner),
        ("lectures list (student)", "/courses/lectures/", student),
        ("lecture detail", "/courses/lectures/1/", owner),
        ("topic detail", "/courses/topics/1/", owner),
        ("course detail", "/courses/1/", owner),
        ("course detail (student)", "/courses/1/", student),
        ("revenue summary", "/payments/revenue/summary/", owner),
        ("revenue lecture", "/payments/revenue/lecture/1/", owner),
        ("trends (30 d)", "/payments/revenue/trends/", owner),
        ("trends (365 d)", f"/payments/revenue/trends/?start_date={year_start}", owner),
        ("topics list", "/courses/topics/", owner),
        ("courses list", "/courses/", owner),
    ]


async def measure(database: str, runs: int, dump: Path | None, profile: str | None) -> None:
    async with in_process(_url(database, "postgresql+asyncpg")) as (client, headers, _):
        plan = calls(await headers("bench_owner"), await headers("student1"))
        bodies: dict[str, str] = {}
        for name, path, auth in plan:
            for _ in range(2):
                response = await client.get(path, headers=auth)
                assert response.status_code == 200, (path, response.text[:300])
            bodies[name] = response.content.decode()
        times: dict[str, list[float]] = {name: [] for name, _, _ in plan}
        cpu: dict[str, list[float]] = {name: [] for name, _, _ in plan}
        for _ in range(runs):
            for name, path, auth in plan:
                began, began_cpu = time.perf_counter(), time.process_time()
                response = await client.get(path, headers=auth)
                times[name].append((time.perf_counter() - began) * 1000)
                cpu[name].append((time.process_time() - began_cpu) * 1000)
                assert response.status_code == 200
        print(f"{'endpoint':<26}{'median ms':>10}{'p90 ms':>9}{'CPU ms':>9}{'bytes':>9}  sha256")
        for name, _, _ in plan:
            ordered = sorted(times[name])
            p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
            digest = hashlib.sha256(bodies[name].encode()).hexdigest()[:12]
            print(
                f"{name:<26}{statistics.median(ordered):>10.2f}{p90:>9.2f}"
                f"{statistics.median(cpu[name]):>9.2f}{len(bodies[name].encode()):>9}  {digest}"
            )
        if dump is not None:
            text = json.dumps(bodies, indent=1, ensure_ascii=False, sort_keys=True)
            await asyncio.to_thread(dump.write_text, text)
        if profile is not None:
            from pyinstrument import Profiler

            name, path, auth = next(c for c in plan if c[0] == profile)
            profiler = Profiler(interval=0.0002, async_mode="enabled")
            with profiler:
                for _ in range(runs):
                    await client.get(path, headers=auth)
            print(profiler.output_text(unicode=False, color=False, show_all=False))


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--purchases", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--database", help="an already loaded database to reuse (not dropped)")
    parser.add_argument("--keep", action="store_true", help="keep the loaded database; drop it by hand")
    parser.add_argument("--dump", type=Path, help="write the response bodies (JSON) to this file")
    parser.add_argument("--profile", help="profile this endpoint (a name of the table) with pyinstrument")
    args = parser.parse_args()
    database = args.database or f"edutrack_reads_{os.getpid()}"
    if args.database is None:
        await _admin(f'CREATE DATABASE "{database}"')
    try:
        if args.database is None:
            began = time.perf_counter()
            migrate.upgrade(_url(database, "postgresql+asyncpg"))
            hasher = build_container(Settings(environment="test", password_hashing="fast"), backend="memory")
            await load(_url(database), Shape(purchases=args.purchases), await hasher.hasher.hash(PASSWORD))
            conn = await asyncpg.connect(_url(database))
            try:
                await conn.execute(VIDEOS)
                await conn.execute("VACUUM ANALYZE videos")
            finally:
                await conn.close()
            print(f"loaded {database} in {time.perf_counter() - began:.1f} s", file=sys.stderr)
        await measure(database, args.runs, args.dump, args.profile)
    finally:
        if args.database is None and not args.keep:
            await _admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        elif args.keep:
            print(f"kept database {database}", file=sys.stderr)


if __name__ == "__main__":
    asyncio.run(main())
