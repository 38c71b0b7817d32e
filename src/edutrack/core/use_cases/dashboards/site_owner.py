"""The site-owner dashboard (SiteOwner §7)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from edutrack.core.actor import Actor
from edutrack.core.policies.access import require_site_owner
from edutrack.ports.clock import Clock
from edutrack.ports.dashboards import DashboardReader, SiteOwnerDashboard


def month_start(now: datetime, zone: ZoneInfo) -> datetime:
    """The UTC instant at which the current month began (00:00 on its first day) in ``zone``."""
    local = now.astimezone(zone)
    first = datetime(local.year, local.month, 1, tzinfo=zone)
    return first.astimezone(UTC)


class ComputeSiteOwnerDashboard:
    """Site owner only.

    "This month" runs from the first day of the current month, 00:00 in the platform time zone, to now;
    every figure comes from the database in a fixed number of aggregate queries, whatever the data size.
    """

    def __init__(self, reader: DashboardReader, clock: Clock, time_zone: str) -> None:
        self._reader = reader
        self._clock = clock
        self._zone = ZoneInfo(time_zone)

    async def execute(self, actor: Actor) -> SiteOwnerDashboard:
        require_site_owner(actor)
        now = self._clock.now()
        return await self._reader.site_owner(since=month_start(now, self._zone), until=now)
