"""The site owner (or the operator at the command line) issues recharge codes for a course (SiteOwner §5)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from edutrack.core.actor import Actor
from edutrack.core.entities.wallets import RechargeCode
from edutrack.core.errors import Conflict, FieldErrors, ValidationFailed, invalid_pk
from edutrack.core.money import parse_money
from edutrack.core.policies.access import require_site_owner
from edutrack.core.policies.codes import generate_code
from edutrack.ports.clock import Clock
from edutrack.ports.codes import RechargeCodeReader, RechargeCodeRow
from edutrack.ports.uow import UnitOfWork

MAX_COUNT = 1000
MAX_ID = 2**31 - 1
ROUNDS = 10  # collisions are ~1 in 10^23 per pair; ten rounds in a row never happen in practice


@dataclass(frozen=True, slots=True)
class CodeRequest:
    course_id: int
    value: object  # money input: string or number
    expires_at: datetime | None = None
    count: int = 1


class GenerateRechargeCodes:
    """Site owner only. Creates ``count`` (1–1000) codes of ``value`` (>= 1.00) for an existing course, all
    in one transaction. Invariants: codes come from the cryptographic random source; a code that collides
    with an existing one is drawn again (inside the same transaction); ``expires_at`` lies in the future (a
    naive datetime is taken as UTC). Returns the created codes by id."""

    def __init__(self, uow: UnitOfWork, clock: Clock, reader: RechargeCodeReader) -> None:
        self._uow = uow
        self._clock = clock
        self._reader = reader

    async def execute(self, actor: Actor, request: CodeRequest) -> list[RechargeCodeRow]:
        require_site_owner(actor)
        now = self._clock.now()
        errors = FieldErrors()
        value: Decimal | None = errors.check(parse_money, "value", request.value, minimum=Decimal("1"))
        expires_at = request.expires_at
        if expires_at is not None:
            if expires_at.tzinfo is None:
                expires_at = expires_at.replace(tzinfo=UTC)
            if expires_at <= now:
                errors.add("expires_at", "The expiry must be in the future.")
        if request.count < 1:
            errors.add("count", "Ensure this value is greater than or equal to 1.")
        elif request.count > MAX_COUNT:
            errors.add("count", f"Ensure this value is less than or equal to {MAX_COUNT}.")
        if not 1 <= request.course_id <= MAX_ID:
            errors.add("course", invalid_pk(request.course_id))
        errors.raise_if_any()
        assert value is not None
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
