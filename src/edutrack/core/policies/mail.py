"""Mail delivery rules (issue 14): how long a claimed mail is held, when a failed one is retried, when we
give up. Pure: the delivery use case passes the clock's time."""

from __future__ import annotations

from datetime import datetime, timedelta

MAX_ATTEMPTS = 10
FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(hours=1)
CLAIM_LEASE = timedelta(minutes=10)
"""A claimed mail not marked within this time (its process died) is due again: sent at least once."""
BATCH = 20


def retry_at(attempts: int, now: datetime) -> datetime | None:
    """When to try again after the ``attempts``-th failed attempt: 30 s, 1 min, 2 min, … (doubling, at most
    an hour); None once ``MAX_ATTEMPTS`` attempts failed (the mail is given up)."""
    if attempts >= MAX_ATTEMPTS:
        return None
    return now + min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)


DELIVER_JOB = "mail.deliver"
"""The periodic delivery job (every 10 s)."""
DELIVER_NOW_JOB = "mail.deliver_now"
"""The same delivery, enqueued by a use case right after a commit that queued mail (a periodic job carries
a queueing lock on the PostgreSQL queue, so the prompt run has its own name)."""
