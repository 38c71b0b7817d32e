"""Bulk enrollment (Appsembler API): identifiers × courses, remembered auto-enrollments, optional mail."""

from __future__ import annotations

from edutrack.composition.container import Container
from edutrack.core.use_cases.bulk_enrollment.bulk_enroll import BulkEnroll
from edutrack.ports.jobs import JobQueue
from edutrack.ports.notifications import Notifier


def wire(c: Container) -> None:
    c.use_case(BulkEnroll, lambda c: BulkEnroll(c.uow(), c.clock, c.get(Notifier), c.get(JobQueue)))
