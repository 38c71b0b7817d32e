"""Who may do what. Pure functions over the actor; use cases call them so HTTP and the CLI share the rules."""

from __future__ import annotations

from edutrack.core.actor import Actor, Role
from edutrack.core.errors import AccountDisabled, PermissionDenied


def require_active(actor: Actor) -> None:
    if not actor.is_active:
        raise AccountDisabled()


def require_role(actor: Actor, *roles: Role) -> None:
    require_active(actor)
    if actor.role not in roles:
        raise PermissionDenied()


def require_site_owner(actor: Actor) -> None:
    require_role(actor, Role.SITE_OWNER)
