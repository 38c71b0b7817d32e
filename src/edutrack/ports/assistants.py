"""Assistants: the write-side repository (in a unit of work) and the read-side rows for lists and details."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from edutrack.core.entities.people import AssistantProfile
from edutrack.ports.readers import Page, PageRequest


class AssistantRepository(Protocol):
    async def add(self, assistant: AssistantProfile) -> AssistantProfile:
        """Insert and assign ``assistant.id`` (its user must already exist)."""
        ...

    async def get(self, assistant_id: int) -> AssistantProfile | None: ...

    async def save(self, assistant: AssistantProfile) -> None: ...

    async def delete(self, assistant_id: int) -> None:
        """Delete the profile and its user account."""
        ...


@dataclass(frozen=True, slots=True)
class AssistantRow:
    """One assistant with its account fields. ``profile_picture`` is a storage key; ``is_active`` is the
    assistant's own account flag; ``teacher`` is the teacher profile id, ``teacher_name`` its user's name."""

    id: int
    user_id: int
    username: str
    name: str
    phone: str
    gmail: str | None
    gender: str | None
    profile_picture: str | None
    is_active: bool
    created_at: datetime
    teacher: int
    teacher_name: str


@dataclass(frozen=True, slots=True)
class AssistantFilter:
    """``teacher`` keeps one teacher's assistants; ``search`` matches name, phone or gmail (substring,
    case-insensitive)."""

    teacher: int | None = None
    search: str | None = None


class AssistantReader(Protocol):
    async def list(self, filters: AssistantFilter, page: PageRequest) -> Page[AssistantRow]:
        """Newest first (``created_at`` then ``id``, descending)."""
        ...

    async def get(self, assistant_id: int) -> AssistantRow | None: ...
