"""The site-owner dashboard body (SiteOwner §7)."""

from __future__ import annotations

import msgspec

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
    status = d.students_by_status
    return SiteOwnerDashboardOut(
        total_students=d.total_students,
        total_teachers=d.total_teachers,
        total_assistants=d.total_assistants,
        new_users_this_month=d.new_users_this_month,
        new_students_this_month=d.new_students_this_month,
        new_teachers_this_month=d.new_teachers_this_month,
        students_by_status=StudentsByStatusOut(
            verified=status.verified,
            pending=status.pending,
            declined=status.declined,
            suspended_temporary=status.suspended_temporary,
            suspended_permanent=status.suspended_permanent,
        ),
        students_by_grade_school_division=[
            StudentGroupOut(grade=g.grade, school_type=g.school_type, division=g.division, count=g.count)
            for g in d.students_by_grade_school_division
        ],
        teachers_active_count=d.teachers_active_count,
        teachers_inactive_count=d.teachers_inactive_count,
        teachers_by_grade_subject=[
            TeacherGroupOut(grade=g.grade, subject=g.subject, count=g.count)
            for g in d.teachers_by_grade_subject
        ],
        total_subjects=d.total_subjects,
        total_grades=d.total_grades,
        total_school_types=d.total_school_types,
        total_divisions=d.total_divisions,
        total_governorates=d.total_governorates,
        total_areas=d.total_areas,
        total_video_security_options=d.total_video_security_options,
    )
