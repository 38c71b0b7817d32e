"""The site-owner dashboard body (SiteOwner §7)."""

from __future__ import annotations

import msgspec

from edutrack.entrypoints.http.conventions import struct_from
from edutrack.ports.dashboards import SiteOwnerDashboard


class StudentsByStatusOut(msgspec.Struct):
    verified: int
    pending: int
    declined: int
    suspended_temporary: int
    suspended_permanent: int


class StudentGroupOut(msgspec.Struct):
    grade: str | None
    school_type: str | None
    division: str | None
    count: int


class TeacherGroupOut(msgspec.Struct):
    grade: str
    subject: str | None
    count: int


class SiteOwnerDashboardOut(msgspec.Struct):
    total_students: int
    total_teachers: int
    total_assistants: int
    new_users_this_month: int
    new_students_this_month: int
    new_teachers_this_month: int
    students_by_status: StudentsByStatusOut
    students_by_grade_school_division: list[StudentGroupOut]
    teachers_active_count: int
    teachers_inactive_count: int
    teachers_by_grade_subject: list[TeacherGroupOut]
    total_subjects: int
    total_grades: int
    total_school_types: int
    total_divisions: int
    total_governorates: int
    total_areas: int
    total_video_security_options: int


def site_owner_dashboard_out(d: SiteOwnerDashboard) -> SiteOwnerDashboardOut:
    return struct_from(
        SiteOwnerDashboardOut,
        d,
        students_by_status=struct_from(StudentsByStatusOut, d.students_by_status),
        students_by_grade_school_division=[
            struct_from(StudentGroupOut, g) for g in d.students_by_grade_school_division
        ],
        teachers_by_grade_subject=[struct_from(TeacherGroupOut, g) for g in d.teachers_by_grade_subject],
    )
