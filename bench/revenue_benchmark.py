"""Revenue benchmark: 1,000,000 purchases in a throwaway PostgreSQL database, every revenue endpoint and the
teacher dashboard timed warm through the app.

    .venv/bin/python bench/revenue_benchmark.py [--purchases 1000000] [--runs 9]

Creates ``edutrack_bench_<pid>`` on the server of ``EDUTRACK_BENCH_PG_ADMIN_URL`` (default
``postgresql://postgres@127.0.0.1:5432/postgres``), migrates it, bulk-loads a catalog with asyncpg COPY,
VACUUM ANALYZEs, then calls each endpoint through the Litestar app (httpx ASGITransport): two warm-up
calls, then ``--runs`` timed calls; prints the median, p90 and response size; drops the database at the end,
whatever happens. See bench/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import asyncpg
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._support import admin as _admin
from bench._support import copy as _copy
from bench._support import in_process
from bench._support import pg_url as _url

from edutrack.adapters.sql import migrate, rollups
from edutrack.composition import build_container
from edutrack.settings import Settings

PASSWORD = "Bench-pass-1"
TARGET_MS = 250.0


@dataclass(frozen=True)
class Shape:
    purchases: int
    teachers: int = 20
    courses_per_teacher: int = 5
    topics_per_course: int = 4
    lectures_per_topic: int = 5
    students: int = 20_000
    courses_per_student: int = 3
    days: int = 365

    @property
    def courses(self) -> int:
        return self.teachers * self.courses_per_teacher

    @property
    def lectures(self) -> int:
        return self.courses * self.topics_per_course * self.lectures_per_topic


async def load(url: str, shape: Shape, password_hash: str) -> None:
    """Bulk-load the data set, then fill the sales rollups from the purchases (``rollups.rebuild``)."""
    rng = random.Random(2026)
    now = datetime.now(UTC)
    conn = await asyncpg.connect(url)
    try:
        await _copy(conn, "grades", ["id", "name", "order"], [(1, "Third Secondary", 3)])
        await _copy(conn, "subjects", ["id", "name"], [(1, "Physics")])
        await _copy(conn, "governorates", ["id", "name"], [(1, "Cairo")])
        await _copy(conn, "areas", ["id", "name", "governorate_id"], [(1, "Nasr City", 1)])
        user_columns = [
            "id",
            "username",
            "password_hash",
            "role",
            "name",
            "is_active",
            "created_at",
            "updated_at",
        ]
        users = [(1, "bench_owner", password_hash, "site_owner", "Bench Owner", True, now, now)]
        users += [
            (1 + t, f"teacher{t}", password_hash, "teacher", f"Teacher {t}", True, now, now)
            for t in range(1, shape.teachers + 1)
        ]
        first_student_user = 2 + shape.teachers
        users += [
            (first_student_user + s, f"student{s}", password_hash, "student", f"Student {s}", True, now, now)
            for s in range(shape.students)
        ]
        await _copy(conn, "users", user_columns, users)
        await _copy(
            conn,
            "teacher_profiles",
            ["id", "user_id", "phone", "gender", "subject_id", "created_at", "updated_at"],
            [(t, 1 + t, "01012345678", "male", 1, now, now) for t in range(1, shape.teachers + 1)],
        )
        student_columns = (
            "id user_id student_code name_ar name_en phone_number father_job educational_state grade_id "
            "national_id birth_date gender governorate_id area_id status created_at updated_at"
        ).split()
        await _copy(
            conn,
            "student_profiles",
            student_columns,
            [
                (
                    s + 1,
                    first_student_user + s,
                    f"S{s + 1:08d}",
                    "طالب",
                    f"Student {s}",
                    "01001234567",
                    "",
                    "school",
                    1,
                    f"3080315{s + 1:07d}",
                    date(2008, 3, 15),
                    "female",
                    1,
                    1,
                    "verified",
                    now,
                    now,
                )
                for s in range(shape.students)
            ],
        )
        course_rows, topic_rows, lecture_rows = [], [], []
        lectures_of_course: dict[int, list[tuple[int, Decimal]]] = {}
        for c in range(1, shape.courses + 1):
            teacher = (c - 1) // shape.courses_per_teacher + 1
            course_rows.append((c, f"Course {c}", teacher, 1, 1, True, now, now))
            lectures_of_course[c] = []
            for t in range(shape.topics_per_course):
                topic = len(topic_rows) + 1
                topic_rows.append((topic, c, f"Topic {topic}", t, True, now, now))
                for n in range(shape.lectures_per_topic):
                    lecture = len(lecture_rows) + 1
                    price = Decimal(rng.choice([50, 75, 100, 120, 150]))
                    discount = Decimal(rng.choice([0, 0, 10, 25]))
                    lecture_rows.append(
                        (lecture, topic, f"Lecture {lecture}", price, discount, 30, True, n, now, now)
                    )
                    lectures_of_course[c].append((lecture, price - discount))
        await _copy(
            conn,
            "courses",
            ["id", "name", "teacher_id", "grade_id", "subject_id", "is_active", "created_at", "updated_at"],
            course_rows,
        )
        await _copy(
            conn,
            "topics",
            ["id", "course_id", "name", "order", "is_active", "created_at", "updated_at"],
            topic_rows,
        )
        await _copy(
            conn,
            "lectures",
            [
                "id",
                "topic_id",
                "name",
                "price",
                "discount",
                "available_days",
                "is_visible",
                "order",
                "created_at",
                "updated_at",
            ],
            lecture_rows,
        )
        start = now - timedelta(days=shape.days)
        enrollment_rows, courses_of_student = [], []
        statuses = ["approved"] * 8 + ["pending", "rejected"]
        for s in range(1, shape.students + 1):
            chosen = rng.sample(range(1, shape.courses + 1), shape.courses_per_student)
            courses_of_student.append(chosen)
            for c in chosen:
                asked = start + timedelta(seconds=rng.randrange(shape.days * 86400 // 4))
                status = rng.choice(statuses)
                answered = asked + timedelta(hours=rng.randrange(1, 72)) if status != "pending" else None
                enrollment_rows.append((len(enrollment_rows) + 1, s, c, status, asked, answered))
        await _copy(
            conn,
            "enrollments",
            ["id", "student_id", "course_id", "status", "enrolled_at", "responded_at"],
            enrollment_rows,
        )
        purchase_rows = []
        span = shape.days * 86400
        for p in range(1, shape.purchases + 1):
            student = rng.randrange(shape.students)
            lecture, amount = rng.choice(lectures_of_course[rng.choice(courses_of_student[student])])
            when = start + timedelta(seconds=rng.randrange(span))
            purchase_rows.append((p, student + 1, lecture, amount, when, when + timedelta(days=30), 0, False))
        await _copy(
            conn,
            "purchases",
            [
                "id",
                "student_id",
                "lecture_id",
                "amount_paid",
                "purchased_at",
                "expires_at",
                "extra_days",
                "is_current",
            ],
            purchase_rows,
        )
        began = time.perf_counter()
        engine = create_async_engine(_url(url.rsplit("/", 1)[1], "postgresql+asyncpg"))
        try:
            async with AsyncSession(engine) as session:
                await rollups.rebuild(session)
                await session.commit()
        finally:
            await engine.dispose()
        print(f"rebuilt the sales rollups in {time.perf_counter() - began:.1f} s", file=sys.stderr)
        await conn.execute("VACUUM ANALYZE")
    finally:
        await conn.close()


async def measure(url: str, runs: int) -> list[tuple[str, list[float], int]]:
    results = []
    async with in_process(_url(url.rsplit("/", 1)[1], "postgresql+asyncpg")) as (client, headers, _):
        owner, teacher = await headers("bench_owner"), await headers("teacher1")
        year_start = (datetime.now(UTC) - timedelta(days=364)).date().isoformat()
        calls = [
            ("summary", "/payments/revenue/summary/", owner),
            ("course", "/payments/revenue/course/1/", owner),
            ("lecture", "/payments/revenue/lecture/1/", owner),
            ("students", "/payments/revenue/students/", owner),
            ("students?course", "/payments/revenue/students/?course=1", owner),
            ("trends (30 d)", "/payments/revenue/trends/", owner),
            ("trends (365 d)", f"/payments/revenue/trends/?start_date={year_start}", owner),
            ("teacher dashboard", "/courses/dashboard/teacher/", teacher),
        ]
        for name, path, auth in calls:
            size = 0
            for _ in range(2):
                response = await client.get(path, headers=auth)
                assert response.status_code == 200, (path, response.text[:300])
                size = len(response.content)
            times = []
            for _ in range(runs):
                began = time.perf_counter()
                response = await client.get(path, headers=auth)
                times.append((time.perf_counter() - began) * 1000)
                assert response.status_code == 200
            results.append((name, times, size))
    return results


def report(results: list[tuple[str, list[float], int]]) -> None:
    print(f"\n{'endpoint':<20}{'median ms':>11}{'p90 ms':>9}{'bytes':>11}  target {TARGET_MS:.0f} ms")
    for name, times, size in results:
        ordered = sorted(times)
        median = statistics.median(ordered)
        p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
        verdict = "ok" if median < TARGET_MS else "MISSED"
        print(f"{name:<20}{median:>11.1f}{p90:>9.1f}{size:>11}  {verdict}")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--purchases", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--keep", action="store_true", help="keep the database (to EXPLAIN); drop it by hand")
    args = parser.parse_args()
    shape = Shape(purchases=args.purchases)
    database = f"edutrack_bench_{os.getpid()}"
    url = _url(database)
    await _admin(f'CREATE DATABASE "{database}"')
    try:
        began = time.perf_counter()
        migrate.upgrade(_url(database, "postgresql+asyncpg"))
        hasher_settings = Settings(environment="test", password_hashing="fast")
        password_hash = await build_container(hasher_settings, backend="memory").hasher.hash(PASSWORD)
        await load(url, shape, password_hash)
        print(
            f"loaded {shape.purchases:,} purchases, {shape.students:,} students, {shape.courses} courses, "
            f"{shape.lectures:,} lectures in {time.perf_counter() - began:.1f} s",
            file=sys.stderr,
        )
        report(await measure(url, args.runs))
    finally:
        if args.keep:
            print(f"kept database {database}", file=sys.stderr)
        else:
            await _admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


if __name__ == "__main__":
    asyncio.run(main())
