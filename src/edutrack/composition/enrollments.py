"""Enrollments: requests to join a course and the staff's decisions."""

from __future__ import annotations

from edutrack.adapters.memory.enrollments import MemoryEnrollmentReader
from edutrack.adapters.sql.readers.enrollments import SqlEnrollmentReader
from edutrack.composition.container import Container
from edutrack.core.use_cases.enrollments.approve_enrollment import ApproveEnrollment
from edutrack.core.use_cases.enrollments.bulk_action import BulkApproveEnrollments
from edutrack.core.use_cases.enrollments.list_my_enrollments import ListMyEnrollments
from edutrack.core.use_cases.enrollments.list_pending_enrollments import ListPendingEnrollments
from edutrack.core.use_cases.enrollments.reject_enrollment import RejectEnrollment
from edutrack.core.use_cases.enrollments.request_enrollment import RequestEnrollment
from edutrack.ports.enrollments import EnrollmentReader
from edutrack.ports.notifications import Notifier


def wire(c: Container) -> None:
    c.component(EnrollmentReader, lambda c: c.pick(MemoryEnrollmentReader, SqlEnrollmentReader))
    reader = lambda c: c.get(EnrollmentReader)  # noqa: E731
    for decision in (RequestEnrollment, ApproveEnrollment, RejectEnrollment, BulkApproveEnrollments):
        c.use_case(decision, lambda c, d=decision: d(c.uow(), c.clock, c.get(Notifier), reader(c)))
    c.use_case(ListMyEnrollments, lambda c: ListMyEnrollments(reader(c)), replica=True)
    c.use_case(ListPendingEnrollments, lambda c: ListPendingEnrollments(reader(c)), replica=True)
