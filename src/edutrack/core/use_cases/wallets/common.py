"""What the wallet use cases share: the documented error bodies and the actor's profile checks."""

from __future__ import annotations

from edutrack.core.actor import Actor, Role
from edutrack.core.errors import NotFound, PermissionDenied
from edutrack.core.policies.access import require_role

NOT_ENROLLED = "Student is not enrolled in this course"
STUDENT_NOT_FOUND = "Student not found"
COURSE_NOT_FOUND = "Course not found"
NOT_YOUR_COURSE = "You can only add balance for your own courses"
STUDENT_PROFILE_NOT_FOUND = "Student profile not found."


def require_staff(actor: Actor) -> int:
    """A teacher or an assistant; returns the teacher profile id they act for."""
    require_role(actor, Role.TEACHER, Role.ASSISTANT)
    if actor.teacher_id is None:
        raise PermissionDenied()
    return actor.teacher_id


def require_student(actor: Actor) -> int:
    """A student with a profile; returns the profile id."""
    require_role(actor, Role.STUDENT)
    if actor.student_id is None:
        raise NotFound(STUDENT_PROFILE_NOT_FOUND)
    return actor.student_id


def not_enrolled() -> PermissionDenied:
    return PermissionDenied(NOT_ENROLLED, key="error")
