"""Quiz attempts racing through the 2-worker live server on PostgreSQL: parallel starts open one attempt
and respect the attempt limit (the unique indexes decide), parallel submits grade once, and a submit
racing the timer's sweep closes the attempt once with every saved answer."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import func, select

from edutrack.adapters.sql.tables.quizzes import QuizAnswerModel, QuizAttemptModel
from edutrack.composition import Container
from edutrack.core.use_cases.quizzes.attempts import CloseOverdueAttempts
from tests.support.homework import STUDENT_PASSWORD
from tests.support.people import add_pupil
from tests.support.quiz_results import item_groups
from tests.support.quizzes import add_quiz, build_class, grant, right, save, start, submit

pytestmark = pytest.mark.anyio

PARALLEL = 6


async def _headers(client: httpx.AsyncClient, username: str) -> dict[str, str]:
    token = await client.post("/accounts/token/", json={"username": username, "password": STUDENT_PASSWORD})
    assert token.status_code == 200, token.text
    return {"Authorization": f"Bearer {token.json()['access']}"}


async def _attempts(container: Container, quiz: int) -> list[tuple[int, str]]:
    assert container.read_sessions is not None
    async with container.read_sessions() as session:
        rows = await session.execute(
            select(QuizAttemptModel.attempt_number, QuizAttemptModel.status)
            .where(QuizAttemptModel.quiz_id == quiz)
            .order_by(QuizAttemptModel.attempt_number)
        )
        return [(r.attempt_number, r.status) for r in rows]


@pytest.mark.parametrize("round_", range(2))
async def test_parallel_starts_open_one_attempt_within_the_limit(
    live_server: str, pg_container: Container, round_: int
) -> None:
    cls = await build_class(pg_container, logins=True)
    quiz = await add_quiz(pg_container, cls, cls.mcq, cls.multi, allow_multiple_attempts=True, max_attempts=2)
    first = await start(pg_container, cls.student, quiz)
    await submit(pg_container, cls.student, first.row.id, right(cls.mcq))
    path = f"/learning/quizzes/{quiz}/start/"
    async with httpx.AsyncClient(base_url=live_server, timeout=60) as client:
        headers = await _headers(client, cls.student.username)
        responses = await asyncio.gather(*(client.post(path, headers=headers) for _ in range(PARALLEL)))
        statuses = Counter(r.status_code for r in responses)
        assert statuses == {201: 1, 200: PARALLEL - 1}, [r.text for r in responses]
        assert len({r.json()["id"] for r in responses}) == 1
        second = responses[0].json()["id"]
        done = await client.post(f"/learning/quiz-submissions/{second}/submit/", json={}, headers=headers)
        assert done.status_code == 200, done.text
        refused = await asyncio.gather(*(client.post(path, headers=headers) for _ in range(PARALLEL)))
    assert all(r.json() == {"error": "You have no attempts left for this quiz."} for r in refused)
    assert await _attempts(pg_container, quiz) == [(1, "graded"), (2, "graded")]


@pytest.mark.parametrize("round_", range(2))
async def test_parallel_submits_grade_once(live_server: str, pg_container: Container, round_: int) -> None:
    cls = await build_class(pg_container, logins=True)
    quiz = await add_quiz(pg_container, cls, cls.mcq, cls.multi)
    attempt = (await start(pg_container, cls.student, quiz)).row.id
    body = {"answers": [{"question": cls.mcq.id, "selected_choices": [cls.mcq.choices[0].id]}]}
    path = f"/learning/quiz-submissions/{attempt}/submit/"
    async with httpx.AsyncClient(base_url=live_server, timeout=60) as client:
        headers = await _headers(client, cls.student.username)
        responses = await asyncio.gather(
            *(client.post(path, json=body, headers=headers) for _ in range(PARALLEL))
        )
    statuses = Counter(r.status_code for r in responses)
    assert statuses == {200: 1, 400: PARALLEL - 1}, [r.text for r in responses]
    assert all(
        r.json() == {"error": "This attempt has already been submitted."}
        for r in responses
        if r.status_code == 400
    )
    assert pg_container.read_sessions is not None
    async with pg_container.read_sessions() as session:
        row = (
            await session.execute(
                select(QuizAttemptModel.status, QuizAttemptModel.score, QuizAttemptModel.closed_by).where(
                    QuizAttemptModel.id == attempt
                )
            )
        ).one()
        answers = await session.scalar(
            select(func.count()).select_from(QuizAnswerModel).where(QuizAnswerModel.attempt_id == attempt)
        )
    assert (row.status, str(row.score), row.closed_by, answers) == ("graded", "2.00", "student", 2)
    kept, fresh = await item_groups(pg_container, quiz)
    assert kept == fresh and sum(int(r[-1]) for r in kept) == 2  # counted once


@pytest.mark.parametrize("round_", range(3))
async def test_a_submit_racing_the_sweep_closes_once_and_keeps_the_saved_answers(
    live_server: str, pg_container: Container, round_: int
) -> None:
    cls = await build_class(pg_container, logins=True)
    quiz = await add_quiz(pg_container, cls, cls.mcq, cls.multi, timer_minutes=5)
    attempt = (await start(pg_container, cls.student, quiz)).row.id
    await save(pg_container, cls.student, attempt, right(cls.mcq))
    # the deadline and its grace end right now: the submit and the sweep race to close it
    async with pg_container.uow() as uow:
        await uow.quiz_attempts.set_deadline(attempt, pg_container.clock.now() - timedelta(seconds=30))
        await uow.commit()
    body = {"answers": [{"question": cls.multi.id, "selected_choices": [cls.multi.choices[2].id]}]}
    async with httpx.AsyncClient(base_url=live_server, timeout=60) as client:
        headers = await _headers(client, cls.student.username)
        sweep = pg_container.get(CloseOverdueAttempts)
        response, closed = await asyncio.gather(
            client.post(f"/learning/quiz-submissions/{attempt}/submit/", json=body, headers=headers),
            sweep.execute(),
        )
    assert response.status_code == 400, response.text
    assert response.json() == {"error": "This attempt is closed."}  # whoever closed it, the timer did
    assert closed in (0, 1)
    assert pg_container.read_sessions is not None
    async with pg_container.read_sessions() as session:
        row = (
            await session.execute(
                select(QuizAttemptModel.status, QuizAttemptModel.score, QuizAttemptModel.closed_by).where(
                    QuizAttemptModel.id == attempt
                )
            )
        ).one()
    assert (row.status, str(row.score), row.closed_by) == ("graded", "2.00", "timer")
    kept, fresh = await item_groups(pg_container, quiz)
    assert kept == fresh and sum(int(r[-1]) for r in kept) == 2


@pytest.mark.parametrize("round_", range(2))
async def test_many_students_submitting_at_once_count_once_each_in_the_item_groups(
    live_server: str, pg_container: Container, round_: int
) -> None:
    """Every submit adds to the same few groups (same answers, same score): the upserts wait on each
    other's rows, none is lost or counted twice, and none deadlocks, while the sweep closes the
    overdue ones at the same time."""
    cls = await build_class(pg_container, logins=True)
    quiz = await add_quiz(pg_container, cls, cls.mcq, cls.multi, timer_minutes=5)
    login = await pg_container.hasher.hash(STUDENT_PASSWORD)
    students = [
        await add_pupil(pg_container, 7000 + 100 * round_ + n, password_hash=login) for n in range(PARALLEL)
    ]
    for student in students:
        await grant(pg_container, student, cls.lecture, days=30)
    attempts = [(await start(pg_container, s, quiz)).row.id for s in students]
    overdue = attempts[: PARALLEL // 2]  # half of them: the sweep races their submits
    async with pg_container.uow() as uow:
        for attempt in overdue:
            await uow.quiz_attempts.set_deadline(attempt, pg_container.clock.now() - timedelta(seconds=30))
        await uow.commit()
    body = {"answers": [{"question": cls.mcq.id, "selected_choices": [cls.mcq.choices[0].id]}]}
    async with httpx.AsyncClient(base_url=live_server, timeout=60) as client:
        heads = [await _headers(client, s.username) for s in students]
        sweep = pg_container.get(CloseOverdueAttempts)
        *responses, closed = await asyncio.gather(
            *(
                client.post(f"/learning/quiz-submissions/{a}/submit/", json=body, headers=h)
                for a, h in zip(attempts, heads, strict=True)
            ),
            sweep.execute(),
        )
    assert all(r.status_code in (200, 400) for r in responses), [r.text for r in responses]
    assert 0 <= closed <= len(overdue)
    assert sum(r.status_code == 200 for r in responses) >= PARALLEL - len(overdue)
    kept, fresh = await item_groups(pg_container, quiz)
    assert kept == fresh
    assert sum(int(r[-1]) for r in kept) == 2 * PARALLEL  # every attempt closed, two answers each
