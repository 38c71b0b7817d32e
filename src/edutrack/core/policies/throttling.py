"""Limits on failed attempts (§3, §5). Counted in shared storage so they hold across workers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True, slots=True)
class Limit:
    scope: str
    attempts: int
    window: timedelta


LOGIN_PER_USERNAME = Limit("login:username", 5, timedelta(minutes=15))
LOGIN_PER_ADDRESS = Limit("login:address", 50, timedelta(minutes=15))
