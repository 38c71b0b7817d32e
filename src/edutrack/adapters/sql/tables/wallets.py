"""Per-course wallets, their append-only ledger, and recharge codes."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from edutrack.adapters.sql.tables.base import MONEY, Base, fk


class WalletModel(Base):
    """A student's balance in one course. ``balance`` always equals the sum of the wallet's entries."""

    __tablename__ = "wallets"
    __table_args__ = (
        UniqueConstraint("student_id", "course_id", name="uq_wallets_student_course"),
        CheckConstraint("balance >= 0", name="balance_non_negative"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    student_id: Mapped[int] = mapped_column(fk("student_profiles.id"), index=True)
    course_id: Mapped[int] = mapped_column(fk("courses.id"), index=True)
    balance: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC)
    updated_at: Mapped[datetime] = mapped_column(DateTimeUTC)


class LedgerEntryModel(Base):
    """Append-only: never updated, never deleted."""

    __tablename__ = "ledger_entries"
    __table_args__ = (
        CheckConstraint("kind IN ('code_redeem','manual_add','purchase')", name="kind"),
        CheckConstraint("balance_after >= 0", name="balance_after_non_negative"),
        Index("ix_ledger_entries_wallet_id_id", "wallet_id", "id"),
        Index("ix_ledger_entries_student_created", "student_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    wallet_id: Mapped[int] = mapped_column(fk("wallets.id"))
    student_id: Mapped[int] = mapped_column(fk("student_profiles.id"))
    course_id: Mapped[int] = mapped_column(fk("courses.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    amount: Mapped[Decimal] = mapped_column(MONEY)
    balance_after: Mapped[Decimal] = mapped_column(MONEY)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str | None] = mapped_column(Text)
    reference: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC)


class RechargeCodeModel(Base):
    __tablename__ = "recharge_codes"
    __table_args__ = (
        CheckConstraint("value >= 1", name="value_at_least_one"),
        Index("ix_recharge_codes_course_used", "course_id", "used_at"),
        # the list: newest first, alone or within one course
        Index("ix_recharge_codes_created", "created_at", "id"),
        Index("ix_recharge_codes_course_created", "course_id", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    course_id: Mapped[int] = mapped_column(fk("courses.id"))
    code: Mapped[str] = mapped_column(String(16), unique=True)  # normalised: 16 symbols, no dashes
    value: Mapped[Decimal] = mapped_column(MONEY)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC)
    expires_at: Mapped[datetime | None] = mapped_column(DateTimeUTC)
    used_by: Mapped[int | None] = mapped_column(fk("student_profiles.id"))
    used_at: Mapped[datetime | None] = mapped_column(DateTimeUTC)
