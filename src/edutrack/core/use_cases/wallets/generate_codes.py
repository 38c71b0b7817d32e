"""The site owner (or the operator at the command line) issues recharge codes for a course (SiteOwner §5)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from edutrack.core.actor import Actor
from edutrack.core.entities.wallets import RechargeCode
from edutrack.core.errors import Conflict, ValidationFailed, invalid_pk
from edutrack.core.policies.access import require_site_owner
from edutrack.core.policies.codes import generate_code
from edutrack.core.use_cases.shared import Writer
from edutrack.ports.wallets import RechargeCodeReader, RechargeCodeRow

MAX_COUNT = 1000  # codes per request: the edges refuse more
MIN_VALUE = Decimal("1")  # the smallest value of a code: the edges refuse less
ROUNDS = 10  # collisions are ~1 in 10^23 per pair; ten rounds in a row never happen in practice
IN_THE_PAST = "The expiry must be in the future."


@dataclass(frozen=True, slots=True)
class CodeRequest:
    """``count`` codes (1–1000) of ``value`` (>= 1.00, two decimals) for the course ``course_id``;
    ``expires_at`` is an aware datetime or None (never expires)."""

    course_id: int
    value: Decimal
    expires_at: datetime | None = None
    count: int = 1


class GenerateRechargeCodes(Writer[RechargeCodeReader]):
    """Site owner only. Creates ``count`` codes of ``value`` for an existing course (else the field error
    ``course``), all in one transaction. Invariants: codes come from the cryptographic random source; a
    code that collides with an existing one is drawn again (inside the same transaction); ``expires_at``
    lies in the future. Returns the created codes by id."""

    async def execute(self, actor: Actor, request: CodeRequest) -> list[RechargeCodeRow]:
        require_site_owner(actor)
        now = self._clock.now()
        value, expires_at = request.value, request.expires_at
        if expires_at is not None and expires_at <= now:
            raise ValidationFailed.field("expires_at", IN_THE_PAST)
        creator = actor.user_id or None  # the command-line operator is no user
        async with self._uow as uow:
            if await uow.courses.get(request.course_id) is None:
                raise ValidationFailed.field("course", invalid_pk(request.course_id))
            stored: list[RechargeCode] = []
            for _ in range(ROUNDS):
                missing = request.count - len(stored)
                if missing == 0:
                    break
                drawn = {generate_code() for _ in range(missing)}
                stored += await uow.codes.add_many(
                    [
                        RechargeCode(
                            course_id=request.course_id,
                            code=code,
                            value=value,
                            created_at=now,
                            created_by=creator,
                            expires_at=expires_at,
                        )
                        for code in sorted(drawn)
                    ]
                )
            if len(stored) != request.count:
                raise Conflict("Could not generate unique codes; try again.")
            await uow.commit()
        return await self._reader.by_ids([code.id for code in stored if code.id is not None])
