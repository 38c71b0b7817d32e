from __future__ import annotations

from edutrack.core.actor import Actor
from edutrack.core.errors import NotAuthenticated
from edutrack.core.policies.access import require_active
from edutrack.ports.readers import AccountReader, UserRow


class GetMe:
    """Any authenticated user: their own account. The role's profile is added by the people issue
    (``null`` for a site owner)."""

    def __init__(self, accounts: AccountReader) -> None:
        self._accounts = accounts

    async def execute(self, actor: Actor) -> UserRow:
        require_active(actor)
        row = await self._accounts.principal(actor.user_id)
        if row is None:
            raise NotAuthenticated()
        return row
