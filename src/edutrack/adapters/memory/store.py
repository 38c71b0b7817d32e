"""The in-memory database behind the fakes: real state, real transactions (copy on begin, swap on commit)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime

from edutrack.core.entities.academics import ReferenceItem, ReferenceKind
from edutrack.core.entities.content import Course, Lecture, Material, Topic, Video
from edutrack.core.entities.enrollments import Enrollment
from edutrack.core.entities.people import AssistantProfile, StudentProfile, TeacherProfile
from edutrack.core.entities.users import RefreshToken, User
from edutrack.core.entities.wallets import LedgerEntry, Purchase, RechargeCode, Wallet


@dataclass
class StoredNotification:
    user_id: int
    notification_type: str
    title: str
    message: str
    created_at: datetime
    metadata: dict[str, object] | None = None
    is_read: bool = False
    id: int = 0


@dataclass
class MemoryState:
    users: dict[int, User] = field(default_factory=dict)
    refresh_tokens: dict[str, RefreshToken] = field(default_factory=dict)
    attempts: list[tuple[str, str, datetime]] = field(default_factory=list)
    reference: dict[ReferenceKind, dict[int, ReferenceItem]] = field(
        default_factory=lambda: {kind: {} for kind in ReferenceKind}
    )
    teachers: dict[int, TeacherProfile] = field(default_factory=dict)
    assistants: dict[int, AssistantProfile] = field(default_factory=dict)
    students: dict[int, StudentProfile] = field(default_factory=dict)
    notifications: dict[int, StoredNotification] = field(default_factory=dict)
    courses: dict[int, Course] = field(default_factory=dict)
    topics: dict[int, Topic] = field(default_factory=dict)
    lectures: dict[int, Lecture] = field(default_factory=dict)
    videos: dict[int, Video] = field(default_factory=dict)
    materials: dict[int, Material] = field(default_factory=dict)
    enrollments: dict[int, Enrollment] = field(default_factory=dict)
    wallets: dict[int, Wallet] = field(default_factory=dict)
    ledger: dict[int, LedgerEntry] = field(default_factory=dict)
    codes: dict[int, RechargeCode] = field(default_factory=dict)
    purchases: dict[int, Purchase] = field(default_factory=dict)
    idempotency: dict[tuple[int, str], object] = field(default_factory=dict)
    sequences: dict[str, int] = field(default_factory=dict)

    def next_id(self, name: str) -> int:
        self.sequences[name] = self.sequences.get(name, 0) + 1
        return self.sequences[name]


class MemoryStore:
    """Shared by every memory unit of work and reader of one app. Transactions are serialised by a lock,
    which makes the fake at least as strict as the real databases."""

    def __init__(self) -> None:
        self.state = MemoryState()
        self.lock = asyncio.Lock()
