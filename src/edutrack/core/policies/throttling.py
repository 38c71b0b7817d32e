"""Limits on attempts (§3, §5). Counted in shared storage so they hold across workers, and counted
before the password or code is checked (one atomic ``hit`` each) so they hold under bursts too."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True, slots=True)
class Limit:
    scope: str
    attempts: int
    window: timedelta

    def admits(self, hits: int) -> bool:
        """Whether the attempt that made the count ``hits`` (itself included) may be checked."""
        return hits <= self.attempts


LOGIN_PER_USERNAME = Limit("login:username", 5, timedelta(minutes=15))
LOGIN_PER_ADDRESS = Limit("login:address", 50, timedelta(minutes=15))
