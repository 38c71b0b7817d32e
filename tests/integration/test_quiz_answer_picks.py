"""``quiz_answers.selected_choices``, the answer row's copy of its selected choices that the item analysis
counts picks from: written by the repository with the choices (start, autosave, submit), and filled by
migration 0016 from the choices of answers that existed before it, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from edutrack.adapters.sql import migrate
from edutrack.composition import build_container
from edutrack.settings import Settings
from tests.support.databases import PG_ADMIN_URL, asyncpg_url, pg_admin
from tests.support.quiz_results import build_example

pytestmark = pytest.mark.anyio

PICKS = text("SELECT id, selected_choices FROM quiz_answers ORDER BY id")
EXPECTED = text(
    "SELECT a.id, c.choice_id FROM quiz_answers a JOIN quiz_answer_choices c ON c.answer_id = a.id "
    "WHERE c.selected ORDER BY a.id, c.choice_id"
)


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'picks.db'}"
        return
    request.getfixturevalue("pg_database")  # skip/fail exactly like the other PostgreSQL tests
    name = f"edutrack_picks_{uuid.uuid4().hex[:8]}"
    asyncio.run(pg_admin(f'CREATE DATABASE "{name}"'))
    try:
        yield asyncpg_url(PG_ADMIN_URL, name)
    finally:
        asyncio.run(pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _read(url: str) -> tuple[dict[int, str], dict[int, str]]:
    """(the stored copies, the copies the choices' flags give)."""
    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:
            stored = {r.id: r.selected_choices for r in (await conn.execute(PICKS)).all()}
            expected = dict.fromkeys(stored, "")
            for r in (await conn.execute(EXPECTED)).all():
                expected[r.id] = f"{expected[r.id]},{r.choice_id}" if expected[r.id] else str(r.choice_id)
    finally:
        await engine.dispose()
    return stored, expected


async def _blank(url: str) -> None:
    engine = create_async_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("UPDATE quiz_answers SET selected_choices = ''"))
    finally:
        await engine.dispose()


async def test_written_with_the_choices_and_filled_by_the_migration(url: str) -> None:
    migrate.upgrade(url)
    container = build_container(Settings(environment="test", database_url=url, password_hashing="fast"))
    try:
        ex = await build_example(container)
        # an autosave: the in-progress attempt's mcq switches to the wrong choice, its multi picks two
        async with container.uow() as uow:
            attempt = await uow.quiz_attempts.in_progress(ex.quiz, ex.s4.id)
            assert attempt is not None and attempt.id is not None
            mcq, multi = attempt.answers[0], attempt.answers[1]
            for c in mcq.choices:
                c.selected = c.text == "Wrong"
            for c in multi.choices:
                c.selected = c.text != "Wrong"
            await uow.quiz_attempts.save_answers(attempt.id, [mcq, multi])
            await uow.commit()
    finally:
        await container.dispose()
    stored, expected = await _read(url)
    assert stored == expected
    both = ",".join(str(c.id) for c in ex.cls.multi.choices if c.is_correct)
    assert both in stored.values() and "" in stored.values()  # a multiple pick, and answers without one

    await _blank(url)
    migrate.downgrade(url, "0015")
    migrate.upgrade(url)
    assert (await _read(url))[0] == expected
