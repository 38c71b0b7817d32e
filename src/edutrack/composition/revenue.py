"""The revenue use-case factories (a mixin of Container): analytics for the site owner and the teacher
dashboard, over one revenue reader."""

from __future__ import annotations

from typing import TYPE_CHECKING

from edutrack.adapters.memory.revenue import MemoryRevenueReader
from edutrack.adapters.sql.database import session_factory
from edutrack.adapters.sql.readers.revenue import SqlRevenueReader
from edutrack.adapters.sql.rollups import SalesRollups
from edutrack.core.use_cases.revenue.dashboard import ComputeTeacherDashboard
from edutrack.core.use_cases.revenue.reports import (
    ComputeCourseRevenue,
    ComputeLectureRevenue,
    ComputeRevenueSummary,
    ComputeStudentRevenue,
)
from edutrack.core.use_cases.revenue.trend import ComputeRevenueTrend
from edutrack.ports.revenue import RevenueReader

if TYPE_CHECKING:
    from edutrack.composition import Container


class RevenueFactories:
    def revenue_reader(self: Container) -> RevenueReader:
        store = self.memory_store
        if store is not None:
            return MemoryRevenueReader(store)
        assert self.read_sessions is not None
        return SqlRevenueReader(self.read_sessions)

    def sales_rollups(self: Container) -> SalesRollups | None:
        """The SQL sales rollups (ADR 0005); None on the in-memory backend, which has none."""
        if self.db_config is None:
            return None
        return SalesRollups(session_factory(self.db_config))

    def revenue_summary(self: Container) -> ComputeRevenueSummary:
        return ComputeRevenueSummary(self.revenue_reader())

    def course_revenue(self: Container) -> ComputeCourseRevenue:
        return ComputeCourseRevenue(self.revenue_reader())

    def lecture_revenue(self: Container) -> ComputeLectureRevenue:
        return ComputeLectureRevenue(self.revenue_reader())

    def student_revenue(self: Container) -> ComputeStudentRevenue:
        return ComputeStudentRevenue(self.revenue_reader())

    def revenue_trend(self: Container) -> ComputeRevenueTrend:
        return ComputeRevenueTrend(self.revenue_reader(), self.clock, self.settings.time_zone)

    def teacher_dashboard(self: Container) -> ComputeTeacherDashboard:
        return ComputeTeacherDashboard(self.revenue_reader())
