"""A student asks to join a course (API_SUPPLEMENT §5, POST /courses/enrollments/)."""

from __future__ import annotations

from edutrack.core.actor import Actor
from edutrack.core.entities.enrollments import ALREADY_ENROLLED, Enrollment
from edutrack.core.errors import NotFound, RuleViolation, ValidationFailed, invalid_pk
from edutrack.core.use_cases.enrollments.common import (
    EnrollmentWriter,
    requested_notification,
    verified_student,
)
from edutrack.ports.enrollments import EnrollmentRow


class RequestEnrollment(EnrollmentWriter):
    """Verified students only (other roles: PermissionDenied; a student not ``verified``:
    AccountNotVerified).

    Invariants: the course exists and is active — otherwise the field error ``{"course": ['Invalid pk
    "X" - object does not exist.']}`` (a student cannot see an inactive course, so it is reported like a
    missing one); a student has at most one pending or approved enrollment per course (RuleViolation
    ALREADY_ENROLLED; the database's partial unique index decides a race); a rejected request may be
    made again. The new enrollment is ``pending``; after the commit the course's teacher gets an
    ``enrollment_requested`` notification.
    """

    async def execute(self, actor: Actor, course_id: int) -> EnrollmentRow:
        async with self._uow as uow:
            student = await verified_student(uow, actor)
            course = await uow.courses.get(course_id)
            if course is None or not course.is_active:
                raise ValidationFailed.field("course", invalid_pk(course_id))
            assert student.id is not None
            if await uow.enrollments.has_open(student.id, course_id):
                raise RuleViolation(ALREADY_ENROLLED)
            enrollment = await uow.enrollments.add(
                Enrollment(student_id=student.id, course_id=course_id, enrolled_at=self._clock.now())
            )
            await uow.commit()
        assert enrollment.id is not None
        row = await self._reader.get(enrollment.id)
        if row is None:  # deleted in the instant since the commit
            raise NotFound()
        await self._notifier.send([requested_notification(row)])
        return row
