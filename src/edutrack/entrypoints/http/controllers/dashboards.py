"""Dashboards: the site owner's system-wide figures (SiteOwner §7)."""

from __future__ import annotations

from litestar import Controller, Request, get

from edutrack.core.actor import Role
from edutrack.core.use_cases.dashboards.site_owner import ComputeSiteOwnerDashboard
from edutrack.entrypoints.http.schemas.dashboards import SiteOwnerDashboardOut, site_owner_dashboard_out
from edutrack.entrypoints.http.security import actor_of, roles
from edutrack.entrypoints.http.wiring import Inject


class DashboardController(Controller):
    path = "/dashboards"
    tags = ["dashboards"]

    @get(
        "/site-owner/",
        guards=[roles(Role.SITE_OWNER)],
        summary="Site-owner dashboard (site owner)",
        description=(
            "System-wide counts. Totals count user accounts by role; teacher activity is the account's "
            "is_active. 'This month' runs from the first day of the current month, 00:00 in the platform "
            "time zone (default Africa/Cairo), to now. students_by_status always has all five statuses "
            "(0 when none). students_by_grade_school_division groups student profiles by grade, school "
            "type and division names; a name is null where the students have none (e.g. graduates). "
            "teachers_by_grade_subject counts teacher profiles per grade they teach and their subject "
            "(null when they have none); teachers without grades are not in it. Both lists are ordered by "
            "grade order, then by id, missing values last."
        ),
    )
    async def site_owner(
        self, request: Request, compute_site_owner_dashboard: Inject[ComputeSiteOwnerDashboard]
    ) -> SiteOwnerDashboardOut:
        dashboard = await compute_site_owner_dashboard.execute(actor_of(request))
        return site_owner_dashboard_out(dashboard)


CONTROLLERS: list[type[Controller]] = [DashboardController]
