"""Sales rollups kept in the purchase transaction (ADR 0005)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import (
    CheckConstraint,
    Integer,
    Numeric,
)
from sqlalchemy.orm import Mapped, mapped_column

from edutrack.adapters.sql.tables.base import Base, fk


class LectureSalesModel(Base):
    """Running purchase count and revenue of a lecture: derived from ``purchases`` and kept in step in the
    purchase transaction (adapters/sql/rollups.py, ADR 0005). Only the revenue reports read it."""

    __tablename__ = "lecture_sales"
    __table_args__ = (
        CheckConstraint("purchase_count >= 0", name="purchase_count_not_negative"),
        CheckConstraint("revenue >= 0", name="revenue_not_negative"),
    )

    lecture_id: Mapped[int] = mapped_column(fk("lectures.id", cascade=True), primary_key=True)
    purchase_count: Mapped[int] = mapped_column(Integer)
    revenue: Mapped[Decimal] = mapped_column(Numeric(14, 2))


class StudentSalesModel(Base):
    """Running spending of a student over every course (total, purchases, distinct lectures, last
    purchase): derived from ``purchases`` like ``lecture_sales``."""

    __tablename__ = "student_sales"
    __table_args__ = (
        CheckConstraint("lecture_count >= 0", name="lecture_count_not_negative"),
        CheckConstraint("spent >= 0", name="spent_not_negative"),
    )

    student_id: Mapped[int] = mapped_column(fk("student_profiles.id", cascade=True), primary_key=True)
    purchase_count: Mapped[int] = mapped_column(Integer)
    lecture_count: Mapped[int] = mapped_column(Integer)
    spent: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    last_purchase_at: Mapped[datetime] = mapped_column(DateTimeUTC)


class CourseSalesModel(Base):
    """Running purchase count and revenue of a course, over the lectures it holds now: derived from
    ``purchases`` like ``lecture_sales``, kept in the purchase transaction and recounted when a lecture or a
    topic moves to another course (ADR 0005). The revenue summary reads it: one row per course."""

    __tablename__ = "course_sales"
    __table_args__ = (
        CheckConstraint("purchase_count >= 0", name="purchase_count_not_negative"),
        CheckConstraint("revenue >= 0", name="revenue_not_negative"),
    )

    course_id: Mapped[int] = mapped_column(fk("courses.id", cascade=True), primary_key=True)
    purchase_count: Mapped[int] = mapped_column(Integer)
    revenue: Mapped[Decimal] = mapped_column(Numeric(14, 2))
