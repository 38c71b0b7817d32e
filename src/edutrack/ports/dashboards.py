"""The site-owner dashboard (SiteOwner §7): system-wide counts aggregated by the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True, slots=True)
class StudentsByStatus:
    verified: int = 0
    pending: int = 0
    declined: int = 0
    suspended_temporary: int = 0
    suspended_permanent: int = 0


@dataclass(frozen=True, slots=True)
class StudentGroupRow:
    """Students sharing one (grade, school type, division); a name is None where the students have none."""

    grade: str | None
    school_type: str | None
    division: str | None
    count: int


@dataclass(frozen=True, slots=True)
class TeacherGroupRow:
    """Teachers teaching one grade (through their grades) with one subject (None when they have none)."""

    grade: str
    subject: str | None
    count: int


@dataclass(frozen=True, slots=True)
class SiteOwnerDashboard:
    total_students: int
    total_teachers: int
    total_assistants: int
    new_users_this_month: int
    new_students_this_month: int
    new_teachers_this_month: int
    students_by_status: StudentsByStatus
    students_by_grade_school_division: list[StudentGroupRow]
    teachers_active_count: int
    teachers_inactive_count: int
    teachers_by_grade_subject: list[TeacherGroupRow]
    total_subjects: int
    total_grades: int
    total_school_types: int
    total_divisions: int
    total_governorates: int
    total_areas: int
    total_video_security_options: int


class DashboardReader(Protocol):
    async def site_owner(self, since: datetime, until: datetime) -> SiteOwnerDashboard:
        """Every figure of the dashboard; "new … this month" counts users created in [since, until].

        Totals count user accounts by role; the status and group breakdowns count student profiles;
        teacher groups count teacher profiles through their grades. Groups come ordered by grade
        (order, id), then school type / subject id, then division id, missing ones last.
        """
        ...
