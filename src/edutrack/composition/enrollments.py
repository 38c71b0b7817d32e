"""The enrollments use-case factories (a mixin of Container)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from edutrack.adapters.memory.enrollments import MemoryEnrollmentReader
from edutrack.adapters.sql.readers.enrollments import SqlEnrollmentReader
from edutrack.core.use_cases.enrollments.approve_enrollment import ApproveEnrollment
from edutrack.core.use_cases.enrollments.bulk_action import BulkApproveEnrollments
from edutrack.core.use_cases.enrollments.list_my_enrollments import ListMyEnrollments
from edutrack.core.use_cases.enrollments.list_pending_enrollments import ListPendingEnrollments
from edutrack.core.use_cases.enrollments.reject_enrollment import RejectEnrollment
from edutrack.core.use_cases.enrollments.request_enrollment import RequestEnrollment
from edutrack.ports.enrollments import EnrollmentReader

if TYPE_CHECKING:
    from edutrack.composition import Container


class EnrollmentFactories:
    def enrollment_reader(self: Container) -> EnrollmentReader:
        store = self.memory_store
        if store is not None:
            return MemoryEnrollmentReader(store)
        assert self.read_sessions is not None
        return SqlEnrollmentReader(self.read_sessions)

    def request_enrollment(self: Container) -> RequestEnrollment:
        return RequestEnrollment(self.uow(), self.clock, self.notifier, self.enrollment_reader())

    def list_my_enrollments(self: Container) -> ListMyEnrollments:
        return ListMyEnrollments(self.enrollment_reader())

    def list_pending_enrollments(self: Container) -> ListPendingEnrollments:
        return ListPendingEnrollments(self.enrollment_reader())

    def approve_enrollment(self: Container) -> ApproveEnrollment:
        return ApproveEnrollment(self.uow(), self.clock, self.notifier, self.enrollment_reader())

    def reject_enrollment(self: Container) -> RejectEnrollment:
        return RejectEnrollment(self.uow(), self.clock, self.notifier, self.enrollment_reader())

    def bulk_enrollment_action(self: Container) -> BulkApproveEnrollments:
        return BulkApproveEnrollments(self.uow(), self.clock, self.notifier, self.enrollment_reader())
