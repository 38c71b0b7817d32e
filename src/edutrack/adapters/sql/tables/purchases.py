"""Lecture purchases and the reopen log."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import (
    Boolean,
    ForeignKey,
    Index,
    Integer,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from edutrack.adapters.sql.tables.base import MONEY, Base, fk


class PurchaseModel(Base):
    __tablename__ = "purchases"
    __table_args__ = (
        Index(
            "uq_purchases_current_per_student_lecture",
            "student_id",
            "lecture_id",
            unique=True,
            sqlite_where=text("is_current"),
            postgresql_where=text("is_current"),
        ),
        Index("ix_purchases_lecture_purchased", "lecture_id", "purchased_at"),
        # covering on PostgreSQL: revenue trends and the students report read only the index
        Index("ix_purchases_purchased_at", "purchased_at", postgresql_include=["amount_paid"]),
        Index(
            "ix_purchases_student_purchased",
            "student_id",
            "purchased_at",
            postgresql_include=["amount_paid", "lecture_id"],
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    student_id: Mapped[int] = mapped_column(fk("student_profiles.id"))
    lecture_id: Mapped[int] = mapped_column(fk("lectures.id"))
    amount_paid: Mapped[Decimal] = mapped_column(MONEY)
    purchased_at: Mapped[datetime] = mapped_column(DateTimeUTC)
    expires_at: Mapped[datetime] = mapped_column(DateTimeUTC)
    extra_days: Mapped[int] = mapped_column(Integer, default=0)
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)
    reopened_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reopened_at: Mapped[datetime | None] = mapped_column(DateTimeUTC)


class PurchaseReopenLogModel(Base):
    __tablename__ = "purchase_reopen_logs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    purchase_id: Mapped[int] = mapped_column(fk("purchases.id", cascade=True), index=True)
    extra_days: Mapped[int] = mapped_column(Integer)
    reopened_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reopened_at: Mapped[datetime] = mapped_column(DateTimeUTC)
    note: Mapped[str] = mapped_column(Text, default="")
