from __future__ import annotations

from datetime import timedelta

from edutrack.ports.clock import Clock
from edutrack.ports.uow import UnitOfWork

# far longer than any limit's window (15 minutes today): a counter older than this counts nothing
STALE_AFTER = timedelta(days=1)


class PurgeThrottleCounters:
    """The system (the periodic job ``auth.purge_throttle_counters``). Deletes the attempt counters of
    logins and code guesses whose window started more than ``STALE_AFTER`` ago, so the table holds the
    last day's usernames and addresses, not every one ever tried. Idempotent: two runs delete each row
    once; a counted attempt inside a live window is never touched."""

    def __init__(self, uow: UnitOfWork, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def execute(self) -> int:
        async with self._uow as uow:
            purged = await uow.attempts.purge(self._clock.now() - STALE_AFTER)
            await uow.commit()
        return purged
