"""Mail through the background job runner on PostgreSQL (EDUTRACK_JOBS=queue, issue #14): mails queued in
the outbox are sent by two ``edutrack worker``s — the periodic ``mail.deliver`` and the ``mail.deliver_now``
a web process enqueues — each exactly once (one attempt each: the claims never overlap), through the file
mailer chosen by settings."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest

from edutrack.composition import Container, build_container
from edutrack.composition.jobs import run_worker
from edutrack.core.entities.mail import OutgoingMail
from edutrack.core.policies.mail import DELIVER_NOW_JOB
from edutrack.ports.jobs import JobQueue
from edutrack.settings import Settings
from tests.support.databases import migrated_pg_database

pytestmark = pytest.mark.anyio


@pytest.fixture
def mail_db(pg_database: str) -> Iterator[str]:  # pg_database: skip/fail exactly like the other PG tests
    with migrated_pg_database("edutrack_mail") as url:
        yield url


def _container(url: str, mail_dir: Path) -> Container:
    settings = Settings(
        environment="test", database_url=url, password_hashing="fast", mail_backend="file", mail_dir=mail_dir
    )
    return build_container(settings)


async def test_two_workers_send_each_queued_mail_once(mail_db: str, tmp_path: Path) -> None:
    mail_dir = tmp_path / "mail"
    db = await asyncpg.connect(mail_db.replace("postgresql+asyncpg://", "postgresql://", 1))
    containers = [_container(mail_db, mail_dir) for _ in range(3)]  # two workers and a web process
    web = containers[2]
    stopped = asyncio.Event()
    workers: list[asyncio.Task[None]] = []
    try:
        async with web.uow() as uow:
            for n in range(8):
                await uow.outbox.add(OutgoingMail(f"m{n}@example.com", f"Mail {n}", "Body", web.clock.now()))
            await uow.commit()
        workers = [
            asyncio.create_task(run_worker(c, name=f"w{i}", concurrency=2, stopped=stopped))
            for i, c in enumerate(containers[:2])
        ]
        queue = web.get(JobQueue)
        await queue.enqueue(DELIVER_NOW_JOB)
        await queue.aclose()
        async with asyncio.timeout(30):
            while await db.fetchval("SELECT count(*) FROM mail_outbox WHERE status <> 'sent'"):  # noqa: ASYNC110
                await asyncio.sleep(0.2)
        stopped.set()
        await asyncio.gather(*workers)
        rows = await db.fetch("SELECT id, status, attempts FROM mail_outbox ORDER BY id")
        assert [(r["status"], r["attempts"]) for r in rows] == [("sent", 1)] * 8  # each claimed and sent once
        assert sorted(p.name for p in mail_dir.iterdir()) == sorted(f"mail-{r['id']}.eml" for r in rows)
    finally:
        stopped.set()
        await asyncio.gather(*workers, return_exceptions=True)
        for c in containers:
            await c.dispose()
        await db.close()
