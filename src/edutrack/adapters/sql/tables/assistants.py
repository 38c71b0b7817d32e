"""Assistants' profiles (each belongs to one teacher)."""

from __future__ import annotations

from datetime import datetime

from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import (
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from edutrack.adapters.sql.tables.base import Base, fk


class AssistantProfileModel(Base):
    __tablename__ = "assistant_profiles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(fk("users.id", cascade=True), unique=True)
    teacher_id: Mapped[int] = mapped_column(fk("teacher_profiles.id", cascade=True), index=True)
    phone: Mapped[str] = mapped_column(String(11))
    gender: Mapped[str | None] = mapped_column(String(6))
    profile_picture: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC)
    updated_at: Mapped[datetime] = mapped_column(DateTimeUTC)
