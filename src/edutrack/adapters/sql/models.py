"""Tables. Entities stay plain dataclasses in the core; repositories copy between them and these rows
(ADR 0003). Relationships are ``lazy="raise"``: every read says what it loads."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

MONEY = Numeric(12, 2)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _fk(target: str, *, cascade: bool = False) -> ForeignKey:
    return ForeignKey(target, ondelete="CASCADE" if cascade else "RESTRICT")


# --- accounts ---------------------------------------------------------------------------------------


class UserModel(Base):
    __tablename__ = "users"
    __table_args__ = (
        Index("uq_users_username_lower", text("lower(username)"), unique=True),
        Index("uq_users_gmail_lower", text("lower(gmail)"), unique=True),
        CheckConstraint("role IN ('site_owner','teacher','assistant','student')", name="role"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(150))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), index=True)
    name: Mapped[str] = mapped_column(String(200))
    gmail: Mapped[str | None] = mapped_column(String(254))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    last_login: Mapped[datetime | None] = mapped_column(DateTimeUTC)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC, index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTimeUTC)


class SiteOwnerProfileModel(Base):
    __tablename__ = "site_owner_profiles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(_fk("users.id", cascade=True), unique=True)


teacher_grades = Table(
    "teacher_grades",
    Base.metadata,
    Column("teacher_id", Integer, _fk("teacher_profiles.id", cascade=True), primary_key=True),
    Column("grade_id", Integer, _fk("grades.id"), primary_key=True, index=True),
)


class TeacherProfileModel(Base):
    __tablename__ = "teacher_profiles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(_fk("users.id", cascade=True), unique=True)
    phone: Mapped[str] = mapped_column(String(11))
    secondary_phone: Mapped[str | None] = mapped_column(String(11))
    gender: Mapped[str] = mapped_column(String(6))
    profile_picture: Mapped[str | None] = mapped_column(String(255))
    biography: Mapped[str | None] = mapped_column(Text)
    facebook: Mapped[str | None] = mapped_column(String(255))
    subject_id: Mapped[int | None] = mapped_column(_fk("subjects.id"), index=True)
    video_security_id: Mapped[int | None] = mapped_column(_fk("video_security_options.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC)
    updated_at: Mapped[datetime] = mapped_column(DateTimeUTC)


class AssistantProfileModel(Base):
    __tablename__ = "assistant_profiles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(_fk("users.id", cascade=True), unique=True)
    teacher_id: Mapped[int] = mapped_column(_fk("teacher_profiles.id", cascade=True), index=True)
    phone: Mapped[str] = mapped_column(String(11))
    gender: Mapped[str | None] = mapped_column(String(6))
    profile_picture: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC)
    updated_at: Mapped[datetime] = mapped_column(DateTimeUTC)


class StudentProfileModel(Base):
    __tablename__ = "student_profiles"
    __table_args__ = (
        CheckConstraint(
            "status IN ('verified','pending','declined','suspended_temporary','suspended_permanent')",
            name="status",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(_fk("users.id", cascade=True), unique=True)
    student_code: Mapped[str] = mapped_column(String(20), unique=True)
    name_ar: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    phone_number: Mapped[str] = mapped_column(String(11))
    father_number: Mapped[str | None] = mapped_column(String(11))
    mother_number: Mapped[str | None] = mapped_column(String(11))
    father_job: Mapped[str] = mapped_column(String(200), default="")
    educational_state: Mapped[str] = mapped_column(String(20), default="school")
    school_type_id: Mapped[int | None] = mapped_column(_fk("school_types.id"), index=True)
    grade_id: Mapped[int | None] = mapped_column(_fk("grades.id"), index=True)
    division_id: Mapped[int | None] = mapped_column(_fk("divisions.id"), index=True)
    school_name: Mapped[str | None] = mapped_column(String(200))
    national_id: Mapped[str] = mapped_column(String(14), unique=True)
    birth_date: Mapped[date] = mapped_column(Date)
    gender: Mapped[str] = mapped_column(String(6))
    facebook_link: Mapped[str | None] = mapped_column(String(255))
    governorate_id: Mapped[int] = mapped_column(_fk("governorates.id"), index=True)
    area_id: Mapped[int] = mapped_column(_fk("areas.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC)
    updated_at: Mapped[datetime] = mapped_column(DateTimeUTC)


class RefreshTokenModel(Base):
    __tablename__ = "refresh_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    jti: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(_fk("users.id", cascade=True), index=True)
    family_id: Mapped[str] = mapped_column(String(64), index=True)
    issued_at: Mapped[datetime] = mapped_column(DateTimeUTC)
    expires_at: Mapped[datetime] = mapped_column(DateTimeUTC)
    used_at: Mapped[datetime | None] = mapped_column(DateTimeUTC)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTimeUTC)


class AttemptModel(Base):
    """A failed attempt (login, code guess) counted for throttling across workers."""

    __tablename__ = "throttle_attempts"
    __table_args__ = (Index("ix_throttle_attempts_scope_key_at", "scope", "key", "created_at"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    scope: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC)


class NotificationModel(Base):
    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_read_created", "user_id", "is_read", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(_fk("users.id", cascade=True))
    notification_type: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    message: Mapped[str] = mapped_column(Text)
    is_read: Mapped[bool] = mapped_column(Boolean, default=False)
    metadata_: Mapped[dict | None] = mapped_column("metadata", JSON)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC)


# --- reference data ---------------------------------------------------------------------------------


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
    Column("division_id", Integer, _fk("divisions.id", cascade=True), primary_key=True),
    Column("grade_id", Integer, _fk("grades.id"), primary_key=True, index=True),
)

division_school_types = Table(
    "division_school_types",
    Base.metadata,
    Column("division_id", Integer, _fk("divisions.id", cascade=True), primary_key=True),
    Column("school_type_id", Integer, _fk("school_types.id"), primary_key=True, index=True),
)


class DivisionModel(Base):
    __tablename__ = "divisions"
    __table_args__ = (Index("uq_divisions_name_lower", text("lower(name)"), unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))


subject_grades = Table(
    "subject_grades",
    Base.metadata,
    Column("subject_id", Integer, _fk("subjects.id", cascade=True), primary_key=True),
    Column("grade_id", Integer, _fk("grades.id"), primary_key=True, index=True),
)

subject_divisions = Table(
    "subject_divisions",
    Base.metadata,
    Column("subject_id", Integer, _fk("subjects.id", cascade=True), primary_key=True),
    Column("division_id", Integer, _fk("divisions.id"), primary_key=True, index=True),
)

subject_school_types = Table(
    "subject_school_types",
    Base.metadata,
    Column("subject_id", Integer, _fk("subjects.id", cascade=True), primary_key=True),
    Column("school_type_id", Integer, _fk("school_types.id"), primary_key=True, index=True),
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
    governorate_id: Mapped[int] = mapped_column(_fk("governorates.id"), index=True)


class VideoSecurityModel(Base):
    __tablename__ = "video_security_options"
    __table_args__ = (
        CheckConstraint("price_per_student >= 0", name="price_non_negative"),
        Index("uq_video_security_options_name_lower", text("lower(name)"), unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    price_per_student: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))


# --- catalog and content -----------------------------------------------------------------------------


class CourseModel(Base):
    __tablename__ = "courses"
    __table_args__ = (
        UniqueConstraint("teacher_id", "grade_id", "name", name="uq_courses_teacher_grade_name"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    teacher_id: Mapped[int] = mapped_column(_fk("teacher_profiles.id"), index=True)
    grade_id: Mapped[int] = mapped_column(_fk("grades.id"), index=True)
    subject_id: Mapped[int] = mapped_column(_fk("subjects.id"), index=True)
    description: Mapped[str | None] = mapped_column(Text)
    cover_picture: Mapped[str | None] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC)
    updated_at: Mapped[datetime] = mapped_column(DateTimeUTC)


class TopicModel(Base):
    __tablename__ = "topics"
    __table_args__ = (Index("ix_topics_course_order", "course_id", "order", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    course_id: Mapped[int] = mapped_column(_fk("courses.id", cascade=True))
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    order: Mapped[int] = mapped_column(Integer, default=0)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC)
    updated_at: Mapped[datetime] = mapped_column(DateTimeUTC)


class LectureModel(Base):
    __tablename__ = "lectures"
    __table_args__ = (
        Index("ix_lectures_topic_order", "topic_id", "order", "id"),
        CheckConstraint("price >= 0", name="price_non_negative"),
        CheckConstraint("discount >= 0 AND discount <= price", name="discount_within_price"),
        CheckConstraint("available_days BETWEEN 1 AND 365", name="available_days_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    topic_id: Mapped[int] = mapped_column(_fk("topics.id", cascade=True))
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    price: Mapped[Decimal] = mapped_column(MONEY)
    discount: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))
    available_days: Mapped[int] = mapped_column(Integer)
    is_visible: Mapped[bool] = mapped_column(Boolean, default=True)
    picture: Mapped[str | None] = mapped_column(String(255))
    order: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC)
    updated_at: Mapped[datetime] = mapped_column(DateTimeUTC)


class VideoModel(Base):
    __tablename__ = "videos"
    __table_args__ = (
        Index("ix_videos_lecture_order", "lecture_id", "order", "id"),
        CheckConstraint("platform IN ('youtube','bunnystream','vdocipher')", name="platform"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lecture_id: Mapped[int] = mapped_column(_fk("lectures.id", cascade=True))
    name: Mapped[str] = mapped_column(String(200))
    platform: Mapped[str] = mapped_column(String(20))
    video_url: Mapped[str] = mapped_column(String(500))
    order: Mapped[int] = mapped_column(Integer, default=0)
    duration_minutes: Mapped[int | None] = mapped_column(Integer)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC)
    updated_at: Mapped[datetime] = mapped_column(DateTimeUTC)


class MaterialModel(Base):
    __tablename__ = "materials"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lecture_id: Mapped[int] = mapped_column(_fk("lectures.id", cascade=True), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    file: Mapped[str] = mapped_column(String(255))
    file_size: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC)
    updated_at: Mapped[datetime] = mapped_column(DateTimeUTC)


class EnrollmentModel(Base):
    """A student's request to join a course (behaviour arrives with the money issue; the content issue
    needs it to refuse deleting a course that has students)."""

    __tablename__ = "enrollments"
    __table_args__ = (
        CheckConstraint("status IN ('pending','approved','rejected')", name="status"),
        Index(
            "uq_enrollments_open_per_student_course",
            "student_id",
            "course_id",
            unique=True,
            sqlite_where=text("status IN ('pending','approved')"),
            postgresql_where=text("status IN ('pending','approved')"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    student_id: Mapped[int] = mapped_column(_fk("student_profiles.id"), index=True)
    course_id: Mapped[int] = mapped_column(_fk("courses.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    enrolled_at: Mapped[datetime] = mapped_column(DateTimeUTC)
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    responded_at: Mapped[datetime | None] = mapped_column(DateTimeUTC)
    response_note: Mapped[str | None] = mapped_column(Text)


# --- enrollment and money ----------------------------------------------------------------------------


class WalletModel(Base):
    """A student's balance in one course. ``balance`` always equals the sum of the wallet's entries."""

    __tablename__ = "wallets"
    __table_args__ = (
        UniqueConstraint("student_id", "course_id", name="uq_wallets_student_course"),
        CheckConstraint("balance >= 0", name="balance_non_negative"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    student_id: Mapped[int] = mapped_column(_fk("student_profiles.id"), index=True)
    course_id: Mapped[int] = mapped_column(_fk("courses.id"), index=True)
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
    wallet_id: Mapped[int] = mapped_column(_fk("wallets.id"))
    student_id: Mapped[int] = mapped_column(_fk("student_profiles.id"))
    course_id: Mapped[int] = mapped_column(_fk("courses.id"), index=True)
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
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    course_id: Mapped[int] = mapped_column(_fk("courses.id"))
    code: Mapped[str] = mapped_column(String(16), unique=True)  # normalised: 16 symbols, no dashes
    value: Mapped[Decimal] = mapped_column(MONEY)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC)
    expires_at: Mapped[datetime | None] = mapped_column(DateTimeUTC)
    used_by: Mapped[int | None] = mapped_column(_fk("student_profiles.id"))
    used_at: Mapped[datetime | None] = mapped_column(DateTimeUTC)


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
    student_id: Mapped[int] = mapped_column(_fk("student_profiles.id"))
    lecture_id: Mapped[int] = mapped_column(_fk("lectures.id"))
    amount_paid: Mapped[Decimal] = mapped_column(MONEY)
    purchased_at: Mapped[datetime] = mapped_column(DateTimeUTC)
    expires_at: Mapped[datetime] = mapped_column(DateTimeUTC)
    extra_days: Mapped[int] = mapped_column(Integer, default=0)
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)
    reopened_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reopened_at: Mapped[datetime | None] = mapped_column(DateTimeUTC)


class LectureSalesModel(Base):
    """Running purchase count and revenue of a lecture: derived from ``purchases`` and kept in step in the
    purchase transaction (adapters/sql/rollups.py, ADR 0005). Only the revenue reports read it."""

    __tablename__ = "lecture_sales"
    __table_args__ = (
        CheckConstraint("purchase_count >= 0", name="purchase_count_not_negative"),
        CheckConstraint("revenue >= 0", name="revenue_not_negative"),
    )

    lecture_id: Mapped[int] = mapped_column(_fk("lectures.id", cascade=True), primary_key=True)
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

    student_id: Mapped[int] = mapped_column(_fk("student_profiles.id", cascade=True), primary_key=True)
    purchase_count: Mapped[int] = mapped_column(Integer)
    lecture_count: Mapped[int] = mapped_column(Integer)
    spent: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    last_purchase_at: Mapped[datetime] = mapped_column(DateTimeUTC)


class PurchaseReopenLogModel(Base):
    __tablename__ = "purchase_reopen_logs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    purchase_id: Mapped[int] = mapped_column(_fk("purchases.id", cascade=True), index=True)
    extra_days: Mapped[int] = mapped_column(Integer)
    reopened_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reopened_at: Mapped[datetime] = mapped_column(DateTimeUTC)
    note: Mapped[str] = mapped_column(Text, default="")


class IdempotencyKeyModel(Base):
    """The first answer to a request with an ``Idempotency-Key``, replayed to its retries."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("user_id", "key", name="uq_idempotency_keys_user_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(_fk("users.id", cascade=True))
    key: Mapped[str] = mapped_column(String(255))
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int | None] = mapped_column(Integer)
    response_body: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC, index=True)
