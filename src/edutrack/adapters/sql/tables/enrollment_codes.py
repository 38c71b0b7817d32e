"""Enrollment codes of the Appsembler-compatible API (API_SUPPLEMENT §11). UNIQUE(code) makes codes
unique whatever the number of concurrent generators; a redemption is one conditional UPDATE of the row."""

from __future__ import annotations

from datetime import datetime

from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from edutrack.adapters.sql.tables.base import Base, fk


class EnrollmentCodeModel(Base):
    __tablename__ = "enrollment_codes"
    __table_args__ = (
        CheckConstraint("status IN ('active','cancelled')", name="status"),
        Index("ix_enrollment_codes_course_created", "course_id", "created_at", "id"),
        Index("ix_enrollment_codes_used_by", "used_by"),
        Index("ix_enrollment_codes_enrollment", "enrollment_id"),
        Index("ix_enrollment_codes_client", "created_by_client"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    # CASCADE: a deleted course takes its codes along (the audit trail keeps their story)
    course_id: Mapped[int] = mapped_column(fk("courses.id", cascade=True))
    status: Mapped[str] = mapped_column(String(20), default="active")
    # used_by, used_at and enrollment_id are set and cleared together; used_at alone marks the code used
    # (used_by becomes NULL if the student is deleted, and the code stays used)
    used_by: Mapped[int | None] = mapped_column(ForeignKey("student_profiles.id", ondelete="SET NULL"))
    used_at: Mapped[datetime | None] = mapped_column(DateTimeUTC)
    enrollment_id: Mapped[int | None] = mapped_column(ForeignKey("enrollments.id", ondelete="SET NULL"))
    created_by_client: Mapped[int | None] = mapped_column(ForeignKey("oauth_clients.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC)
    updated_at: Mapped[datetime] = mapped_column(DateTimeUTC)
