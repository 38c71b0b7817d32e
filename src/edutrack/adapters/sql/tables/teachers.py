"""Teachers' profiles and the grades they teach."""

from __future__ import annotations

from datetime import datetime

from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import (
    Column,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from edutrack.adapters.sql.tables.base import Base, fk

teacher_grades = Table(
    "teacher_grades",
    Base.metadata,
    Column("teacher_id", Integer, fk("teacher_profiles.id", cascade=True), primary_key=True),
    Column("grade_id", Integer, fk("grades.id"), primary_key=True, index=True),
)


class TeacherProfileModel(Base):
    __tablename__ = "teacher_profiles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(fk("users.id", cascade=True), unique=True)
    phone: Mapped[str] = mapped_column(String(11))
    secondary_phone: Mapped[str | None] = mapped_column(String(11))
    gender: Mapped[str] = mapped_column(String(6))
    profile_picture: Mapped[str | None] = mapped_column(String(255))
    biography: Mapped[str | None] = mapped_column(Text)
    facebook: Mapped[str | None] = mapped_column(String(255))
    subject_id: Mapped[int | None] = mapped_column(fk("subjects.id"), index=True)
    video_security_id: Mapped[int | None] = mapped_column(fk("video_security_options.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC)
    updated_at: Mapped[datetime] = mapped_column(DateTimeUTC)
