"""The instant the seeded rows are stamped with, where a test needs a fixed one."""

from __future__ import annotations

from datetime import UTC, datetime

NOW = datetime(2026, 4, 29, 8, 0, tzinfo=UTC)


def at(text: str) -> datetime:
    """``"2026-03-10 21:59"`` (UTC) → an aware datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)
