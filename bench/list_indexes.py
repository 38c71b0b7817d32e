"""The lectures list's page query and count before and after issue 16's index and single-table count.

    PYTHONPATH=src:. .venv/bin/python bench/list_indexes.py [--courses 500] [--runs 7] [--out FILE]

Creates a throwaway database ``edutrack_listix_<pid>`` (server: ``EDUTRACK_BENCH_PG_ADMIN_URL``), migrates
it to head, fills it with ``tests/support/bulk_rows.py`` (500 courses × 10 topics × 10 lectures = 50,000
lectures, one video each, 10,000 students), runs ``SqlContentReader.list_lectures`` once for the site
owner and once for a student to capture the statements the app sends, then times each with ``EXPLAIN
(ANALYZE, FORMAT JSON)`` ``--runs`` times (median of the server's execution time):

- page, before: inside a transaction that drops ``ix_lectures_order`` (rolled back afterwards);
- page, after: as migrated;
- count, before: the count as it was (joined to topics and courses, whatever the filters);
- count, after: the statement the reader sends now (lectures alone for the owner).

Writes a Markdown table (and the plans' top lines) to ``--out`` and drops the database.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy import event
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from tests.support.bulk_rows import catalogue, fill

from edutrack.adapters.sql import migrate
from edutrack.adapters.sql.readers.lessons import SqlContentReader
from edutrack.core.policies.content import Viewer
from edutrack.ports.lessons import LectureFilter
from edutrack.ports.readers import PageRequest

ADMIN = os.environ.get("EDUTRACK_BENCH_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
OLD_COUNT = {  # the counts of list_lectures before this change: always joined to topics and courses
    "owner": "SELECT count(*) AS count_1 FROM lectures JOIN topics ON topics.id = lectures.topic_id "
    "JOIN courses ON courses.id = topics.course_id",
}


async def capture(url: str, viewer: Viewer) -> list[tuple[str, Any]]:
    engine = create_async_engine(url)
    seen: list[tuple[str, Any]] = []

    def before(_conn, _cursor, statement, parameters, _context, _many):  # type: ignore[no-untyped-def]
        seen.append((statement, parameters))

    event.listen(engine.sync_engine, "before_cursor_execute", before)
    try:
        await SqlContentReader(async_sessionmaker(engine)).list_lectures(
            viewer, LectureFilter(), PageRequest(offset=0, limit=50)
        )
    finally:
        await engine.dispose()
    return [(s, p) for s, p in seen if not s.lstrip().upper().startswith(("BEGIN", "ROLLBACK", "COMMIT"))]


async def timed(
    conn: asyncpg.Connection, sql: str, params: Any, runs: int, drop: str | None
) -> dict[str, Any]:
    times: list[float] = []
    plan: dict[str, Any] = {}
    transaction = conn.transaction()
    await transaction.start()
    try:
        if drop:
            await conn.execute(f"DROP INDEX {drop}")
        await conn.fetchval("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, *(params or ()))  # warm-up
        for _ in range(runs):
            raw = await conn.fetchval("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, *(params or ()))
            plan = (json.loads(raw) if isinstance(raw, str) else raw)[0]
            times.append(plan["Execution Time"])
        text = await conn.fetch("EXPLAIN " + sql, *(params or ()))
    finally:
        await transaction.rollback()
    return {"median": statistics.median(times), "min": min(times), "plan": [r[0] for r in text][:6]}


async def main(courses: int, runs: int, out: Path) -> None:
    name = f"edutrack_listix_{os.getpid()}"
    admin = await asyncpg.connect(ADMIN)
    await admin.execute(f'CREATE DATABASE "{name}"')
    dsn = ADMIN.rsplit("/", 1)[0] + "/" + name
    url = dsn.replace("postgresql://", "postgresql+asyncpg://", 1)
    try:
        await asyncio.to_thread(migrate.upgrade, url)
        conn = await asyncpg.connect(dsn)
        owner = await conn.fetchval(
            "INSERT INTO users (username, password_hash, role, name, is_active, created_at, updated_at) "
            "VALUES ('owner', 'x', 'site_owner', 'Owner', true, now(), now()) RETURNING id"
        )
        started = datetime.now(UTC)
        await fill(dsn, catalogue(users_from=owner, password_hash="x", courses=courses, students=10_000))
        loaded_in = (datetime.now(UTC) - started).total_seconds()
        lines = [
            f"# Lectures list: page query and count before/after the list indexes ({started:%Y-%m-%d})",
            "",
            f"Data: {courses} courses × 10 topics × 10 lectures = {courses * 100:,} lectures "
            "(one video each), "
            f"loaded with `INSERT ... SELECT generate_series` + `ANALYZE` in {loaded_in:.1f} s. PostgreSQL "
            f"{await conn.fetchval('SHOW server_version')}. Load average at the start: "
            f"{' '.join(f'{x:.2f}' for x in os.getloadavg())} (2 cores shared with other sessions).",
            "",
            "Command: `PYTHONPATH=src:. .venv/bin/python bench/list_indexes.py "
            f"--courses {courses} --runs {runs} --out {out}`",
            "",
            f"Server execution time from `EXPLAIN (ANALYZE, FORMAT JSON)`, median of {runs} runs after one "
            "warm-up (ms). *Before* for the page drops `ix_lectures_order` in a transaction that is rolled "
            "back; *before* for the count is the joined count the reader sent until now.",
            "",
            "| viewer | statement | before median (min) | after median (min) |",
            "| --- | --- | ---: | ---: |",
        ]
        plans: list[str] = []
        for who, viewer in (("owner", Viewer(sees_all=True)), ("student", Viewer(student=True))):
            statements = await capture(url, viewer)
            count_sql, count_params = next((s, p) for s, p in statements if "count(*)" in s)
            page_sql, page_params = next((s, p) for s, p in statements if " LIMIT " in s)
            page_before = await timed(conn, page_sql, page_params, runs, "ix_lectures_order")
            page_after = await timed(conn, page_sql, page_params, runs, None)
            old_count = OLD_COUNT.get(who, count_sql)
            count_before = await timed(
                conn, old_count, None if who in OLD_COUNT else count_params, runs, None
            )
            count_after = await timed(conn, count_sql, count_params, runs, None)
            for label, before, after in (
                ("page (LIMIT 50)", page_before, page_after),
                ("count", count_before, count_after),
            ):
                lines.append(
                    f"| {who} | {label} | {before['median']:.2f} ({before['min']:.2f}) | "
                    f"{after['median']:.2f} ({after['min']:.2f}) |"
                )
                for state, result in (("before", before), ("after", after)):
                    plans += [f"{who}, {label}, {state}:", "", "```", *result["plan"], "```", ""]
        lines += [
            "",
            "The student's count keeps its joins (visibility reads `courses.is_active` and",
            "`topics.is_active`), so its before and after run the same statement.",
            "",
            "## Plans (top lines)",
            "",
            *plans,
        ]
        await conn.close()
        await asyncio.to_thread(out.write_text, "\n".join(lines) + "\n")
        print("\n".join(lines))
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--courses", type=int, default=500)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--out", type=Path, default=Path(f"bench/results/list_indexes-{uuid.uuid4().hex[:6]}.md")
    )
    args = parser.parse_args()
    asyncio.run(main(args.courses, args.runs, args.out))
