"""The site owner's dashboard."""

from __future__ import annotations

from edutrack.adapters.memory.dashboards import MemoryDashboardReader
from edutrack.adapters.sql.readers.dashboards import SqlDashboardReader
from edutrack.composition.container import Container
from edutrack.core.use_cases.dashboards.site_owner import ComputeSiteOwnerDashboard
from edutrack.ports.dashboards import DashboardReader


def wire(c: Container) -> None:
    c.component(DashboardReader, lambda c: c.pick(MemoryDashboardReader, SqlDashboardReader))
    c.use_case(
        ComputeSiteOwnerDashboard,
        lambda c: ComputeSiteOwnerDashboard(c.get(DashboardReader), c.clock, c.settings.time_zone),
        replica=True,
    )
