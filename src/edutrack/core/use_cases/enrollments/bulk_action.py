"""Approve or reject many enrollments at once (Teacher §6, POST /courses/enrollments/bulk-action/)."""

from __future__ import annotations

from dataclasses import dataclass

from edutrack.core.actor import Actor
from edutrack.core.errors import NotFound, PermissionDenied, RuleViolation
from edutrack.core.use_cases.enrollments.common import (
    Decision,
    EnrollmentWriter,
    decide_one,
    decided_notification,
    require_staff,
)

MAX_IDS = 500  # ids per request: the edge refuses more


@dataclass(frozen=True, slots=True)
class BulkActionCommand:
    """Decide ``enrollment_ids`` (1–500 ids; a repeated id is decided once) with ``decision``."""

    enrollment_ids: tuple[int, ...]
    decision: Decision


@dataclass(frozen=True, slots=True)
class BulkError:
    enrollment_id: int
    error: str


@dataclass(frozen=True, slots=True)
class BulkResult:
    """``total_requested`` counts distinct ids (a repeated id is decided once), so
    ``processed + len(errors) == total_requested``."""

    processed: int
    total_requested: int
    action: Decision
    errors: list[BulkError]


class BulkApproveEnrollments(EnrollmentWriter):
    """Bulk approve or reject (``decision``). Teachers and their assistants only (other roles:
    PermissionDenied).

    Invariants: each id is decided exactly like a single approve/reject — its own existence and
    ownership checks and its own conditional statement — and a failing id is reported in ``errors`` with
    the single endpoint's message, never failing the others: a failure writes nothing, so the successful
    decisions are committed together in one transaction. Ids are decided in ascending order (the same
    lock order for every caller); errors are listed in request order. After the commit every decided
    student is notified.
    """

    async def execute(self, actor: Actor, command: BulkActionCommand) -> BulkResult:
        require_staff(actor)
        decision = command.decision
        ids = list(dict.fromkeys(command.enrollment_ids))
        failures: dict[int, str] = {}
        decided: list[int] = []
        async with self._uow as uow:
            now = self._clock.now()
            for enrollment_id in sorted(ids):
                try:
                    await decide_one(uow, actor, enrollment_id, decision, None, now)
                except (NotFound, PermissionDenied, RuleViolation) as exc:
                    failures[enrollment_id] = exc.message
                else:
                    decided.append(enrollment_id)
            await uow.commit()
        if decided:
            rows = await self._reader.get_many(decided)
            await self._notifier.send([decided_notification(row) for row in rows])
        return BulkResult(
            processed=len(decided),
            total_requested=len(ids),
            action=decision,
            errors=[BulkError(i, failures[i]) for i in ids if i in failures],
        )
