"""Quiz load benchmark: 500 students take one timed quiz against ``edutrack serve --workers 2`` on
PostgreSQL, then the item analysis is timed over 10,000 attempts.

    .venv/bin/python bench/quiz_load.py [--students 500] [--ramp 60] [--autosaves 10] [--think 1.0]
                                        [--stats-attempts 10000] [--runs 9] [--keep]

1. Creates ``edutrack_bench_quiz_<pid>`` on the server of ``EDUTRACK_BENCH_PG_ADMIN_URL`` (default
   ``postgresql://postgres@127.0.0.1:5432/postgres``) and migrates it.
2. Seeds through the repositories (the test builders of ``tests/support``): one teacher, a course with one
   lecture, 20 single-choice bank questions (4 choices), a published 30-minute quiz of them (one
   attempt), ``--students`` verified students with a purchase of the lecture (plus one more kept aside for
   the statement counts), and a second quiz ("statistics", multiple attempts, best scoring) whose
   ``--stats-attempts`` closed attempts (20 per student, every answer and choice of the snapshot) are
   written by ``INSERT ... SELECT`` in SQL (with the answers' copy of their selected choices' ids, as the
   repository writes it); then ``VACUUM ANALYZE``.
3. Starts ``edutrack serve --workers 2`` (pool 20 + 10 overflow per worker) and logs every student in
   over HTTP (not timed).
4. The load: each student starts the quiz at a random instant within ``--ramp`` seconds, autosaves
   ``--autosaves`` times (a think time of ``--think`` s ± 50 % before each, each save sending two more
   answers) and submits the rest. Prints the throughput, p50/p90/p99/max of each kind of request and every
   non-2xx answer.
5. Times ``GET /learning/quizzes/{id}/statistics/`` and ``/results/`` of the statistics quiz warm over HTTP
   (2 warm-ups, then ``--runs``), median and p90.
6. Counts the SQL statements of one start, autosave, submit, statistics and results in-process (the app
   on the same database, a ``before_cursor_execute`` listener, BEGIN/COMMIT not counted).
7. Drops the database whatever happens (``--keep`` keeps it).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import asyncpg
import httpx
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench._rawhttp import RawConnection, RawResponse  # noqa: E402
from bench._support import admin as _admin  # noqa: E402
from bench._support import edutrack_serving  # noqa: E402
from bench._support import pg_url as _url  # noqa: E402
from tests.support import courses  # noqa: E402
from tests.support.courses import TEACHER_PASSWORD  # noqa: E402
from tests.support.homework import grant  # noqa: E402
from tests.support.people import Student, add_pupil  # noqa: E402
from tests.support.questions import add_question  # noqa: E402

from edutrack.adapters.sql import migrate, quiz_item_groups  # noqa: E402
from edutrack.composition import Container, build_container  # noqa: E402
from edutrack.core.entities.quizzes import AttemptScoring, Quiz, QuizQuestion  # noqa: E402
from edutrack.entrypoints.http.app import create_app  # noqa: E402
from edutrack.settings import Settings  # noqa: E402

PASSWORD = "Student-pass-1"
QUESTIONS = 20
CHOICES = (("Right", True), ("Wrong A", False), ("Wrong B", False), ("Wrong C", False))
AUTOSAVE_TARGET_MS = 50.0
STATISTICS_TARGET_MS = 200.0


@dataclass
class Seeded:
    quiz: int
    stats_quiz: int
    students: list[Student]
    spare: Student
    questions: list[tuple[int, list[int]]]  # (bank id, [right choice id, wrong choice ids...])


async def seed(container: Container, students: int) -> Seeded:
    world = await courses.make_world(container)
    course = await courses.add_course(container, world, "Physics")
    lecture = (await courses.add_content(container, course, lectures=1, videos=0)).lectures[0]
    bank = [
        await add_question(
            container, teacher_id=world.teacher, subject_id=world.math, text=f"Question {n}", choices=CHOICES
        )
        for n in range(1, QUESTIONS + 1)
    ]
    now = container.clock.now()

    async def quiz(title: str, **settings: object) -> int:
        async with container.uow() as uow:
            added = await uow.quizzes.add(
                Quiz(
                    lecture_id=lecture,
                    title=title,
                    created_at=now,
                    updated_at=now,
                    passing_score=Decimal("50"),
                    is_published=True,
                    questions=[QuizQuestion(q.id or 0, order=n) for n, q in enumerate(bank, start=1)],
                    **settings,  # type: ignore[arg-type]
                )
            )
            await uow.commit()
        assert added.id is not None
        return added.id

    load_quiz = await quiz("Load quiz", timer_minutes=30)
    stats_quiz = await quiz(
        "Statistics quiz", allow_multiple_attempts=True, attempt_scoring=AttemptScoring.BEST
    )
    password_hash = await container.hasher.hash(PASSWORD)
    pupils = []
    for n in range(1, students + 2):
        pupil = await add_pupil(container, n, password_hash=password_hash)
        await grant(container, pupil, lecture)
        pupils.append(pupil)
    questions = [
        (q.id or 0, [c.id or 0 for c in sorted(q.choices, key=lambda c: not c.is_correct)]) for q in bank
    ]
    return Seeded(load_quiz, stats_quiz, pupils[:-1], pupils[-1], questions)


STATS_SQL = """
INSERT INTO quiz_attempts (quiz_id, student_id, attempt_number, status, started_at, deadline, submitted_at,
                           closed_by, score, max_score, graded_at)
SELECT $1, s.id, n, 'graded', now() - make_interval(mins => 60 - n), NULL,
       now() - make_interval(mins => 50 - n), 'student', 0, {questions}, now()
FROM (SELECT id FROM student_profiles ORDER BY id LIMIT $2) s CROSS JOIN generate_series(1, $3) n;

INSERT INTO quiz_answers (attempt_id, question_id, "order", question_type, question_text, question_image,
                          explanation, points, answered, written_answer, is_correct, points_awarded,
                          score_override, feedback, graded_at, saved_at)
SELECT a.id, qq.question_id, qq."order", 'mcq_single', bq.text, NULL, '', 1,
       r.pick <> 4, NULL, r.pick = 0, CASE WHEN r.pick = 0 THEN 1 ELSE 0 END, NULL, '', now(), now()
FROM quiz_attempts a
JOIN quiz_questions qq ON qq.quiz_id = a.quiz_id
JOIN bank_questions bq ON bq.id = qq.question_id
CROSS JOIN LATERAL (
  -- a stronger student (higher id mod 100) picks the right choice (0) more often; 4: unanswered
  SELECT CASE
    WHEN random() < 0.05 THEN 4
    WHEN random() < 0.25 + 0.6 * ((a.student_id % 100) / 100.0) * (1 + qq."order" % 3) / 3 THEN 0
    ELSE 1 + (a.id + qq."order") % 3 END AS pick
) r
WHERE a.quiz_id = $1;

INSERT INTO quiz_answer_choices (answer_id, choice_id, text, image, is_correct, "order", selected)
SELECT ans.id, c.id, c.text, NULL, c.is_correct, c."order",
       ans.answered AND (CASE WHEN ans.is_correct THEN c.is_correct
                              ELSE c."order" = 1 + (ans.attempt_id + ans."order") % 3 END)
FROM quiz_answers ans
JOIN quiz_attempts a ON a.id = ans.attempt_id
JOIN bank_choices c ON c.question_id = ans.question_id
WHERE a.quiz_id = $1;

UPDATE quiz_answers ans SET selected_choices = s.ids
FROM (SELECT c.answer_id, string_agg(c.choice_id::text, ',' ORDER BY c.choice_id) AS ids
      FROM quiz_answer_choices c JOIN quiz_answers x ON x.id = c.answer_id
      JOIN quiz_attempts a ON a.id = x.attempt_id
      WHERE a.quiz_id = $1 AND c.selected GROUP BY c.answer_id) s
WHERE s.answer_id = ans.id;

UPDATE quiz_attempts a SET score = s.total
FROM (SELECT attempt_id, sum(points_awarded) AS total FROM quiz_answers GROUP BY attempt_id) s
WHERE s.attempt_id = a.id AND a.quiz_id = $1;
"""


async def _set_scoring(dsn: str, quiz: int, scoring: str) -> None:
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute("UPDATE quizzes SET attempt_scoring = $1 WHERE id = $2", scoring, quiz)
    finally:
        await conn.close()


async def _group_items(dsn: str, quiz: int) -> None:
    """The attempts written by SQL above bypassed the repository: fill the quiz's item groups (ADR 0014)
    from their answers, as the migration does for an existing database."""
    engine = create_async_engine(dsn.replace("postgresql://", "postgresql+asyncpg://", 1))
    try:
        async with AsyncSession(engine) as session, session.begin():
            await quiz_item_groups.rebuild(session, quiz)
    finally:
        await engine.dispose()


async def seed_statistics(dsn: str, quiz: int, attempts: int, students: int) -> None:
    per_student = max(1, -(-attempts // students))
    conn = await asyncpg.connect(dsn)
    try:
        for statement in STATS_SQL.format(questions=QUESTIONS).split(";\n\n"):
            args = [quiz, students, per_student] if "generate_series" in statement else [quiz]
            await conn.execute(statement.strip().rstrip(";"), *args)
        await _group_items(dsn, quiz)
        await conn.execute("VACUUM ANALYZE")
        counted = await conn.fetchval("SELECT count(*) FROM quiz_attempts WHERE quiz_id = $1", quiz)
        print(f"statistics quiz: {counted} closed attempts, {counted * QUESTIONS} answers")
    finally:
        await conn.close()


# --- the server ---------------------------------------------------------------------------------------


@contextmanager
def serving(database_url: str, workers: int) -> Iterator[str]:
    env = {
        **os.environ,
        "EDUTRACK_ENV": "test",
        "EDUTRACK_PASSWORD_HASHING": "fast",
        "EDUTRACK_LOG_LEVEL": "WARNING",
        "EDUTRACK_DATABASE_URL": database_url,
        "EDUTRACK_DB_POOL_SIZE": "20",
        "EDUTRACK_DB_MAX_OVERFLOW": "10",
    }
    with edutrack_serving(env, workers) as (base, _server):
        yield base


async def login(client: httpx.AsyncClient, username: str, password: str) -> dict[str, str]:
    response = await client.post("/accounts/token/", json={"username": username, "password": password})
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['access']}"}


@dataclass
class Tally:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    first: float = 0.0
    last: float = 0.0

    async def call(
        self, kind: str, client: httpx.AsyncClient | RawConnection, method: str, url: str, **kw: object
    ) -> httpx.Response | RawResponse | None:
        started = time.perf_counter()
        try:
            if isinstance(client, RawConnection):
                response: httpx.Response | RawResponse = await client.request(
                    method,
                    url,
                    json_body=kw.get("json"),
                    headers=kw.get("headers"),  # type: ignore[arg-type]
                )
            else:
                response = await client.request(method, url, **kw)  # type: ignore[arg-type]
        except (TimeoutError, httpx.HTTPError, OSError, asyncio.IncompleteReadError) as exc:
            self.errors.append(f"{kind}: {type(exc).__name__} {exc}")
            return None
        finished = time.perf_counter()
        self.times[kind].append((finished - started) * 1000)
        self.first = min(self.first or started, started)
        self.last = max(self.last, finished)
        if response.status_code >= 300:
            self.errors.append(f"{kind}: {response.status_code} {response.text[:200]}")
        return response


def _answers(questions: list[tuple[int, list[int]]], rng: random.Random) -> list[dict[str, object]]:
    return [
        {"question": qid, "selected_choices": [choices[0] if rng.random() < 0.6 else rng.choice(choices[1:])]}
        for qid, choices in questions
    ]


async def student_run(
    tally: Tally,
    client: httpx.AsyncClient,
    headers: dict[str, str],
    seeded: Seeded,
    args: argparse.Namespace,
    n: int,
) -> None:
    rng = random.Random(n)
    await asyncio.sleep(rng.uniform(0, args.ramp))
    if args.client == "raw":  # one keep-alive connection per student, opened when the student arrives
        raw = RawConnection(str(client.base_url))
        try:
            await _one_student(tally, raw, headers, seeded, args, rng)
        finally:
            await raw.close()
        return
    await _one_student(tally, client, headers, seeded, args, rng)


async def _one_student(
    tally: Tally,
    client: httpx.AsyncClient | RawConnection,
    headers: dict[str, str],
    seeded: Seeded,
    args: argparse.Namespace,
    rng: random.Random,
) -> None:
    started = await tally.call(
        "start", client, "POST", f"/learning/quizzes/{seeded.quiz}/start/", headers=headers
    )
    if started is None or started.status_code >= 300:
        return
    attempt = started.json()["id"]
    answers = _answers(seeded.questions, rng)
    per_save = max(1, len(answers) // (args.autosaves + 1))
    for k in range(args.autosaves):
        await asyncio.sleep(args.think * rng.uniform(0.5, 1.5))
        body = {"answers": answers[: per_save * (k + 1)]}
        await tally.call(
            "autosave",
            client,
            "PUT",
            f"/learning/quiz-submissions/{attempt}/answers/",
            json=body,
            headers=headers,
        )
    await asyncio.sleep(args.think * rng.uniform(0.5, 1.5))
    body = {"answers": answers[per_save * args.autosaves :]}
    await tally.call(
        "submit", client, "POST", f"/learning/quiz-submissions/{attempt}/submit/", json=body, headers=headers
    )


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def report(tally: Tally) -> None:
    total = sum(len(v) for v in tally.times.values())
    wall = tally.last - tally.first
    print(f"\nload: {total} requests in {wall:.1f} s = {total / wall:.1f} req/s; errors: {len(tally.errors)}")
    print("| request | n | p50 ms | p90 ms | p99 ms | max ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for kind in ("start", "autosave", "submit"):
        values = tally.times.get(kind, [])
        if values:
            print(
                f"| {kind} | {len(values)} | {_pct(values, 0.5):.1f} | {_pct(values, 0.9):.1f} | "
                f"{_pct(values, 0.99):.1f} | {max(values):.1f} |"
            )
    for error in tally.errors[:20]:
        print("  error:", error)


async def time_endpoint(
    client: httpx.AsyncClient, url: str, headers: dict[str, str], runs: int
) -> list[float]:
    for _ in range(2):
        (await client.get(url, headers=headers)).raise_for_status()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = await client.get(url, headers=headers)
        times.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
    return times


# --- statements per request (in-process) --------------------------------------------------------------


async def count_statements(
    url: str, seeded: Seeded, stats_attempts: int
) -> dict[str, tuple[int, float, float]]:
    """Per request: (SQL statements, wall ms, ms inside ``cursor.execute``), in-process and alone (no
    concurrent load); the autosave is repeated 20 times (median)."""
    settings = Settings(environment="test", database_url=url, password_hashing="fast", log_level="WARNING")
    container = build_container(settings)
    app = create_app(settings, container)
    found: dict[str, tuple[int, float, float]] = {}
    current: list[float] = [0, 0.0]
    started_at: dict[int, float] = {}

    def before(_conn, cursor, statement, _params, _context, _many):  # type: ignore[no-untyped-def]
        started_at[id(cursor)] = time.perf_counter()
        if not statement.strip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")):
            current[0] += 1

    def after(_conn, cursor, _statement, _params, _context, _many):  # type: ignore[no-untyped-def]
        current[1] += time.perf_counter() - started_at.pop(id(cursor), time.perf_counter())

    for engine in container.engines:
        event.listen(engine.sync_engine, "before_cursor_execute", before)
        event.listen(engine.sync_engine, "after_cursor_execute", after)
    try:
        transport = httpx.ASGITransport(app=app)
        async with app.lifespan(), httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            student = await login(client, seeded.spare.username, PASSWORD)
            teacher = await login(client, "mr_ahmed", TEACHER_PASSWORD)
            answers = _answers(seeded.questions, random.Random(0))

            async def counted(
                name: str, method: str, path: str, headers: dict[str, str], repeat: int = 1, **kw: object
            ) -> httpx.Response:
                runs = []
                for _ in range(repeat):
                    current[0], current[1] = 0, 0.0
                    began = time.perf_counter()
                    response = await client.request(method, path, headers=headers, **kw)  # type: ignore[arg-type]
                    runs.append((int(current[0]), (time.perf_counter() - began) * 1000, current[1] * 1000))
                    assert response.status_code < 300, response.text
                runs.sort(key=lambda run: run[1])
                found[name] = runs[len(runs) // 2]
                return response

            quiz = f"/learning/quizzes/{seeded.quiz}/"
            attempt = (await counted("start", "POST", quiz + "start/", student)).json()["id"]
            await counted("start again (returns the attempt in progress)", "POST", quiz + "start/", student)
            save = f"/learning/quiz-submissions/{attempt}/answers/"
            await counted(
                "autosave (2 answers, median of 20)", "PUT", save, student, 20, json={"answers": answers[:2]}
            )
            await counted(
                "autosave (20 answers, median of 20)", "PUT", save, student, 20, json={"answers": answers}
            )
            submit = f"/learning/quiz-submissions/{attempt}/submit/"
            await counted("submit", "POST", submit, student, json={"answers": answers[:1]})
            stats = f"/learning/quizzes/{seeded.stats_quiz}/"
            await counted(
                f"statistics ({stats_attempts} attempts, average)", "GET", stats + "statistics/", teacher
            )
            await counted("results page (50 rows)", "GET", stats + "results/", teacher)
    finally:
        await container.dispose()
    return found


async def main(args: argparse.Namespace) -> None:
    name = f"edutrack_bench_quiz_{os.getpid()}"
    await _admin(f'CREATE DATABASE "{name}"')
    url = _url(name, "postgresql+asyncpg")
    try:
        migrate.upgrade(url)
        container = build_container(Settings(environment="test", database_url=url, password_hashing="fast"))
        t0 = time.perf_counter()
        try:
            seeded = await seed(container, args.students)
        finally:
            await container.dispose()
        print(
            f"seeded {args.students + 1} students, {QUESTIONS} questions, 2 quizzes "
            f"in {time.perf_counter() - t0:.1f} s"
        )
        await seed_statistics(_url(name), seeded.stats_quiz, args.stats_attempts, args.students)

        with serving(url, args.workers) as base:
            limits = httpx.Limits(max_connections=args.students, max_keepalive_connections=args.students)
            async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
                semaphore = asyncio.Semaphore(16)

                async def logged_in(student: Student) -> dict[str, str]:
                    async with semaphore:
                        return await login(client, student.username, PASSWORD)

                t0 = time.perf_counter()
                tokens = await asyncio.gather(*(logged_in(s) for s in seeded.students))
                print(f"logged {len(tokens)} students in in {time.perf_counter() - t0:.1f} s")
                tally = Tally()
                load = [student_run(tally, client, h, seeded, args, n) for n, h in enumerate(tokens)]
                await asyncio.gather(*load)
                report(tally)

                teacher = await login(client, "mr_ahmed", TEACHER_PASSWORD)
                print(f"\nwarm timings over HTTP ({args.runs} runs after 2 warm-ups), statistics quiz:")
                quiz = f"/learning/quizzes/{seeded.stats_quiz}/"
                for scoring in ("average", "best"):
                    await _set_scoring(_url(name), seeded.stats_quiz, scoring)
                    for label, path in (
                        ("statistics", quiz + "statistics/"),
                        ("results (page of 50)", quiz + "results/"),
                        (f"results CSV ({args.students} rows)", quiz + "results/?format=csv"),
                    ):
                        times = await time_endpoint(client, path, teacher, args.runs)
                        print(
                            f"  {scoring}: {label}: median {statistics.median(times):.1f} ms, "
                            f"p90 {_pct(times, 0.9):.1f} ms"
                        )
        await _set_scoring(_url(name), seeded.stats_quiz, "average")
        print(
            "\nIn-process, one request alone: SQL statements (BEGIN/COMMIT not counted), wall ms, ms in SQL:"
        )
        print("| request | statements | wall ms | in SQL ms |")
        print("| --- | ---: | ---: | ---: |")
        for label, (n, wall, sql) in (await count_statements(url, seeded, args.stats_attempts)).items():
            print(f"| {label} | {n} | {wall:.1f} | {sql:.1f} |")
    finally:
        if args.keep:
            print(f"kept database {name}")
        else:
            await _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--students", type=int, default=500)
    parser.add_argument("--ramp", type=float, default=60.0, help="seconds over which the starts spread")
    parser.add_argument("--autosaves", type=int, default=10)
    parser.add_argument(
        "--think", type=float, default=1.0, help="mean seconds before each save and the submit"
    )
    parser.add_argument("--stats-attempts", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument(
        "--client",
        choices=("raw", "httpx"),
        default="raw",
        help="the timed requests' client: raw = one asyncio keep-alive connection per student (little CPU), "
        "httpx = one shared httpx pool (the earlier reports')",
    )
    asyncio.run(main(parser.parse_args()))
