from __future__ import annotations

from edutrack.ports.clock import Clock
from edutrack.ports.security import TokenCodec
from edutrack.ports.uow import UnitOfWork


class Logout:
    """Anyone. Revokes the refresh token's whole family (this login on this device). Never fails:
    an invalid or missing token simply has nothing to revoke."""

    def __init__(self, uow: UnitOfWork, codec: TokenCodec, clock: Clock) -> None:
        self._uow = uow
        self._codec = codec
        self._clock = clock

    async def execute(self, refresh_token: str | None) -> None:
        now = self._clock.now()
        claims = self._codec.decode_refresh(refresh_token, now) if refresh_token else None
        if claims is None:
            return
        async with self._uow as uow:
            await uow.refresh_tokens.revoke_family(claims.family_id, now)
            await uow.commit()
