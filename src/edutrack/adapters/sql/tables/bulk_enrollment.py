"""Bulk enrollment: the emails remembered for a course until an account with that email exists."""

from __future__ import annotations

from datetime import datetime

from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from edutrack.adapters.sql.tables.base import Base, fk


class EnrollmentAllowanceModel(Base):
    """One per lower-case email and course (the UNIQUE key also serves the lookups by email)."""

    __tablename__ = "enrollment_allowances"
    __table_args__ = (UniqueConstraint("email", "course_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    course_id: Mapped[int] = mapped_column(fk("courses.id", cascade=True), index=True)
    auto_enroll: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("oauth_clients.id", ondelete="SET NULL"))
