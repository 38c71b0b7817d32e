"""Bulk enrollment (Appsembler API, issue 14): the state of one identifier in one course, before and after a
bulk request, and the remembered auto-enrollments of emails that have no account yet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class BulkAction(StrEnum):
    ENROLL = "enroll"
    UNENROLL = "unenroll"


@dataclass(frozen=True, slots=True)
class IdentifierState:
    """As the Appsembler document shows it: ``enrollment`` the student is enrolled (approved),
    ``allowed`` an allowance is remembered for the email, ``user`` an account exists, ``auto_enroll`` the
    remembered allowance enrolls the account when it is created."""

    enrollment: bool
    allowed: bool
    user: bool
    auto_enroll: bool


@dataclass(frozen=True, slots=True)
class EnrollmentAllowance:
    """An email (lower case) remembered for a course: with ``auto_enroll`` the account created later with
    that email is enrolled at once. ``created_by``: the OAuth client's primary key."""

    email: str
    course_id: int
    auto_enroll: bool
    created_at: datetime
    created_by: int | None = None
