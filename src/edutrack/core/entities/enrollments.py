"""A student's request to join a course, and the teacher's decision."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

ALREADY_ENROLLED = "You already have a pending or approved enrollment in this course."


class EnrollmentStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    UNENROLLED = "unenrolled"  # taken out of the course by an integration (Appsembler API); may enrol again

    @property
    def display(self) -> str:
        return self.value.capitalize()


@dataclass(slots=True)
class Enrollment:
    student_id: int
    course_id: int
    enrolled_at: datetime
    status: EnrollmentStatus = EnrollmentStatus.PENDING
    approved_by: int | None = None  # the user who decided (approved or rejected)
    responded_at: datetime | None = None
    response_note: str | None = None
    id: int | None = None
