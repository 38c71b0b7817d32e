"""The API benchmark's data set (issue 16), deterministic: a seeded RNG and fixed timestamps.

    PYTHONPATH=src:. python bench/dataset.py --database edutrack_bench_api            # PostgreSQL, full size
    PYTHONPATH=src:. python bench/dataset.py --sqlite /tmp/bench.sqlite3 --scale small  # SQLite

``full``: 500 courses (50 teachers × 10) × 10 topics × 10 lectures × 2 videos, 10,000 students, 51,000
enrollments (5 or 6 per student: 80 % approved, 10 % pending, 10 % rejected), 1,000,000 purchases of a lecture
of one of the buyer's courses over 2025-12-01 .. 2026-11-30, one wallet per approved enrollment, the sales
rollups (ADR 0005) rebuilt from the purchases, then ``VACUUM ANALYZE``. ``small`` and ``tiny`` are the same
shape, smaller; a question bank of 20 questions, a quiz of them and a homework of 10 (lecture 1). Every
user's password is ``Bench-pass-1``; the site owner is ``bench_owner``, teachers
``teacher1..``, students ``student1..`` (student 1's five enrollments, courses 1-5, are approved).

PostgreSQL: creates the database (``--database``; refuses an existing one unless ``--replace``), migrates it
with the ``edutrack`` on the path (so a checkout's own migrations: ``PYTHONPATH=<checkout>/src``), COPYs the
rows (asyncpg ``copy_records_to_table``). The database is kept: drop it with ``--drop``. SQLite: migrates the
file and inserts with executemany.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._support import PASSWORD, admin, copy, database_exists, pg_url

BASE = datetime(2025, 12, 1, tzinfo=UTC)  # purchases fall in the 365 days from here
CREATED = datetime(2025, 11, 1, 8, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Shape:
    courses: int
    students: int
    purchases: int
    topics_per_course: int = 10
    lectures_per_topic: int = 10
    videos_per_lecture: int = 2
    courses_per_teacher: int = 10
    courses_per_student: int = 5
    days: int = 365

    @property
    def teachers(self) -> int:
        return max(1, self.courses // self.courses_per_teacher)


SCALES = {
    "full": Shape(courses=500, students=10_000, purchases=1_000_000),
    "small": Shape(courses=50, students=1_000, purchases=20_000),
    "tiny": Shape(courses=6, students=30, purchases=300),
}

Table = tuple[str, list[str], list[tuple]]
STAMPED = ["created_at", "updated_at"]


def rows(shape: Shape, password_hash: str) -> Iterator[Table]:
    """Every table's rows, parents first: (table, columns, rows)."""
    rng = random.Random(2026)
    at = CREATED
    yield "grades", ["id", "name", "order"], [(1, "Third Secondary", 3)]
    yield "subjects", ["id", "name"], [(1, "Physics"), (2, "Chemistry")]
    yield "governorates", ["id", "name"], [(1, "Cairo")]
    yield "areas", ["id", "name", "governorate_id"], [(1, "Nasr City", 1)]
    users = [(1, "bench_owner", password_hash, "site_owner", "Bench Owner", True, at, at)]
    users += [
        (1 + t, f"teacher{t}", password_hash, "teacher", f"Teacher {t}", True, at, at)
        for t in range(1, shape.teachers + 1)
    ]
    first_student_user = 2 + shape.teachers
    users += [
        (
            first_student_user + s,
            f"student{s + 1}",
            password_hash,
            "student",
            f"Student {s + 1}",
            True,
            at,
            at,
        )
        for s in range(shape.students)
    ]
    yield "users", ["id", "username", "password_hash", "role", "name", "is_active", *STAMPED], users
    yield (
        "teacher_profiles",
        ["id", "user_id", "phone", "gender", "subject_id", *STAMPED],
        [(t, 1 + t, "01012345678", "male", 1 + t % 2, at, at) for t in range(1, shape.teachers + 1)],
    )
    student_columns = (
        "id user_id student_code name_ar name_en phone_number father_job educational_state grade_id "
        "national_id birth_date gender governorate_id area_id status created_at updated_at"
    ).split()
    students = [
        (
            *(
                s,
                first_student_user + s - 1,
                f"S{s:08d}",
                "طالب",
                f"Student {s}",
                "01001234567",
                "",
                "school",
            ),
            *(
                1,
                f"3080315{s:07d}",
                date(2008, 3, 15),
                "female" if s % 2 else "male",
                1,
                1,
                "verified",
                at,
                at,
            ),
        )
        for s in range(1, shape.students + 1)
    ]
    yield "student_profiles", student_columns, students
    courses, topics, lectures, videos = [], [], [], []
    lectures_of_course: dict[int, list[tuple[int, Decimal]]] = {}
    for c in range(1, shape.courses + 1):
        teacher = (c - 1) // shape.courses_per_teacher % shape.teachers + 1
        made = at + timedelta(minutes=c)
        courses.append((c, f"Course {c}", f"About course {c}", teacher, 1, 1 + teacher % 2, True, made, made))
        lectures_of_course[c] = []
        for t in range(shape.topics_per_course):
            topic = len(topics) + 1
            topics.append((topic, c, f"Topic {topic}", t + 1, True, made, made))
            for n in range(shape.lectures_per_topic):
                lecture = len(lectures) + 1
                price = Decimal(rng.choice([50, 75, 100, 120, 150]))
                discount = Decimal(rng.choice([0, 0, 10, 25]))
                name = f"Lecture {lecture}"
                lectures.append(
                    (lecture, topic, name, f"Lesson {n + 1}", price, discount, 30, True, n + 1, made, made)
                )
                lectures_of_course[c].append((lecture, price - discount))
                for v in range(shape.videos_per_lecture):
                    video = len(videos) + 1
                    url = f"https://www.youtube.com/watch?v=bench{video:07d}"
                    videos.append(
                        (video, lecture, f"Part {v + 1}", "youtube", url, v + 1, 25, True, made, made)
                    )
    course_columns = ["id", "name", "description", "teacher_id", "grade_id", "subject_id", "is_active"]
    yield "courses", [*course_columns, *STAMPED], courses
    yield "topics", ["id", "course_id", "name", "order", "is_active", *STAMPED], topics
    lecture_columns = ["id", "topic_id", "name", "description", "price", "discount", "available_days"]
    yield "lectures", [*lecture_columns, "is_visible", "order", *STAMPED], lectures
    video_columns = ["id", "lecture_id", "name", "platform", "video_url", "order", "duration_minutes"]
    yield "videos", [*video_columns, "is_active", *STAMPED], videos
    enrollments, wallets, approved_courses = [], [], []
    statuses = ["approved"] * 8 + ["pending", "rejected"]
    for s in range(1, shape.students + 1):
        count = shape.courses_per_student + (1 if s % 10 == 0 else 0)
        chosen = (
            list(range(1, count + 1))
            if s == 1
            else rng.sample(range(1, shape.courses + 1), min(count, shape.courses))
        )
        mine = []
        for c in chosen:
            asked = BASE - timedelta(days=20) + timedelta(seconds=rng.randrange(20 * 86400))
            status = "approved" if s == 1 else rng.choice(statuses)
            answered = asked + timedelta(hours=rng.randrange(1, 72)) if status != "pending" else None
            enrollments.append((len(enrollments) + 1, s, c, status, asked, answered))
            if status == "approved":
                mine.append(c)
                wallets.append((len(wallets) + 1, s, c, Decimal(0), asked, asked))
        approved_courses.append(mine or chosen[:1])
    enrollment_columns = ["id", "student_id", "course_id", "status", "enrolled_at", "responded_at"]
    yield "enrollments", enrollment_columns, enrollments
    yield "wallets", ["id", "student_id", "course_id", "balance", *STAMPED], wallets
    purchases = []
    span = shape.days * 86400
    for p in range(1, shape.purchases + 1):
        student = rng.randrange(shape.students)
        lecture, amount = rng.choice(lectures_of_course[rng.choice(approved_courses[student])])
        when = BASE + timedelta(seconds=rng.randrange(span))
        purchases.append((p, student + 1, lecture, amount, when, when + timedelta(days=30), 0, False))
    purchase_columns = ["id", "student_id", "lecture_id", "amount_paid", "purchased_at", "expires_at"]
    yield "purchases", [*purchase_columns, "extra_days", "is_current"], purchases
    yield from assessments(at)


QUESTIONS = 20


def assessments(at: datetime) -> Iterator[Table]:
    """Teacher 1's question bank (one chapter, one lesson, 20 single-choice questions of 4 choices), a
    published quiz of the 20 and a published homework of the first 10, both on lecture 1."""
    yield (
        "bank_chapters",
        ["id", "subject_id", "teacher_id", "name", "order", *STAMPED],
        [(1, 1, 1, "Ch 1", 1, at, at)],
    )
    yield "bank_lessons", ["id", "chapter_id", "name", "order", *STAMPED], [(1, 1, "Lesson 1", 1, at, at)]
    question_columns = ["id", "lesson_id", "teacher_id", "created_by", "question_type", "text", "difficulty"]
    questions = [
        (q, 1, 1, 2, "mcq_single", f"Question {q}?", "medium", 1, f"Because {q}.", False, at, at)
        for q in range(1, QUESTIONS + 1)
    ]
    yield "bank_questions", [*question_columns, "points", "explanation", "is_global", *STAMPED], questions
    choices = [
        ((q - 1) * 4 + n, q, f"Choice {n} of {q}", n == 1, n)
        for q in range(1, QUESTIONS + 1)
        for n in range(1, 5)
    ]
    yield "bank_choices", ["id", "question_id", "text", "is_correct", "order"], choices
    quiz_columns = (
        "id lecture_id title description passing_score is_active is_published timer_minutes".split()
    )
    quiz_columns += "score_visibility answers_visibility question_order shuffle_choices".split()
    quiz_columns += (
        "allow_multiple_attempts max_attempts attempt_scoring show_correct_after_submission".split()
    )
    quiz = (1, 1, "Quiz 1", "The first quiz", 50, True, True, 30, "immediate", "after_close", "fixed", False)
    quiz += (False, 1, "best", True, 2, at, at)
    yield "quizzes", [*quiz_columns, "created_by", *STAMPED], [quiz]
    links = [(q, 1, q, q) for q in range(1, QUESTIONS + 1)]
    yield "quiz_questions", ["id", "quiz_id", "question_id", "order"], links
    homework_columns = [
        "id",
        "lecture_id",
        "title",
        "description",
        "model_answer",
        "is_active",
        "is_published",
    ]
    homework = (1, 1, "Homework 1", "The first homework", "", True, True, 2, at, at)
    yield "homeworks", [*homework_columns, "created_by", *STAMPED], [homework]
    yield "homework_questions", ["id", "homework_id", "question_id", "order"], links[: QUESTIONS // 2]


async def password_hash() -> str:
    """A cheap argon2id hash of PASSWORD, made by the app's own hasher (the tests' profile)."""
    from edutrack.composition import build_container
    from edutrack.settings import Settings

    container = build_container(Settings(environment="test", password_hashing="fast"), backend="memory")
    return str(await container.hasher.hash(PASSWORD))


async def rebuild_rollups(async_url: str) -> None:
    """COPY bypasses the purchase repository: fill the sales rollups from the purchases (ADR 0005)."""
    from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

    from edutrack.adapters.sql import rollups

    engine = create_async_engine(async_url)
    try:
        async with AsyncSession(engine) as session:
            await rollups.rebuild(session)
            await session.commit()
    finally:
        await engine.dispose()


async def load_postgres(database: str, shape: Shape, replace: bool = False) -> None:
    import asyncpg

    from edutrack.adapters.sql import migrate

    if await database_exists(database):
        if not replace:
            raise SystemExit(f"database {database} exists: reuse it, or pass --replace")
        await admin(f'DROP DATABASE "{database}" WITH (FORCE)')
    await admin(f'CREATE DATABASE "{database}"')
    began = time.perf_counter()
    migrate.upgrade(pg_url(database, "postgresql+asyncpg"))
    conn = await asyncpg.connect(pg_url(database))
    try:
        for table, columns, records in rows(shape, await password_hash()):
            await copy(conn, table, columns, records)
            print(f"  {table}: {len(records):,}", file=sys.stderr)
        await rebuild_rollups(pg_url(database, "postgresql+asyncpg"))
        await conn.execute("VACUUM ANALYZE")
    finally:
        await conn.close()
    print(f"loaded {database} in {time.perf_counter() - began:.0f} s", file=sys.stderr)


async def load_sqlite(path: Path, shape: Shape) -> None:
    """Migrate the SQLite file and insert the rows through SQLAlchemy Core (its types' storage format)."""
    from sqlalchemy import create_engine

    from edutrack.adapters.sql import migrate
    from edutrack.adapters.sql.tables import load_all

    metadata = load_all().metadata
    path.unlink(missing_ok=True)  # noqa: ASYNC240 (a script's start, nothing else runs)
    migrate.upgrade(f"sqlite+aiosqlite:///{path}")
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as conn:
            for table, columns, records in rows(shape, await password_hash()):
                conn.execute(
                    metadata.tables[table].insert(), [dict(zip(columns, r, strict=True)) for r in records]
                )
    finally:
        engine.dispose()
    await rebuild_rollups(f"sqlite+aiosqlite:///{path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--database", help="PostgreSQL database to create and fill (kept)")
    target.add_argument("--sqlite", type=Path, help="SQLite file to (re)create and fill")
    parser.add_argument("--scale", choices=sorted(SCALES), default=None, help="full on PG, small on SQLite")
    parser.add_argument("--replace", action="store_true", help="drop an existing database of that name first")
    parser.add_argument("--drop", action="store_true", help="only drop --database")
    args = parser.parse_args()
    if args.drop:
        asyncio.run(admin(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)'))
        return
    if args.database:
        asyncio.run(load_postgres(args.database, SCALES[args.scale or "full"], args.replace))
    else:
        asyncio.run(load_sqlite(args.sqlite, SCALES[args.scale or "small"]))


if __name__ == "__main__":
    main()
