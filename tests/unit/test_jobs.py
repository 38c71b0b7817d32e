"""Background jobs without a database: the in-process scheduler and queue, the registry on the container,
the EDUTRACK_JOBS setting, the cron of a period, ``edutrack worker --help`` and the app's lifespan."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import timedelta

import pytest

from edutrack.adapters.jobs import BoundJob
from edutrack.adapters.jobs.inline import InlineJobQueue, InProcessScheduler
from edutrack.adapters.jobs.postgres_queue import cron_for, libpq_url
from edutrack.composition import Container, build_container
from edutrack.composition.jobs import bound_jobs
from edutrack.entrypoints.cli.main import main
from edutrack.entrypoints.http.app import create_app
from edutrack.ports.jobs import JobQueue
from edutrack.settings import Settings, SettingsError

pytestmark = pytest.mark.anyio

PERIOD = timedelta(seconds=15)


class FakeTime:
    """A monotonic clock and a sleep that only advances it, recording what was asked."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []
        self.slept = asyncio.Event()

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        self.slept.set()
        await asyncio.sleep(0)  # let the test look between two runs


async def _until(condition: Callable[[], bool]) -> None:
    """Let the scheduler's tasks run until ``condition`` holds (at most 2 s)."""
    async with asyncio.timeout(2):
        while not condition():  # noqa: ASYNC110 - polling a plain condition, one loop turn at a time
            await asyncio.sleep(0)


async def test_the_scheduler_runs_each_job_at_start_then_every_period_minus_its_duration() -> None:
    time = FakeTime()
    runs: list[float] = []

    async def sweep() -> int:
        runs.append(time.now)
        time.now += 4  # the run takes 4 s: the next one is 15 s after this one began, not after it ended
        return 0

    scheduler = InProcessScheduler(
        [BoundJob("sweep", sweep, PERIOD), BoundJob("on-demand", sweep)],  # not periodic: not scheduled
        sleep=time.sleep,
        monotonic=time.monotonic,
    )
    await scheduler.start()
    await _until(lambda: len(runs) >= 3)
    await scheduler.stop()
    assert runs[:3] == [1000.0, 1015.0, 1030.0]
    assert time.sleeps[:2] == [11.0, 11.0]
    assert [job.name for job in scheduler.jobs] == ["sweep"]


async def test_a_run_longer_than_the_period_is_followed_at_once_never_overlapped() -> None:
    time = FakeTime()
    runs: list[float] = []

    async def slow() -> None:
        runs.append(time.now)
        time.now += 20

    scheduler = InProcessScheduler(
        [BoundJob("slow", slow, PERIOD)], sleep=time.sleep, monotonic=time.monotonic
    )
    await scheduler.start()
    await _until(lambda: len(runs) >= 2)
    await scheduler.stop()
    assert time.sleeps[0] == 0.0
    assert runs[1] == runs[0] + 20


async def test_a_failing_job_is_logged_and_the_schedule_goes_on(caplog: pytest.LogCaptureFixture) -> None:
    time = FakeTime()
    calls = 0

    async def broken() -> None:
        nonlocal calls
        calls += 1
        raise RuntimeError("database on fire")

    scheduler = InProcessScheduler(
        [BoundJob("broken", broken, PERIOD)], sleep=time.sleep, monotonic=time.monotonic
    )
    with caplog.at_level(logging.ERROR, logger="edutrack.jobs"):
        await scheduler.start()
        await _until(lambda: calls >= 3)
        assert scheduler.running
        await scheduler.stop()
    failures = [r for r in caplog.records if r.getMessage() == "background job broken failed"]
    assert len(failures) >= 3
    assert failures[0].exc_info is not None and "database on fire" in str(failures[0].exc_info[1])


async def test_stop_cancels_the_loops_and_nothing_runs_after_it() -> None:
    started = asyncio.Event()
    runs = 0

    async def job() -> None:
        nonlocal runs
        runs += 1
        started.set()

    scheduler = InProcessScheduler([BoundJob("job", job, PERIOD)])  # the real sleep: 15 s between runs
    await scheduler.start()
    async with asyncio.timeout(2):
        await started.wait()
    assert scheduler.running
    await scheduler.stop()
    assert not scheduler.running
    assert not [t for t in asyncio.all_tasks() if t.get_name().startswith("edutrack-job:")]
    assert runs == 1
    await scheduler.stop()  # twice is fine


async def test_run_until_returns_when_asked_to_stop() -> None:
    stopped = asyncio.Event()
    ran = asyncio.Event()

    async def job() -> None:
        ran.set()

    scheduler = InProcessScheduler([BoundJob("job", job, PERIOD)])
    running = asyncio.create_task(scheduler.run_until(stopped))
    async with asyncio.timeout(2):
        await ran.wait()
        stopped.set()
        await running
    assert not scheduler.running


async def test_the_inline_queue_runs_an_enqueued_job_with_its_arguments(
    caplog: pytest.LogCaptureFixture,
) -> None:
    seen: list[dict[str, object]] = []

    async def send(**arguments: object) -> None:
        seen.append(arguments)

    async def fail(**_arguments: object) -> None:
        raise ValueError("no mail server")

    queue = InlineJobQueue([BoundJob("mail.send", send), BoundJob("mail.fail", fail)])
    await queue.enqueue("mail.send", to="student@example.com", attempt=3)
    with caplog.at_level(logging.ERROR, logger="edutrack.jobs"):
        await queue.enqueue("mail.fail")
        await queue.aclose()  # waits for both
    assert seen == [{"to": "student@example.com", "attempt": 3}]
    assert any(r.getMessage() == "background job mail.fail failed" for r in caplog.records)
    with pytest.raises(LookupError, match=r"mail\.unknown"):
        await queue.enqueue("mail.unknown")


async def test_features_register_jobs_on_the_container_bound_to_it(container: Container) -> None:
    got: list[Container] = []

    async def sweep(c: Container) -> int:
        got.append(c)
        return 0

    container.job("test.sweep", sweep, every=PERIOD)
    container.job("test.mail", sweep)
    assert [(s.name, s.every) for s in container.jobs()][-2:] == [("test.sweep", PERIOD), ("test.mail", None)]
    with pytest.raises(ValueError, match="twice"):
        container.job("test.sweep", sweep)
    with pytest.raises(ValueError, match="at least one second"):
        container.job("test.fast", sweep, every=timedelta(milliseconds=10))
    (bound,) = [job for job in bound_jobs(container) if job.name == "test.sweep"]
    await bound.run()
    assert got == [container]
    assert isinstance(container.get(JobQueue), InlineJobQueue)


def test_jobs_run_inline_on_sqlite_and_through_the_queue_on_postgresql_by_default() -> None:
    assert Settings.from_env({}).jobs == "inline"
    pg = {"EDUTRACK_DATABASE_URL": "postgresql://u@db/edutrack"}
    assert Settings.from_env(pg).jobs == "queue"
    assert Settings.from_env({**pg, "EDUTRACK_JOBS": "inline"}).jobs == "inline"
    assert Settings(database_url="postgresql+asyncpg://u@db/edutrack").jobs == "queue"
    with pytest.raises(SettingsError, match="EDUTRACK_JOBS must be inline or queue"):
        Settings.from_env({"EDUTRACK_JOBS": "celery"})
    with pytest.raises(SettingsError, match="EDUTRACK_JOBS=queue needs PostgreSQL"):
        Settings.from_env({"EDUTRACK_JOBS": "queue"})


def test_a_period_becomes_a_cron_with_seconds_when_under_a_minute() -> None:
    assert cron_for(timedelta(seconds=15)) == "* * * * * */15"
    assert cron_for(timedelta(minutes=5)) == "*/5 * * * *"
    assert cron_for(timedelta(hours=6)) == "0 */6 * * *"
    for bad in (timedelta(seconds=7), timedelta(seconds=1.5), timedelta(minutes=7)):
        with pytest.raises(ValueError, match="job period"):
            cron_for(bad)
    assert libpq_url("postgresql+asyncpg://u:p@h:5432/db?ssl=require") == (
        "postgresql://u:p@h:5432/db?sslmode=require"
    )


def test_worker_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["worker", "--help"]) == 0
    assert "--concurrency" in capsys.readouterr().out


async def test_the_app_runs_the_periodic_jobs_from_startup_to_shutdown_on_sqlite() -> None:
    settings = Settings(environment="test", password_hashing="fast")
    assert settings.is_sqlite and settings.jobs == "inline"
    container = build_container(settings, backend="memory")
    ran = asyncio.Event()

    async def sweep(c: Container) -> int:
        ran.set()
        return 0

    container.job("test.sweep", sweep, every=timedelta(minutes=1))
    app = create_app(settings, container)
    async with app.lifespan():
        async with asyncio.timeout(2):
            await ran.wait()  # the first run comes at start-up
        assert [t for t in asyncio.all_tasks() if t.get_name() == "edutrack-job:test.sweep"]
    assert not [t for t in asyncio.all_tasks() if t.get_name().startswith("edutrack-job:")]
