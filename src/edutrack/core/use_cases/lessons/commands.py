"""The typed commands of topics, lectures and videos (Teacher API §3–§5, supplement §6).

Field names are the entity's (``course_id``, ``topic_id``, ``lecture_id``). Shape, types and ranges are the
caller's to guarantee: the HTTP edge checks them against its schemas (``schemas/lessons.py``), names come
trimmed and not blank, money as exact two-decimal amounts, the platform as a ``Platform``. The use cases
apply the domain rules: who may write, where a row may go (the parent exists and is the same teacher's),
the discount within the price, the URL matching its platform, the picture being a real image.

A changes command (PUT/PATCH) leaves every ``UNSET`` field as stored; which fields a PUT must send is the
edge's business.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from edutrack.core.commands import UNSET, Unset
from edutrack.core.entities.content import Platform
from edutrack.core.policies.uploads import Upload

# --- topics ----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NewTopic:
    course_id: int
    name: str
    description: str | None = None
    order: int = 0
    is_active: bool = True


@dataclass(frozen=True, slots=True)
class TopicChanges:
    """``description=None`` clears the description."""

    course_id: int | Unset = UNSET
    name: str | Unset = UNSET
    description: str | Unset | None = UNSET
    order: int | Unset = UNSET
    is_active: bool | Unset = UNSET


# --- lectures --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NewLecture:
    topic_id: int
    name: str
    price: Decimal
    available_days: int
    description: str | None = None
    discount: Decimal = Decimal("0.00")
    is_visible: bool = True
    order: int = 0
    picture: Upload | None = field(default=None, repr=False)


@dataclass(frozen=True, slots=True)
class LectureChanges:
    """``picture``: an ``Upload`` replaces the picture, ``None`` removes it, ``UNSET`` keeps it."""

    topic_id: int | Unset = UNSET
    name: str | Unset = UNSET
    price: Decimal | Unset = UNSET
    available_days: int | Unset = UNSET
    description: str | Unset | None = UNSET
    discount: Decimal | Unset = UNSET
    is_visible: bool | Unset = UNSET
    order: int | Unset = UNSET
    picture: Upload | Unset | None = field(default=UNSET, repr=False)


# --- videos ----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NewVideo:
    lecture_id: int
    name: str
    platform: Platform
    video_url: str
    order: int = 0
    duration_minutes: int | None = None
    is_active: bool = True


@dataclass(frozen=True, slots=True)
class VideoChanges:
    lecture_id: int | Unset = UNSET
    name: str | Unset = UNSET
    platform: Platform | Unset = UNSET
    video_url: str | Unset = UNSET
    order: int | Unset = UNSET
    duration_minutes: int | Unset | None = UNSET
    is_active: bool | Unset = UNSET
