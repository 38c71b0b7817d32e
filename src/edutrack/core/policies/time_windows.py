"""The Appsembler analytics bounds (API_SUPPLEMENT §11): ``updated_min``/``updated_max`` are a date (the
whole day in the platform's time zone) or a datetime (naive: in the platform's time zone), and both
bounds are inclusive, so ``updated_max=2015-12-19`` includes all of the 19th."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo

Bound = date | datetime | None
TICK = timedelta(microseconds=1)


def _at(value: datetime, zone: tzinfo) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=zone)


def window_of(lower: Bound, upper: Bound, zone: tzinfo) -> tuple[datetime | None, datetime | None]:
    """``(start, until)``: ``start`` inclusive, ``until`` exclusive; None unbounded."""
    start = until = None
    if isinstance(lower, datetime):
        start = _at(lower, zone)
    elif isinstance(lower, date):
        start = datetime.combine(lower, time.min, tzinfo=zone)
    if isinstance(upper, datetime):
        until = _at(upper, zone) + TICK
    elif isinstance(upper, date):
        until = datetime.combine(upper + timedelta(days=1), time.min, tzinfo=zone)
    return start, until
