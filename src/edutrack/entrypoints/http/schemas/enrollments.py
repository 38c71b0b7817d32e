"""Request and response bodies of the enrollment endpoints (Teacher §6, API_SUPPLEMENT §5), the body →
command conversions and the row → body encoders."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

from edutrack.core import messages as m
from edutrack.core.errors import FieldErrors, ValidationFailed
from edutrack.core.use_cases.enrollments.bulk_action import MAX_IDS, BulkActionCommand, BulkResult
from edutrack.core.use_cases.enrollments.common import Decision, DecisionCommand
from edutrack.entrypoints.http.schemas.common import Id
from edutrack.ports.enrollments import EnrollmentRow

# The conversions below check the note's length (1000, once trimmed), the number of ids (1-500) and the
# action, as field errors; these outer bounds only stop absurd bodies.
NOTE_MAX_LENGTH = 1000
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


# --- body → command -------------------------------------------------------------------------------


def decision_command(enrollment_id: int, data: DecisionIn | None) -> DecisionCommand:
    """The note trimmed; blank is none."""
    note = ((data.response_note if data is not None else None) or "").strip() or None
    if note is not None and len(note) > NOTE_MAX_LENGTH:
        raise ValidationFailed.field("response_note", m.max_length(NOTE_MAX_LENGTH))
    return DecisionCommand(enrollment_id, note)


def bulk_action_command(data: BulkActionIn) -> BulkActionCommand:
    """1 to 500 ids and an action of approve | reject, every problem at once."""
    errors = FieldErrors()
    if not data.enrollment_ids:
        errors.add("enrollment_ids", m.min_items(1))
    elif len(data.enrollment_ids) > MAX_IDS:
        errors.add("enrollment_ids", m.max_items(MAX_IDS))
    if data.action not in {decision.value for decision in Decision}:
        errors.add("action", m.invalid_choice(data.action))
    errors.raise_if_any()
    return BulkActionCommand(tuple(data.enrollment_ids), Decision(data.action))


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
