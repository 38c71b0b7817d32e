from __future__ import annotations

from edutrack.core.actor import Actor, Role
from edutrack.core.entities.users import User
from edutrack.core.errors import ValidationFailed
from edutrack.core.policies.access import require_site_owner
from edutrack.core.policies.accounts import check_email, check_name, check_username
from edutrack.core.policies.passwords import check_password
from edutrack.ports.clock import Clock
from edutrack.ports.security import PasswordHasher
from edutrack.ports.uow import UnitOfWork


class CreateSiteOwner:
    """A site owner, or the operator at the CLI (who acts as the system site owner).

    Invariants: username and gmail unique across every role, case-insensitively (also under concurrency:
    the database's unique indexes decide); the password follows the rules; user and profile are created in
    one transaction.
    """

    def __init__(self, uow: UnitOfWork, hasher: PasswordHasher, clock: Clock) -> None:
        self._uow = uow
        self._hasher = hasher
        self._clock = clock

    async def execute(
        self, actor: Actor, username: str, password: str, name: str | None = None, gmail: str | None = None
    ) -> User:
        require_site_owner(actor)
        username = check_username(username)
        display_name = check_name(name or username)
        email = check_email(gmail) if gmail else None
        check_password(password, username)
        async with self._uow as uow:
            if await uow.users.username_taken(username):
                raise ValidationFailed.field("username", "Username already exists.")
            if email and await uow.users.gmail_taken(email):
                raise ValidationFailed.field("gmail", "This email is already associated with an account.")
        password_hash = await self._hasher.hash(password)
        now = self._clock.now()
        async with self._uow as uow:
            user = await uow.users.add(
                User(
                    username=username,
                    password_hash=password_hash,
                    role=Role.SITE_OWNER,
                    name=display_name,
                    gmail=email,
                    created_at=now,
                    updated_at=now,
                )
            )
            await uow.commit()
        return user
