"""Enrollment requests and decisions."""

from __future__ import annotations

from datetime import datetime

from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from edutrack.adapters.sql.tables.base import Base, fk


class EnrollmentModel(Base):
    """A student's request to join a course (behaviour arrives with the money issue; the content issue
    needs it to refuse deleting a course that has students)."""

    __tablename__ = "enrollments"
    __table_args__ = (
        CheckConstraint("status IN ('pending','approved','rejected','unenrolled')", name="status"),
        Index(
            "uq_enrollments_open_per_student_course",
            "student_id",
            "course_id",
            unique=True,
            sqlite_where=text("status IN ('pending','approved')"),
            postgresql_where=text("status IN ('pending','approved')"),
        ),
        # a course's pending queue in arrival order (a student's own list is a few rows: student_id)
        Index("ix_enrollments_course_enrolled", "course_id", "enrolled_at", "id"),
        # the Appsembler enrollments batch: approved enrolments by the time they took effect
        Index(
            "ix_enrollments_approved_effective",
            text("coalesce(responded_at, enrolled_at)"),
            sqlite_where=text("status = 'approved'"),
            postgresql_where=text("status = 'approved'"),
        ),
        # the revenue summary's approved students per course and distinct approved students: index-only
        # scans of the approved rows instead of the whole table
        *(
            Index(
                f"ix_enrollments_approved_{column}",
                column,
                sqlite_where=text("status = 'approved'"),
                postgresql_where=text("status = 'approved'"),
            )
            for column in ("course_id", "student_id")
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    student_id: Mapped[int] = mapped_column(fk("student_profiles.id"), index=True)
    course_id: Mapped[int] = mapped_column(fk("courses.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    enrolled_at: Mapped[datetime] = mapped_column(DateTimeUTC)
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    responded_at: Mapped[datetime | None] = mapped_column(DateTimeUTC)
    response_note: Mapped[str | None] = mapped_column(Text)
