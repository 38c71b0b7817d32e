"""Mail: the mailer chosen by settings, the delivery use case and its jobs (``mail.deliver`` every 10 s,
``mail.deliver_now`` enqueued after a commit that queued mail)."""

from __future__ import annotations

from datetime import timedelta

from edutrack.adapters.mail.console import ConsoleMailer
from edutrack.adapters.mail.files import FileMailer
from edutrack.adapters.mail.smtp import SmtpMailer, SmtpOptions
from edutrack.composition.container import Container
from edutrack.core.policies.mail import DELIVER_JOB, DELIVER_NOW_JOB
from edutrack.core.use_cases.mail.deliver_mail import DeliverMail, DeliveryReport
from edutrack.ports.mail import Mailer

DELIVER_EVERY = timedelta(seconds=10)


def mailer(c: Container) -> Mailer:
    settings = c.settings
    if settings.mail_backend == "file":
        return FileMailer(settings.mail_dir, settings.mail_from)
    if settings.mail_backend == "smtp":
        options = SmtpOptions(
            host=settings.smtp_host,
            port=settings.smtp_port,
            username=settings.smtp_username,
            password=settings.smtp_password,
            starttls=settings.smtp_starttls,
        )
        return SmtpMailer(options, settings.mail_from)
    return ConsoleMailer(settings.mail_from)


async def deliver(c: Container) -> DeliveryReport:
    """Send the due mails of the outbox (idempotent: claims are conditional; nothing due, nothing done)."""
    return await c.get(DeliverMail).execute()


def wire(c: Container) -> None:
    c.component(Mailer, mailer)
    c.use_case(DeliverMail, lambda c: DeliverMail(c.uow(), c.clock, c.get(Mailer)))
    c.job(DELIVER_JOB, deliver, every=DELIVER_EVERY)
    c.job(DELIVER_NOW_JOB, deliver)
