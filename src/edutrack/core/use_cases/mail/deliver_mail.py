"""The mail delivery job: send what the outbox holds, retry what failed."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from edutrack.core.policies.mail import BATCH, CLAIM_LEASE, retry_at
from edutrack.ports.clock import Clock
from edutrack.ports.mail import Mailer
from edutrack.ports.uow import UnitOfWork

log = logging.getLogger("edutrack.mail")


@dataclass(frozen=True, slots=True)
class DeliveryReport:
    sent: int = 0
    retried: int = 0
    given_up: int = 0


class DeliverMail:
    """The ``mail.deliver`` job only (periodic, and enqueued after a commit that queued mail); the CLI may
    run it too.

    Guarantees: each batch of due mails is claimed in its own short transaction (``FOR UPDATE SKIP
    LOCKED`` on PostgreSQL, and moved to a retry time ``CLAIM_LEASE`` later), so two deliveries running at
    once never send one mail twice; each mail is then sent outside any transaction and marked in its own.
    A failed send keeps the mail pending with a later ``next_attempt_at`` (backoff: ``retry_at``) and the
    error; after ``MAX_ATTEMPTS`` it becomes failed and is logged. A mail is never lost: if the process
    dies after claiming, the mail is due again when the lease ends. If it dies between sending and marking,
    the mail is sent again then (at least once, not exactly once). Idempotent: a run with nothing due does
    nothing. ``limit`` bounds the mails of one run.
    """

    def __init__(self, uow: UnitOfWork, clock: Clock, mailer: Mailer) -> None:
        self._uow = uow
        self._clock = clock
        self._mailer = mailer

    async def execute(self, limit: int = 200) -> DeliveryReport:
        sent = retried = given_up = 0
        while sent + retried + given_up < limit:
            now = self._clock.now()
            async with self._uow as uow:
                claimed = await uow.outbox.claim(
                    now, min(BATCH, limit - sent - retried - given_up), now + CLAIM_LEASE
                )
                await uow.commit()
            if not claimed:
                break
            for mail in claimed:
                try:
                    await self._mailer.send(mail)
                except Exception as exc:  # any failure of the transport is one failed attempt
                    error = f"{type(exc).__name__}: {exc}"
                    again = retry_at(mail.attempts, self._clock.now())
                    async with self._uow as uow:
                        await uow.outbox.mark_failed(mail.id, error, retry_at=again)
                        await uow.commit()
                    if again is None:
                        given_up += 1
                        log.error(
                            "mail %s to %s given up after %s attempts: %s",
                            mail.id,
                            mail.to,
                            mail.attempts,
                            error,
                        )
                    else:
                        retried += 1
                        log.warning(
                            "mail %s to %s failed (attempt %s), retry at %s: %s",
                            mail.id,
                            mail.to,
                            mail.attempts,
                            again.isoformat(),
                            error,
                        )
                    continue
                async with self._uow as uow:
                    await uow.outbox.mark_sent(mail.id, self._clock.now())
                    await uow.commit()
                sent += 1
        return DeliveryReport(sent, retried, given_up)
