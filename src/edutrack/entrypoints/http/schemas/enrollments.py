"""Request and response bodies of the enrollment endpoints (Teacher §6, API_SUPPLEMENT §5), and the
row → body encoders."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

from edutrack.core.use_cases.enrollments.bulk_action import BulkResult
from edutrack.entrypoints.http.schemas.common import Id
from edutrack.ports.enrollments import EnrollmentRow

# The core checks the note's length (1000) and the number of ids (1-500) and reports them as field errors;
# these outer bounds only stop absurd bodies.
Note = Annotated[str, msgspec.Meta(max_length=20_000)]
Ids = Annotated[list[int], msgspec.Meta(max_length=10_000, description="1 to 500 enrollment ids")]
Action = Annotated[str, msgspec.Meta(max_length=100, description="approve | reject")]

# --- requests ------------------------------------------------------------------------------------


class EnrollmentIn(msgspec.Struct, forbid_unknown_fields=False):
    """``POST /courses/enrollments/``: the course to join."""

    course: Id


class DecisionIn(msgspec.Struct, forbid_unknown_fields=False):
    """``POST /courses/enrollments/{id}/approve/`` and ``/reject/`` (the body itself is optional)."""

    response_note: Note | None = None


class BulkActionIn(msgspec.Struct, forbid_unknown_fields=False):
    """``POST /courses/enrollments/bulk-action/``."""

    enrollment_ids: Ids
    action: Action


# --- responses -----------------------------------------------------------------------------------


class EnrollmentOut(msgspec.Struct):
    id: int
    student: int
    student_name: str
    student_code: str
    course: int
    course_name: str
    grade_name: str
    teacher_name: str
    status: str
    status_display: str
    enrolled_at: datetime
    approved_by: int | None
    approved_by_name: str | None
    responded_at: datetime | None
    response_note: str | None


class BulkErrorOut(msgspec.Struct):
    enrollment_id: int
    error: str


class BulkActionOut(msgspec.Struct):
    processed: int
    total_requested: int
    action: str
    errors: list[BulkErrorOut]


def enrollment_out(row: EnrollmentRow) -> EnrollmentOut:
    return EnrollmentOut(
        id=row.id,
        student=row.student_id,
        student_name=row.student_name,
        student_code=row.student_code,
        course=row.course_id,
        course_name=row.course_name,
        grade_name=row.grade_name,
        teacher_name=row.teacher_name,
        status=row.status.value,
        status_display=row.status.display,
        enrolled_at=row.enrolled_at,
        approved_by=row.approved_by,
        approved_by_name=row.approved_by_name,
        responded_at=row.responded_at,
        response_note=row.response_note,
    )


def bulk_action_out(result: BulkResult) -> BulkActionOut:
    return BulkActionOut(
        processed=result.processed,
        total_requested=result.total_requested,
        action=result.action.value,
        errors=[BulkErrorOut(enrollment_id=e.enrollment_id, error=e.error) for e in result.errors],
    )
