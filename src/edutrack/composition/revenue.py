"""Revenue: analytics for the site owner, the teacher dashboard, and the sales rollups (ADR 0005)."""

from __future__ import annotations

from edutrack.adapters.memory.revenue import MemoryRevenueReader
from edutrack.adapters.sql.readers.revenue import SqlRevenueReader
from edutrack.adapters.sql.rollups import SalesRollups
from edutrack.composition.container import Container
from edutrack.core.use_cases.revenue.dashboard import ComputeTeacherDashboard
from edutrack.core.use_cases.revenue.reports import (
    ComputeCourseRevenue,
    ComputeLectureRevenue,
    ComputeRevenueSummary,
    ComputeStudentRevenue,
)
from edutrack.core.use_cases.revenue.trend import ComputeRevenueTrend
from edutrack.ports.revenue import RevenueReader


def wire(c: Container) -> None:
    c.component(RevenueReader, lambda c: c.pick(MemoryRevenueReader, SqlRevenueReader))
    reader = lambda c: c.get(RevenueReader)  # noqa: E731
    if c.write_sessions is not None:  # the in-memory backend has no rollups
        sessions = c.write_sessions
        c.component(SalesRollups, lambda c: SalesRollups(sessions))
    for report in (ComputeRevenueSummary, ComputeCourseRevenue, ComputeLectureRevenue, ComputeStudentRevenue):
        c.use_case(report, lambda c, r=report: r(reader(c)), replica=True)
    c.use_case(ComputeTeacherDashboard, lambda c: ComputeTeacherDashboard(reader(c)), replica=True)
    c.use_case(
        ComputeRevenueTrend,
        lambda c: ComputeRevenueTrend(reader(c), c.clock, c.settings.time_zone),
        replica=True,
    )
