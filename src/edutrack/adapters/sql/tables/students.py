"""Students' profiles."""

from __future__ import annotations

from datetime import date, datetime

from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import (
    CheckConstraint,
    Date,
    Index,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from edutrack.adapters.sql.tables.base import Base, fk


class StudentProfileModel(Base):
    __tablename__ = "student_profiles"
    __table_args__ = (
        CheckConstraint(
            "status IN ('verified','pending','declined','suspended_temporary','suspended_permanent')",
            name="status",
        ),
        # the list: newest first, alone or within one status
        Index("ix_student_profiles_created", "created_at", "id"),
        Index("ix_student_profiles_status_created", "status", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(fk("users.id", cascade=True), unique=True)
    student_code: Mapped[str] = mapped_column(String(20), unique=True)
    name_ar: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    phone_number: Mapped[str] = mapped_column(String(11))
    father_number: Mapped[str | None] = mapped_column(String(11))
    mother_number: Mapped[str | None] = mapped_column(String(11))
    father_job: Mapped[str] = mapped_column(String(200), default="")
    educational_state: Mapped[str] = mapped_column(String(20), default="school")
    school_type_id: Mapped[int | None] = mapped_column(fk("school_types.id"), index=True)
    grade_id: Mapped[int | None] = mapped_column(fk("grades.id"), index=True)
    division_id: Mapped[int | None] = mapped_column(fk("divisions.id"), index=True)
    school_name: Mapped[str | None] = mapped_column(String(200))
    # national_id, birth_date, gender, governorate and area are NULL only for an account created by an
    # integration (Appsembler API, §11), which gives a username, password, email and name and nothing else
    national_id: Mapped[str | None] = mapped_column(String(14), unique=True)
    birth_date: Mapped[date | None] = mapped_column(Date)
    gender: Mapped[str | None] = mapped_column(String(6))
    facebook_link: Mapped[str | None] = mapped_column(String(255))
    governorate_id: Mapped[int | None] = mapped_column(fk("governorates.id"), index=True)
    area_id: Mapped[int | None] = mapped_column(fk("areas.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC)
    updated_at: Mapped[datetime] = mapped_column(DateTimeUTC)
