"""Who may use the Appsembler-compatible API (API_SUPPLEMENT §11): only an OAuth2 client holding a valid
client-credentials token. User tokens never open it, and its tokens open nothing else."""

from __future__ import annotations

from edutrack.core.actor import Actor, Role
from edutrack.core.errors import PermissionDenied


def require_integration(actor: Actor) -> int:
    """The client's primary key, or PermissionDenied for anyone who is not an integration client."""
    if actor.role is not Role.INTEGRATION or actor.client_id is None:
        raise PermissionDenied()
    return actor.client_id
