"""What the enrollment-code use cases share: the document's refusal body, the course a key names and the
notifications the student gets."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from edutrack.core.entities.content import Course
from edutrack.core.entities.notifications import NewNotification, NotificationType
from edutrack.core.errors import NotFound, RuleViolation
from edutrack.core.policies.course_keys import course_id_of

NOT_FOUND = "Not found"  # the document's 404 body for a wrong course id (no final dot)


class CodeRefused(RuleViolation):
    """400 with the Appsembler document's body ``{"success": "false", "reason": ...}``; a malformed
    request adds the DRF field errors of what was wrong (``{"email": ["This field is required."]}``)."""

    def __init__(self, reason: str, fields: Mapping[str, Sequence[str]] | None = None) -> None:
        super().__init__(reason, key="reason")
        self.fields = {name: list(texts) for name, texts in (fields or {}).items()}

    def body(self) -> dict[str, object]:
        return {"success": "false", "reason": self.message, **self.fields}


def course_of_key(key: str) -> int:
    """The course id a course key names; NotFound ``{"detail": "Not found"}`` when it names none of ours
    (whether the course exists is the caller's question, answered the same way)."""
    course_id = course_id_of(key)
    if course_id is None:
        raise NotFound(NOT_FOUND)
    return course_id


def enrolled_notification(user_id: int, course: Course, enrollment_id: int) -> NewNotification:
    return NewNotification(
        user_id=user_id,
        notification_type=NotificationType.ENROLLMENT_APPROVED,
        title="Enrollment approved",
        message=f"You have been enrolled in {course.name} with an enrollment code.",
        metadata={"enrollment_id": enrollment_id, "course_id": course.id, "status": "approved"},
    )


def unenrolled_notification(user_id: int, course: Course, enrollment_id: int) -> NewNotification:
    return NewNotification(
        user_id=user_id,
        notification_type=NotificationType.UNENROLLED,
        title="Unenrolled",
        message=f"You have been unenrolled from {course.name}.",
        metadata={"enrollment_id": enrollment_id, "course_id": course.id, "status": "unenrolled"},
    )
