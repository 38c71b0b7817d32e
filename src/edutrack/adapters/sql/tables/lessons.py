"""Topics, lectures and videos of a course."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from edutrack.adapters.sql.tables.base import MONEY, Base, fk


class TopicModel(Base):
    __tablename__ = "topics"
    __table_args__ = (
        Index("ix_topics_course_order", "course_id", "order", "id"),
        Index("ix_topics_order", "order", "id"),  # the unfiltered list's default order
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    course_id: Mapped[int] = mapped_column(fk("courses.id", cascade=True))
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    order: Mapped[int] = mapped_column(Integer, default=0)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC)
    updated_at: Mapped[datetime] = mapped_column(DateTimeUTC)


class LectureModel(Base):
    __tablename__ = "lectures"
    __table_args__ = (
        Index("ix_lectures_topic_order", "topic_id", "order", "id"),
        Index("ix_lectures_order", "order", "id"),  # the unfiltered list's default order
        CheckConstraint("price >= 0", name="price_non_negative"),
        CheckConstraint("discount >= 0 AND discount <= price", name="discount_within_price"),
        CheckConstraint("available_days BETWEEN 1 AND 365", name="available_days_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    topic_id: Mapped[int] = mapped_column(fk("topics.id", cascade=True))
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    price: Mapped[Decimal] = mapped_column(MONEY)
    discount: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))
    available_days: Mapped[int] = mapped_column(Integer)
    is_visible: Mapped[bool] = mapped_column(Boolean, default=True)
    picture: Mapped[str | None] = mapped_column(String(255))
    order: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC)
    updated_at: Mapped[datetime] = mapped_column(DateTimeUTC)


class VideoModel(Base):
    __tablename__ = "videos"
    __table_args__ = (
        Index("ix_videos_lecture_order", "lecture_id", "order", "id"),
        Index("ix_videos_order", "order", "id"),  # the unfiltered list's default order
        CheckConstraint("platform IN ('youtube','bunnystream','vdocipher')", name="platform"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lecture_id: Mapped[int] = mapped_column(fk("lectures.id", cascade=True))
    name: Mapped[str] = mapped_column(String(200))
    platform: Mapped[str] = mapped_column(String(20))
    video_url: Mapped[str] = mapped_column(String(500))
    order: Mapped[int] = mapped_column(Integer, default=0)
    duration_minutes: Mapped[int | None] = mapped_column(Integer)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC)
    updated_at: Mapped[datetime] = mapped_column(DateTimeUTC)
