"""Enrollment codes of the Appsembler-compatible API: generate, enroll a student with one, cancel or
restore."""

from __future__ import annotations

from edutrack.composition.container import Container
from edutrack.core.use_cases.enrollment_codes.change_code_status import ChangeCodeStatus
from edutrack.core.use_cases.enrollment_codes.enroll_with_code import EnrollWithCode
from edutrack.core.use_cases.enrollment_codes.generate_codes import GenerateEnrollmentCodes
from edutrack.ports.notifications import Notifier


def wire(c: Container) -> None:
    c.use_case(GenerateEnrollmentCodes, lambda c: GenerateEnrollmentCodes(c.uow(), c.clock))
    for use_case in (EnrollWithCode, ChangeCodeStatus):
        c.use_case(use_case, lambda c, u=use_case: u(c.uow(), c.clock, c.get(Notifier)))
