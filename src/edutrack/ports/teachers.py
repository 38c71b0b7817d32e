"""Teachers: the write-side repository (in a unit of work) and the read-side rows for lists and details."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from edutrack.core.entities.people import TeacherProfile
from edutrack.ports.academics import SubjectRow, VideoSecurityRow
from edutrack.ports.readers import NamedRef, Page, PageRequest


class TeacherRepository(Protocol):
    async def add(self, teacher: TeacherProfile) -> TeacherProfile:
        """Insert with its grades; assign ``teacher.id``."""
        ...

    async def get(self, teacher_id: int) -> TeacherProfile | None: ...

    async def save(self, teacher: TeacherProfile) -> None:
        """Update the profile and replace its grades."""
        ...


@dataclass(frozen=True, slots=True)
class TeacherRow:
    """A teacher as the site owner sees it: profile, account fields and the referenced details.

    ``profile_picture`` is the storage key (the HTTP layer makes it an absolute URL); ``grades`` come by
    (grade order, id); ``subject`` and ``video_security`` are ``None`` when not set.
    """

    id: int
    user_id: int
    username: str
    name: str
    gmail: str | None
    is_active: bool
    phone: str
    secondary_phone: str | None
    gender: str
    profile_picture: str | None
    biography: str | None
    facebook: str | None
    created_at: datetime
    subject: SubjectRow | None = None
    grades: list[NamedRef] = field(default_factory=list)
    video_security: VideoSecurityRow | None = None

    @property
    def subject_id(self) -> int | None:
        return self.subject.id if self.subject else None

    @property
    def video_security_id(self) -> int | None:
        return self.video_security.id if self.video_security else None


@dataclass(frozen=True, slots=True)
class TeacherFilter:
    """``grade_id``: teachers teaching that grade; ``search``: case-insensitive substring of the name."""

    is_active: bool | None = None
    subject_id: int | None = None
    grade_id: int | None = None
    search: str | None = None


class TeacherReader(Protocol):
    async def list(self, filters: TeacherFilter, page: PageRequest) -> Page[TeacherRow]:
        """Newest first (by id, descending); a fixed number of statements whatever the page size."""
        ...

    async def get(self, teacher_id: int) -> TeacherRow | None: ...
