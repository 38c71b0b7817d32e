"""Enrollment codes (Appsembler API, API_SUPPLEMENT §11): single-use codes an integration client issues
for a course and later redeems for a student, who is then enrolled (approved) without teacher review.
Separate from recharge codes (``wallets``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

CODE_LENGTH = 8
MAX_CODES = 1000  # per generate call; the edge refuses more (and fewer than 1)

# the reasons of the document's 400 bodies ({"success": "false", "reason": ...})
CODE_ERROR = "Enrollment code error."  # unknown, cancelled or used code; also "Enrollment closed"
ALREADY_ENROLLED = "Already enrolled."
USER_NOT_FOUND = "User not found."  # not in the document: no student account has that email
INVALID_PARAMETERS = "Invalid parameters."  # not in the document: a missing or malformed field


def code_not_found(code: str) -> str:
    return f"The enrollment code ({code}) was not found"


class CodeStatus(StrEnum):
    ACTIVE = "active"
    CANCELLED = "cancelled"


class CodeAction(StrEnum):
    """What ``.../enrollment-codes/status`` does to a code."""

    CANCEL = "cancel"
    RESTORE = "restore"


@dataclass(slots=True)
class EnrollmentCode:
    """``used_by`` (a student profile), ``used_at`` and ``enrollment_id`` are set together when the code
    enrolls someone and cleared together when a cancel or restore undoes that: a used code (``used_at``
    set) is active and its student was enrolled through it (``used_by`` becomes None if that student's
    profile is deleted; the code stays used)."""

    code: str
    course_id: int
    created_at: datetime
    updated_at: datetime
    status: CodeStatus = CodeStatus.ACTIVE
    created_by_client: int | None = None
    used_by: int | None = None
    used_at: datetime | None = None
    enrollment_id: int | None = None
    id: int | None = None

    @property
    def is_used(self) -> bool:
        return self.used_at is not None
