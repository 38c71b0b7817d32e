"""What the HTTP tests share: the base URL, the owner's password, the types of the ``make_user``,
``headers_for`` and ``count_queries`` fixtures, and the DRF answers every endpoint gives."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from edutrack.core.entities.users import User

BASE_URL = "http://testserver"
OWNER_PASSWORD = "Owner-pass-1"

MakeUser = Callable[..., Awaitable[User]]
HeadersFor = Callable[[str, str], Awaitable[dict[str, str]]]
Headers = dict[str, str]

FORBIDDEN = {"detail": "You do not have permission to perform this action."}
NOT_FOUND = {"detail": "Not found."}
UNAUTHENTICATED = {"detail": "Authentication credentials were not provided."}


@dataclass
class StatementCounter:
    count: int = 0
    statements: list[str] | None = None


def form(**fields: Any) -> dict[str, Any]:
    """A multipart body (always multipart, even without a file)."""
    return {name: value if isinstance(value, tuple) else (None, str(value)) for name, value in fields.items()}
