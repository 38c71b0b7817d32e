"""Who is asking: the authenticated principal every use case receives explicitly."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    SITE_OWNER = "site_owner"
    TEACHER = "teacher"
    ASSISTANT = "assistant"
    STUDENT = "student"
    INTEGRATION = "integration"
    """Not a user: a partner system holding an OAuth2 client-credentials token (Appsembler API, §11)."""


@dataclass(frozen=True, slots=True)
class Actor:
    user_id: int
    username: str
    role: Role
    is_active: bool = True
    teacher_id: int | None = None
    """Teacher profile id: the teacher's own, or the employing teacher's for an assistant."""
    assistant_id: int | None = None
    student_id: int | None = None
    client_id: int | None = None
    """The OAuth client's primary key, for an ``INTEGRATION`` actor (``user_id`` is 0 then)."""

    @property
    def is_site_owner(self) -> bool:
        return self.role is Role.SITE_OWNER


SYSTEM = Actor(user_id=0, username="system", role=Role.SITE_OWNER)
"""The operator at the command line: the CLI acts with site-owner rights."""
