"""Reference data: grades, school types, divisions, subjects, governorates, areas, video security."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Column,
    Index,
    Integer,
    String,
    Table,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from edutrack.adapters.sql.tables.base import MONEY, Base, fk


class GradeModel(Base):
    __tablename__ = "grades"
    __table_args__ = (Index("uq_grades_name_lower", text("lower(name)"), unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    order: Mapped[int] = mapped_column(Integer, default=0)


class SchoolTypeModel(Base):
    __tablename__ = "school_types"
    __table_args__ = (Index("uq_school_types_name_lower", text("lower(name)"), unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))


division_grades = Table(
    "division_grades",
    Base.metadata,
    Column("division_id", Integer, fk("divisions.id", cascade=True), primary_key=True),
    Column("grade_id", Integer, fk("grades.id"), primary_key=True, index=True),
)


division_school_types = Table(
    "division_school_types",
    Base.metadata,
    Column("division_id", Integer, fk("divisions.id", cascade=True), primary_key=True),
    Column("school_type_id", Integer, fk("school_types.id"), primary_key=True, index=True),
)


class DivisionModel(Base):
    __tablename__ = "divisions"
    __table_args__ = (Index("uq_divisions_name_lower", text("lower(name)"), unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))


subject_grades = Table(
    "subject_grades",
    Base.metadata,
    Column("subject_id", Integer, fk("subjects.id", cascade=True), primary_key=True),
    Column("grade_id", Integer, fk("grades.id"), primary_key=True, index=True),
)


subject_divisions = Table(
    "subject_divisions",
    Base.metadata,
    Column("subject_id", Integer, fk("subjects.id", cascade=True), primary_key=True),
    Column("division_id", Integer, fk("divisions.id"), primary_key=True, index=True),
)


subject_school_types = Table(
    "subject_school_types",
    Base.metadata,
    Column("subject_id", Integer, fk("subjects.id", cascade=True), primary_key=True),
    Column("school_type_id", Integer, fk("school_types.id"), primary_key=True, index=True),
)


class SubjectModel(Base):
    __tablename__ = "subjects"
    __table_args__ = (Index("uq_subjects_name_lower", text("lower(name)"), unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))


class GovernorateModel(Base):
    __tablename__ = "governorates"
    __table_args__ = (Index("uq_governorates_name_lower", text("lower(name)"), unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))


class AreaModel(Base):
    __tablename__ = "areas"
    __table_args__ = (
        Index("uq_areas_governorate_id_name_lower", "governorate_id", text("lower(name)"), unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    governorate_id: Mapped[int] = mapped_column(fk("governorates.id"), index=True)


class VideoSecurityModel(Base):
    __tablename__ = "video_security_options"
    __table_args__ = (
        CheckConstraint("price_per_student >= 0", name="price_non_negative"),
        Index("uq_video_security_options_name_lower", text("lower(name)"), unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    price_per_student: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))
