from __future__ import annotations

from dataclasses import dataclass

from edutrack.core.actor import Actor
from edutrack.core.errors import NotAuthenticated, ValidationFailed
from edutrack.core.policies.access import require_active
from edutrack.core.policies.passwords import check_password
from edutrack.ports.clock import Clock
from edutrack.ports.security import PasswordHasher, TokenCodec
from edutrack.ports.uow import UnitOfWork

WRONG_PASSWORD = "Wrong password."
SAME_PASSWORD = "The new password must differ from the old one."


@dataclass(frozen=True, slots=True)
class PasswordChange:
    """``current_refresh``: the caller's refresh token, whose family survives the change."""

    old_password: str
    new_password: str
    current_refresh: str | None = None


class ChangePassword:
    """Any authenticated, active user, for their own account.

    Invariants: the old password must match; the new one follows the password rules and differs from the
    old; every other refresh-token family of the user is revoked (other devices are logged out), the
    caller's own family (when its refresh token is given) survives.
    """

    def __init__(self, uow: UnitOfWork, hasher: PasswordHasher, codec: TokenCodec, clock: Clock) -> None:
        self._uow = uow
        self._hasher = hasher
        self._codec = codec
        self._clock = clock

    async def execute(self, actor: Actor, change: PasswordChange) -> None:
        require_active(actor)
        now = self._clock.now()
        async with self._uow as uow:
            user = await uow.users.get(actor.user_id)
        if user is None:
            raise NotAuthenticated()
        if not await self._hasher.verify(user.password_hash, change.old_password):
            raise ValidationFailed.field("old_password", WRONG_PASSWORD)
        check_password(change.new_password, user.username, field="new_password")
        if change.new_password == change.old_password:
            raise ValidationFailed.field("new_password", SAME_PASSWORD)
        new_hash = await self._hasher.hash(change.new_password)
        refresh = change.current_refresh
        claims = self._codec.decode_refresh(refresh, now) if refresh else None
        keep = claims.family_id if claims and claims.user_id == user.id else None
        async with self._uow as uow:
            current = await uow.users.get(actor.user_id)
            if current is None or current.password_hash != user.password_hash:
                raise ValidationFailed.field("old_password", WRONG_PASSWORD)
            current.password_hash = new_hash
            current.updated_at = now
            await uow.users.save(current)
            await uow.refresh_tokens.revoke_for_user(actor.user_id, now, keep_family=keep)
            await uow.commit()
