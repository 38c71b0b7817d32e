"""The catalog: courses split into topics, topics into lectures; lectures carry videos and materials."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from edutrack.core.money import format_money


@dataclass(slots=True)
class Course:
    name: str
    teacher_id: int
    grade_id: int
    subject_id: int
    created_at: datetime
    updated_at: datetime
    description: str | None = None
    cover_picture: str | None = None  # storage key
    is_active: bool = True
    id: int | None = None


@dataclass(slots=True)
class Topic:
    course_id: int
    name: str
    created_at: datetime
    updated_at: datetime
    description: str | None = None
    order: int = 0
    is_active: bool = True
    id: int | None = None


def final_price(price: Decimal, discount: Decimal) -> Decimal:
    """§6: the discount is an amount in EGP, ``0 <= discount <= price``."""
    return price - discount


def formatted_price(price: Decimal, discount: Decimal) -> str:
    amount = final_price(price, discount)
    return "Free" if amount == 0 else f"{format_money(amount)} EGP"


@dataclass(slots=True)
class Lecture:
    topic_id: int
    name: str
    price: Decimal
    available_days: int
    created_at: datetime
    updated_at: datetime
    description: str | None = None
    discount: Decimal = Decimal("0.00")
    is_visible: bool = True
    picture: str | None = None  # storage key
    order: int = 0
    id: int | None = None

    @property
    def final_price(self) -> Decimal:
        return final_price(self.price, self.discount)


class Platform(StrEnum):
    YOUTUBE = "youtube"
    BUNNYSTREAM = "bunnystream"
    VDOCIPHER = "vdocipher"

    @property
    def display(self) -> str:
        return {"youtube": "YouTube", "bunnystream": "Bunny Stream", "vdocipher": "VDO Cipher"}[self.value]


def duration_display(minutes: int | None) -> str | None:
    """``65`` → ``"1h 05m"``; under an hour → ``"45m"``."""
    if minutes is None:
        return None
    hours, rest = divmod(minutes, 60)
    return f"{hours}h {rest:02d}m" if hours else f"{rest}m"


@dataclass(slots=True)
class Video:
    lecture_id: int
    name: str
    platform: Platform
    video_url: str
    created_at: datetime
    updated_at: datetime
    order: int = 0
    duration_minutes: int | None = None
    is_active: bool = True
    id: int | None = None


@dataclass(slots=True)
class Material:
    lecture_id: int
    title: str
    file: str  # private storage key
    file_size: int
    created_at: datetime
    updated_at: datetime
    description: str | None = None
    id: int | None = None
