"""Calendar days as people type them: ``YYYY-MM-DD`` exactly, within the years the platform handles.

The edges (query strings, command-line options) read days with ``parse_day``; the use cases take dates.
"""

from __future__ import annotations

from datetime import date

EARLIEST = date(1900, 1, 1)
LATEST = date(9998, 12, 31)  # a day after it still exists, so a day's end can always be computed
OUT_OF_RANGE = f"Ensure the date is between {EARLIEST.isoformat()} and {LATEST.isoformat()}."


def parse_day(raw: str | None) -> date | None:
    """``YYYY-MM-DD`` (spaces around it ignored) → a date; ``None`` or blank → None. Any other shape
    (``2026-3-1``, ``20260301``, a time) or a day that does not exist raises ValueError."""
    if raw is None or not raw.strip():
        return None
    text = raw.strip()
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        raise ValueError(text)
    return date.fromisoformat(text)


def within_range(day: date) -> bool:
    return EARLIEST <= day <= LATEST
