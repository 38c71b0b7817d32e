"""Revenue per day over a date range (SiteOwner §6, GET /payments/revenue/trends/)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from edutrack.core.actor import Actor
from edutrack.core.errors import ValidationFailed
from edutrack.core.policies.access import require_site_owner
from edutrack.ports.clock import Clock
from edutrack.ports.revenue import DayBucket, RevenueReader, RevenueTrend

DEFAULT_DAYS = 30
MAX_DAYS = 366
START_AFTER_END = "start_date must be on or before end_date."
TOO_LONG = f"The date range cannot be longer than {MAX_DAYS} days."


def day_start(day: date, zone: ZoneInfo) -> datetime:
    """The UTC instant at which ``day`` begins in ``zone``. Where local midnight does not exist (a DST jump
    at 00:00), zoneinfo's ``fold=0`` reading gives the instant of the jump, which is when the day begins."""
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def day_buckets(start: date, end: date, zone: ZoneInfo) -> list[DayBucket]:
    """Consecutive local days ``start..end`` (inclusive) as half-open UTC ranges; a DST day is 23 or 25 h."""
    days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    bounds = [day_start(day, zone) for day in [*days, end + timedelta(days=1)]]
    return [DayBucket(day=day, start=bounds[n], end=bounds[n + 1]) for n, day in enumerate(days)]


class ComputeRevenueTrend:
    """Site owner only. Revenue and purchase count per day of the platform time zone, ``start..end``
    inclusive, days without purchases included. Defaults: ``end`` is today (platform time zone), ``start``
    is 29 days before ``end`` (30 days). ``start > end`` or a range longer than 366 days is a non-field
    error (the edges read the days and keep them within 1900-01-01..9998-12-31). The database groups the
    purchases by the day bounds computed here (DST-correct), in one statement."""

    def __init__(self, reader: RevenueReader, clock: Clock, time_zone: str) -> None:
        self._reader = reader
        self._clock = clock
        self._zone = ZoneInfo(time_zone)

    def _range(self, start_date: date | None, end_date: date | None) -> tuple[date, date]:
        end = end_date or self._clock.now().astimezone(self._zone).date()
        start = start_date or end - timedelta(days=DEFAULT_DAYS - 1)
        if start > end:
            raise ValidationFailed.non_field(START_AFTER_END)
        if (end - start).days + 1 > MAX_DAYS:
            raise ValidationFailed.non_field(TOO_LONG)
        return start, end

    async def execute(
        self, actor: Actor, start_date: date | None = None, end_date: date | None = None
    ) -> RevenueTrend:
        require_site_owner(actor)
        start, end = self._range(start_date, end_date)
        days = await self._reader.daily(day_buckets(start, end, self._zone))
        return RevenueTrend(
            start_date=start,
            end_date=end,
            total_revenue=sum((d.revenue for d in days), Decimal("0.00")),
            total_purchases=sum(d.purchase_count for d in days),
            daily_trends=days,
        )
