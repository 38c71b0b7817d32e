"""Homework submits racing through the 2-worker live server on PostgreSQL: one student sending the same
homework twice at once gets exactly one submission (the UNIQUE(homework, student) key decides), and the
loser is answered like any second submit. Runs five times per CI run."""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx
import pytest
from sqlalchemy import func, select

from edutrack.adapters.sql.tables.homework import HomeworkAnswerModel, HomeworkSubmissionModel
from edutrack.composition import Container
from tests.support.homework import STUDENT_PASSWORD, add_homework, build_class

pytestmark = pytest.mark.anyio

ALREADY = {"error": "You have already submitted this homework."}


@pytest.mark.parametrize("attempt", range(5))
async def test_two_concurrent_submits_make_one_submission(
    live_server: str, pg_container: Container, attempt: int
) -> None:
    cls = await build_class(pg_container, logins=True)
    homework = await add_homework(pg_container, cls, cls.mcq, cls.written)
    body = {
        "answers": [
            {"question": cls.mcq.id, "selected_choices": [cls.mcq.choices[0].id]},
            {"question": cls.written.id, "written_answer": "Twice"},
        ]
    }
    async with httpx.AsyncClient(base_url=live_server, timeout=60) as client:
        token = await client.post(
            "/accounts/token/", json={"username": cls.student.username, "password": STUDENT_PASSWORD}
        )
        assert token.status_code == 200, token.text
        headers = {"Authorization": f"Bearer {token.json()['access']}"}
        path = f"/learning/homeworks/{homework}/submit/"
        responses = await asyncio.gather(*(client.post(path, json=body, headers=headers) for _ in range(2)))
    statuses = Counter(r.status_code for r in responses)
    assert statuses == {201: 1, 400: 1}, [r.text for r in responses]
    assert all(r.json() == ALREADY for r in responses if r.status_code == 400)
    assert pg_container.read_sessions is not None
    async with pg_container.read_sessions() as session:
        submissions = await session.scalar(
            select(func.count()).where(HomeworkSubmissionModel.homework_id == homework)
        )
        answers = await session.scalar(select(func.count()).select_from(HomeworkAnswerModel))
    assert (submissions, answers) == (1, 2)
