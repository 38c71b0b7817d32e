from __future__ import annotations

from dataclasses import dataclass

from edutrack.core.actor import Actor, Role
from edutrack.core.entities.users import User
from edutrack.core.errors import ValidationFailed
from edutrack.core.policies.access import require_site_owner
from edutrack.core.policies.accounts import GMAIL_TAKEN, USERNAME_TAKEN, check_email, check_username
from edutrack.core.policies.passwords import check_password
from edutrack.ports.clock import Clock
from edutrack.ports.security import PasswordHasher
from edutrack.ports.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class NewSiteOwner:
    """``name``: the display name, stripped and within its length at the edge (default: the
    username)."""

    username: str
    password: str
    name: str | None = None
    gmail: str | None = None


class CreateSiteOwner:
    """A site owner, or the operator at the CLI (who acts as the system site owner).

    Invariants: the username and gmail follow the account rules and are unique across every role,
    case-insensitively (also under concurrency: the database's unique indexes decide); the password follows
    the rules; user and profile are created in one transaction.
    """

    def __init__(self, uow: UnitOfWork, hasher: PasswordHasher, clock: Clock) -> None:
        self._uow = uow
        self._hasher = hasher
        self._clock = clock

    async def execute(self, actor: Actor, owner: NewSiteOwner) -> User:
        require_site_owner(actor)
        username = check_username(owner.username)
        email = check_email(owner.gmail) if owner.gmail else None
        check_password(owner.password, username)
        async with self._uow as uow:
            if await uow.users.username_taken(username):
                raise ValidationFailed.field("username", USERNAME_TAKEN)
            if email and await uow.users.gmail_taken(email):
                raise ValidationFailed.field("gmail", GMAIL_TAKEN)
        password_hash = await self._hasher.hash(owner.password)
        now = self._clock.now()
        async with self._uow as uow:
            user = await uow.users.add(
                User(
                    username=username,
                    password_hash=password_hash,
                    role=Role.SITE_OWNER,
                    name=owner.name or username,
                    gmail=email,
                    created_at=now,
                    updated_at=now,
                )
            )
            await uow.commit()
        return user
