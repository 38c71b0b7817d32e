"""Approve a pending enrollment (Teacher §6, POST /courses/enrollments/{id}/approve/)."""

from __future__ import annotations

from edutrack.core.use_cases.enrollments.common import Decision, SingleDecision


class ApproveEnrollment(SingleDecision):
    """The course's teacher or one of their assistants (other roles: PermissionDenied).

    Invariants: unknown enrollment: NotFound ``{"error": "Enrollment not found"}``; another teacher's
    course: PermissionDenied ``{"error": "You can only manage enrollments for your own courses"}``; only a
    pending enrollment is approved, by one conditional statement, so of two concurrent decisions exactly
    one wins and the other gets RuleViolation ``{"error": "Cannot approve enrollment with status: X"}``.
    The decision is kept: ``approved_by`` (the deciding user), ``responded_at`` and the optional note.
    After the commit the student gets ``enrollment_approved``.
    """

    decision = Decision.APPROVE
