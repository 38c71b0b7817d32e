"""An integration client generates enrollment codes for a course (Appsembler API:
POST /appsembler_api/v0/enrollment-codes/generate)."""

from __future__ import annotations

from dataclasses import dataclass

from edutrack.core.actor import Actor
from edutrack.core.entities.enrollment_codes import EnrollmentCode
from edutrack.core.entities.integrations import AuditAction, AuditEntry
from edutrack.core.errors import Conflict, NotFound
from edutrack.core.policies.course_keys import course_key
from edutrack.core.policies.enrollment_codes import new_enrollment_code
from edutrack.core.policies.integrations import require_integration
from edutrack.core.use_cases.enrollment_codes.common import NOT_FOUND, course_of_key
from edutrack.ports.clock import Clock
from edutrack.ports.uow import UnitOfWork

ROUNDS = 10  # a collision is ~1 in 2·10^14 per pair; ten colliding rounds in a row never happen
NO_UNIQUE_CODES = "Could not generate unique codes; try again."


@dataclass(frozen=True, slots=True)
class NewEnrollmentCodes:
    """``count`` codes (1–1000, checked at the edge) for the course named by ``course_key``."""

    course_key: str
    count: int


@dataclass(frozen=True, slots=True)
class GeneratedCodes:
    course_key: str
    codes: tuple[str, ...]

    @property
    def course_url(self) -> str:
        return f"/courses/{self.course_key}/about"


class GenerateEnrollmentCodes:
    """Integration clients only (anyone else: PermissionDenied).

    Invariants: the key names an existing course (active or not: codes may be issued before a course
    opens), else NotFound ``{"detail": "Not found"}`` and nothing written. The codes come from the
    cryptographic source and are unique: the database's UNIQUE(code) decides, and a drawn code that
    collides (with a stored one or one a concurrent call is inserting) is drawn again inside the same
    transaction. All ``count`` codes, and one ``codes_generated`` audit entry naming them and the client,
    commit together or not at all."""

    def __init__(self, uow: UnitOfWork, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def execute(self, actor: Actor, command: NewEnrollmentCodes) -> GeneratedCodes:
        client = require_integration(actor)
        course_id = course_of_key(command.course_key)
        now = self._clock.now()
        async with self._uow as uow:
            if await uow.courses.get(course_id) is None:
                raise NotFound(NOT_FOUND)
            stored: list[EnrollmentCode] = []
            for _ in range(ROUNDS):
                missing = command.count - len(stored)
                if missing <= 0:
                    break
                drawn = {new_enrollment_code() for _ in range(missing)}
                stored += await uow.enrollment_codes.add_many(
                    [
                        EnrollmentCode(
                            code=code,
                            course_id=course_id,
                            created_at=now,
                            updated_at=now,
                            created_by_client=client,
                        )
                        for code in sorted(drawn)
                    ]
                )
            if len(stored) != command.count:
                raise Conflict(NO_UNIQUE_CODES)
            key = course_key(course_id)
            codes = tuple(code.code for code in stored)
            await uow.integration_audit.record(
                AuditEntry(
                    action=AuditAction.CODES_GENERATED,
                    target=key,
                    created_at=now,
                    client_id=client,
                    details={"course_id": course_id, "count": len(codes), "codes": list(codes)},
                )
            )
            await uow.commit()
        return GeneratedCodes(course_key=key, codes=codes)
