"""Mail (issue #14) over the memory fakes: the outbox delivered by the job's use case with a fake mailer,
a failing mailer leaving the mail pending for a later attempt (backoff by the Clock port), giving up, the
mailers chosen by settings, and the file mailer's file."""

from __future__ import annotations

from datetime import timedelta
from email import message_from_bytes
from pathlib import Path

import pytest

from edutrack.adapters.clock import FrozenClock
from edutrack.adapters.mail.console import ConsoleMailer
from edutrack.adapters.mail.files import FileMailer
from edutrack.adapters.mail.smtp import SmtpMailer
from edutrack.adapters.memory.mail import MailTables, OutboxRow
from edutrack.composition import Container, build_container
from edutrack.composition.mail import mailer as mailer_of
from edutrack.core.entities.mail import MailStatus, OutgoingMail, QueuedMail
from edutrack.core.policies import mail as policy
from edutrack.core.use_cases.mail.deliver_mail import DeliverMail, DeliveryReport
from edutrack.settings import Settings, SettingsError
from tests.support.bulk_enrollment import FakeMailer, quiet

pytestmark = pytest.mark.anyio


async def queue_mail(container: Container, *addresses: str) -> list[int]:
    async with container.uow() as uow:
        ids = [
            await uow.outbox.add(OutgoingMail(a, "Hello", "Body", container.clock.now())) for a in addresses
        ]
        await uow.commit()
    return ids


def rows(container: Container) -> list[OutboxRow]:
    assert container.memory_store is not None
    return list(container.memory_store.state.of(MailTables).outbox.values())


async def test_delivery_sends_each_mail_once(container: Container) -> None:
    _, mailer = quiet(container)
    await queue_mail(container, "a@example.com", "b@example.com")
    assert await container.get(DeliverMail).execute() == DeliveryReport(sent=2)
    assert [m.to for m in mailer.sent] == ["a@example.com", "b@example.com"]
    assert [(r.status, r.attempts) for r in rows(container)] == [(MailStatus.SENT, 1)] * 2
    assert await container.get(DeliverMail).execute() == DeliveryReport()  # idempotent: nothing due
    assert len(mailer.sent) == 2


async def test_a_failing_mailer_leaves_the_mail_pending_for_later(
    container: Container, clock: FrozenClock
) -> None:
    _, mailer = quiet(container)
    await queue_mail(container, "a@example.com")
    mailer.failing = True
    assert await container.get(DeliverMail).execute() == DeliveryReport(retried=1)
    (row,) = rows(container)
    assert row.status is MailStatus.PENDING and row.attempts == 1
    assert row.next_attempt_at == clock.now() + policy.FIRST_RETRY
    assert row.last_error == "ConnectionRefusedError: SMTP server down"
    mailer.failing = False
    assert await container.get(DeliverMail).execute() == DeliveryReport()  # not due yet
    clock.advance(seconds=30)
    assert await container.get(DeliverMail).execute() == DeliveryReport(sent=1)
    assert [m.to for m in mailer.sent] == ["a@example.com"]
    (row,) = rows(container)
    assert (row.status, row.attempts, row.sent_at, row.last_error) == (MailStatus.SENT, 2, clock.now(), None)


async def test_backoff_doubles_then_gives_up(container: Container, clock: FrozenClock) -> None:
    _, mailer = quiet(container)
    mailer.failing = True
    await queue_mail(container, "a@example.com")
    delays = []
    for _ in range(policy.MAX_ATTEMPTS):
        before = clock.now()
        report = await container.get(DeliverMail).execute()
        (row,) = rows(container)
        if row.status is MailStatus.FAILED:
            assert report == DeliveryReport(given_up=1)
            break
        delays.append(row.next_attempt_at - before)
        clock.at = row.next_attempt_at
    assert delays[:4] == [timedelta(seconds=s) for s in (30, 60, 120, 240)]
    assert len(delays) == policy.MAX_ATTEMPTS - 1 and max(delays) <= policy.LONGEST_RETRY
    (row,) = rows(container)
    assert (row.status, row.attempts) == (MailStatus.FAILED, policy.MAX_ATTEMPTS)
    clock.advance(days=1)
    assert await container.get(DeliverMail).execute() == DeliveryReport()  # a failed mail is not retried


async def test_a_claim_never_marked_is_due_again_after_the_lease(
    container: Container, clock: FrozenClock
) -> None:
    """The process died between claiming and marking: the row is still there and is sent later."""
    _, mailer = quiet(container)
    await queue_mail(container, "a@example.com")
    async with container.uow() as uow:
        (claimed,) = await uow.outbox.claim(clock.now(), 10, clock.now() + policy.CLAIM_LEASE)
        await uow.commit()
    assert await container.get(DeliverMail).execute() == DeliveryReport()  # held by the dead claim
    clock.advance(minutes=10)
    assert await container.get(DeliverMail).execute() == DeliveryReport(sent=1)
    assert [m.id for m in mailer.sent] == [claimed.id]


def test_retry_policy() -> None:
    now = FrozenClock().now()
    assert policy.retry_at(1, now) == now + timedelta(seconds=30)
    assert policy.retry_at(3, now) == now + timedelta(minutes=2)
    assert policy.retry_at(7, now) == now + timedelta(minutes=32)
    assert policy.retry_at(8, now) == policy.retry_at(9, now) == now + timedelta(hours=1)  # capped
    assert policy.retry_at(policy.MAX_ATTEMPTS, now) is None


async def test_the_file_mailer_writes_one_eml_file(tmp_path: Path) -> None:
    mailer = FileMailer(tmp_path / "mail", "EduTrack <no-reply@edutrack.local>")
    await mailer.send(QueuedMail(7, "pupil@example.com", "Enrolled", "You have been enrolled.\n", 1))
    (written,) = (tmp_path / "mail").iterdir()
    assert written.name == "mail-7.eml"
    message = message_from_bytes(written.read_bytes())
    assert message["To"] == "pupil@example.com" and message["Subject"] == "Enrolled"
    assert "outbox-7" in message["Message-ID"]
    assert message.get_payload(decode=True) == b"You have been enrolled.\n"


def test_settings_choose_the_mailer(tmp_path: Path) -> None:
    env = {"EDUTRACK_MAIL_BACKEND": "file", "EDUTRACK_MAIL_DIR": str(tmp_path), "EDUTRACK_MAIL_FROM": "x@y.z"}
    settings = Settings.from_env(env)
    assert (settings.mail_backend, settings.mail_dir, settings.mail_from) == ("file", tmp_path, "x@y.z")
    pick = lambda s: type(mailer_of(build_container(s, backend="memory")))  # noqa: E731
    assert pick(settings) is FileMailer
    assert pick(Settings.from_env({})) is ConsoleMailer
    smtp = Settings.from_env(
        {"EDUTRACK_MAIL_BACKEND": "smtp", "EDUTRACK_SMTP_HOST": "mx", "EDUTRACK_SMTP_PORT": "2525"}
    )
    assert (smtp.smtp_host, smtp.smtp_port, smtp.smtp_starttls) == ("mx", 2525, True)
    assert pick(smtp) is SmtpMailer
    with pytest.raises(SettingsError, match="EDUTRACK_MAIL_BACKEND"):
        Settings.from_env({"EDUTRACK_MAIL_BACKEND": "pigeon"})
    with pytest.raises(SettingsError, match="EDUTRACK_SMTP_PORT"):
        Settings.from_env({"EDUTRACK_SMTP_PORT": "0"})


async def test_the_delivery_jobs_are_registered(container: Container) -> None:
    jobs = {job.name: job.every for job in container.jobs()}
    assert jobs[policy.DELIVER_JOB] == timedelta(seconds=10)
    assert jobs[policy.DELIVER_NOW_JOB] is None


async def test_the_fake_mailer_is_a_mailer() -> None:
    mailer = FakeMailer()
    await mailer.send(QueuedMail(1, "a@b.c", "s", "b", 1))
    assert len(mailer.sent) == 1
