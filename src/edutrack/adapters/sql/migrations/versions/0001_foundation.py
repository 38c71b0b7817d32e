"""foundation: accounts, profiles, tokens, throttling, reference data

Revision ID: 0001
Revises:
Create Date: 2026-11-23 04:53:57.496820
"""

from __future__ import annotations

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "divisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_divisions")),
    )
    op.create_table(
        "governorates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_governorates")),
    )
    op.create_table(
        "grades",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grades")),
    )
    op.create_table(
        "school_types",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_school_types")),
    )
    op.create_table(
        "subjects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subjects")),
    )
    op.create_table(
        "throttle_attempts",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("scope", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_throttle_attempts")),
    )
    with op.batch_alter_table("throttle_attempts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_throttle_attempts_scope_key_at", ["scope", "key", "created_at"], unique=False
        )

    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=150), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("gmail", sa.String(length=254), nullable=True),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("last_login", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.CheckConstraint(
            "role IN ('site_owner','teacher','assistant','student')", name=op.f("ck_users_role")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_users_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_users_role"), ["role"], unique=False)

    # Case-insensitive uniqueness (autogenerate cannot see expression indexes).
    op.create_index("uq_users_username_lower", "users", [sa.text("lower(username)")], unique=True)
    op.create_index("uq_users_gmail_lower", "users", [sa.text("lower(gmail)")], unique=True)

    op.create_table(
        "video_security_options",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("price_per_student", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.CheckConstraint(
            "price_per_student >= 0", name=op.f("ck_video_security_options_price_non_negative")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_video_security_options")),
    )
    op.create_table(
        "areas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("governorate_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["governorate_id"],
            ["governorates.id"],
            name=op.f("fk_areas_governorate_id_governorates"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_areas")),
    )
    with op.batch_alter_table("areas", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_areas_governorate_id"), ["governorate_id"], unique=False)

    op.create_table(
        "division_grades",
        sa.Column("division_id", sa.Integer(), nullable=False),
        sa.Column("grade_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["division_id"],
            ["divisions.id"],
            name=op.f("fk_division_grades_division_id_divisions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["grade_id"], ["grades.id"], name=op.f("fk_division_grades_grade_id_grades"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("division_id", "grade_id", name=op.f("pk_division_grades")),
    )
    with op.batch_alter_table("division_grades", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_division_grades_grade_id"), ["grade_id"], unique=False)

    op.create_table(
        "division_school_types",
        sa.Column("division_id", sa.Integer(), nullable=False),
        sa.Column("school_type_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["division_id"],
            ["divisions.id"],
            name=op.f("fk_division_school_types_division_id_divisions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["school_type_id"],
            ["school_types.id"],
            name=op.f("fk_division_school_types_school_type_id_school_types"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("division_id", "school_type_id", name=op.f("pk_division_school_types")),
    )
    with op.batch_alter_table("division_school_types", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_division_school_types_school_type_id"), ["school_type_id"], unique=False
        )

    op.create_table(
        "refresh_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("jti", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.String(length=64), nullable=False),
        sa.Column("issued_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("expires_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("used_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.Column("revoked_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_refresh_tokens_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refresh_tokens")),
        sa.UniqueConstraint("jti", name=op.f("uq_refresh_tokens_jti")),
    )
    with op.batch_alter_table("refresh_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_refresh_tokens_family_id"), ["family_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_refresh_tokens_user_id"), ["user_id"], unique=False)

    op.create_table(
        "site_owner_profiles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_site_owner_profiles_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site_owner_profiles")),
        sa.UniqueConstraint("user_id", name=op.f("uq_site_owner_profiles_user_id")),
    )
    op.create_table(
        "subject_divisions",
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("division_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["division_id"],
            ["divisions.id"],
            name=op.f("fk_subject_divisions_division_id_divisions"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["subjects.id"],
            name=op.f("fk_subject_divisions_subject_id_subjects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("subject_id", "division_id", name=op.f("pk_subject_divisions")),
    )
    with op.batch_alter_table("subject_divisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_subject_divisions_division_id"), ["division_id"], unique=False)

    op.create_table(
        "subject_grades",
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("grade_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["grade_id"], ["grades.id"], name=op.f("fk_subject_grades_grade_id_grades"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["subjects.id"],
            name=op.f("fk_subject_grades_subject_id_subjects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("subject_id", "grade_id", name=op.f("pk_subject_grades")),
    )
    with op.batch_alter_table("subject_grades", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_subject_grades_grade_id"), ["grade_id"], unique=False)

    op.create_table(
        "subject_school_types",
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("school_type_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["school_type_id"],
            ["school_types.id"],
            name=op.f("fk_subject_school_types_school_type_id_school_types"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["subjects.id"],
            name=op.f("fk_subject_school_types_subject_id_subjects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("subject_id", "school_type_id", name=op.f("pk_subject_school_types")),
    )
    with op.batch_alter_table("subject_school_types", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_subject_school_types_school_type_id"), ["school_type_id"], unique=False
        )

    op.create_table(
        "teacher_profiles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("phone", sa.String(length=11), nullable=False),
        sa.Column("secondary_phone", sa.String(length=11), nullable=True),
        sa.Column("gender", sa.String(length=6), nullable=False),
        sa.Column("profile_picture", sa.String(length=255), nullable=True),
        sa.Column("biography", sa.Text(), nullable=True),
        sa.Column("facebook", sa.String(length=255), nullable=True),
        sa.Column("subject_id", sa.Integer(), nullable=True),
        sa.Column("video_security_id", sa.Integer(), nullable=True),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["subjects.id"],
            name=op.f("fk_teacher_profiles_subject_id_subjects"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_teacher_profiles_user_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["video_security_id"],
            ["video_security_options.id"],
            name=op.f("fk_teacher_profiles_video_security_id_video_security_options"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teacher_profiles")),
        sa.UniqueConstraint("user_id", name=op.f("uq_teacher_profiles_user_id")),
    )
    with op.batch_alter_table("teacher_profiles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_teacher_profiles_subject_id"), ["subject_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_teacher_profiles_video_security_id"), ["video_security_id"], unique=False
        )

    op.create_table(
        "assistant_profiles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("phone", sa.String(length=11), nullable=False),
        sa.Column("gender", sa.String(length=6), nullable=True),
        sa.Column("profile_picture", sa.String(length=255), nullable=True),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["teacher_id"],
            ["teacher_profiles.id"],
            name=op.f("fk_assistant_profiles_teacher_id_teacher_profiles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_assistant_profiles_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assistant_profiles")),
        sa.UniqueConstraint("user_id", name=op.f("uq_assistant_profiles_user_id")),
    )
    with op.batch_alter_table("assistant_profiles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assistant_profiles_teacher_id"), ["teacher_id"], unique=False)

    op.create_table(
        "student_profiles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("student_code", sa.String(length=20), nullable=False),
        sa.Column("name_ar", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("phone_number", sa.String(length=11), nullable=False),
        sa.Column("father_number", sa.String(length=11), nullable=True),
        sa.Column("mother_number", sa.String(length=11), nullable=True),
        sa.Column("father_job", sa.String(length=200), nullable=False),
        sa.Column("educational_state", sa.String(length=20), nullable=False),
        sa.Column("school_type_id", sa.Integer(), nullable=True),
        sa.Column("grade_id", sa.Integer(), nullable=True),
        sa.Column("division_id", sa.Integer(), nullable=True),
        sa.Column("school_name", sa.String(length=200), nullable=True),
        sa.Column("national_id", sa.String(length=14), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("gender", sa.String(length=6), nullable=False),
        sa.Column("facebook_link", sa.String(length=255), nullable=True),
        sa.Column("governorate_id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('verified','pending','declined','suspended_temporary','suspended_permanent')",
            name=op.f("ck_student_profiles_status"),
        ),
        sa.ForeignKeyConstraint(
            ["area_id"], ["areas.id"], name=op.f("fk_student_profiles_area_id_areas"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["division_id"],
            ["divisions.id"],
            name=op.f("fk_student_profiles_division_id_divisions"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["governorate_id"],
            ["governorates.id"],
            name=op.f("fk_student_profiles_governorate_id_governorates"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["grade_id"], ["grades.id"], name=op.f("fk_student_profiles_grade_id_grades"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["school_type_id"],
            ["school_types.id"],
            name=op.f("fk_student_profiles_school_type_id_school_types"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_student_profiles_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_student_profiles")),
        sa.UniqueConstraint("national_id", name=op.f("uq_student_profiles_national_id")),
        sa.UniqueConstraint("student_code", name=op.f("uq_student_profiles_student_code")),
        sa.UniqueConstraint("user_id", name=op.f("uq_student_profiles_user_id")),
    )
    with op.batch_alter_table("student_profiles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_student_profiles_area_id"), ["area_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_student_profiles_division_id"), ["division_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_student_profiles_governorate_id"), ["governorate_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_student_profiles_grade_id"), ["grade_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_student_profiles_school_type_id"), ["school_type_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_student_profiles_status"), ["status"], unique=False)

    op.create_table(
        "teacher_grades",
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("grade_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["grade_id"], ["grades.id"], name=op.f("fk_teacher_grades_grade_id_grades"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"],
            ["teacher_profiles.id"],
            name=op.f("fk_teacher_grades_teacher_id_teacher_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("teacher_id", "grade_id", name=op.f("pk_teacher_grades")),
    )
    with op.batch_alter_table("teacher_grades", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_teacher_grades_grade_id"), ["grade_id"], unique=False)

    # Names are unique case-insensitively (autogenerate cannot see expression indexes).
    for table in (
        "grades",
        "school_types",
        "divisions",
        "subjects",
        "governorates",
        "video_security_options",
    ):
        op.create_index(f"uq_{table}_name_lower", table, [sa.text("lower(name)")], unique=True)
    op.create_index(
        "uq_areas_governorate_id_name_lower", "areas", ["governorate_id", sa.text("lower(name)")], unique=True
    )


def downgrade() -> None:
    op.drop_index("uq_areas_governorate_id_name_lower", table_name="areas")
    for table in (
        "grades",
        "school_types",
        "divisions",
        "subjects",
        "governorates",
        "video_security_options",
    ):
        op.drop_index(f"uq_{table}_name_lower", table_name=table)
    with op.batch_alter_table("teacher_grades", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_teacher_grades_grade_id"))

    op.drop_table("teacher_grades")
    with op.batch_alter_table("student_profiles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_student_profiles_status"))
        batch_op.drop_index(batch_op.f("ix_student_profiles_school_type_id"))
        batch_op.drop_index(batch_op.f("ix_student_profiles_grade_id"))
        batch_op.drop_index(batch_op.f("ix_student_profiles_governorate_id"))
        batch_op.drop_index(batch_op.f("ix_student_profiles_division_id"))
        batch_op.drop_index(batch_op.f("ix_student_profiles_area_id"))

    op.drop_table("student_profiles")
    with op.batch_alter_table("assistant_profiles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assistant_profiles_teacher_id"))

    op.drop_table("assistant_profiles")
    with op.batch_alter_table("teacher_profiles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_teacher_profiles_video_security_id"))
        batch_op.drop_index(batch_op.f("ix_teacher_profiles_subject_id"))

    op.drop_table("teacher_profiles")
    with op.batch_alter_table("subject_school_types", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_subject_school_types_school_type_id"))

    op.drop_table("subject_school_types")
    with op.batch_alter_table("subject_grades", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_subject_grades_grade_id"))

    op.drop_table("subject_grades")
    with op.batch_alter_table("subject_divisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_subject_divisions_division_id"))

    op.drop_table("subject_divisions")
    op.drop_table("site_owner_profiles")
    with op.batch_alter_table("refresh_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_refresh_tokens_user_id"))
        batch_op.drop_index(batch_op.f("ix_refresh_tokens_family_id"))

    op.drop_table("refresh_tokens")
    with op.batch_alter_table("division_school_types", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_division_school_types_school_type_id"))

    op.drop_table("division_school_types")
    with op.batch_alter_table("division_grades", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_division_grades_grade_id"))

    op.drop_table("division_grades")
    with op.batch_alter_table("areas", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_areas_governorate_id"))

    op.drop_table("areas")
    op.drop_table("video_security_options")
    op.drop_index("uq_users_gmail_lower", table_name="users")
    op.drop_index("uq_users_username_lower", table_name="users")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_role"))
        batch_op.drop_index(batch_op.f("ix_users_created_at"))

    op.drop_table("users")
    with op.batch_alter_table("throttle_attempts", schema=None) as batch_op:
        batch_op.drop_index("ix_throttle_attempts_scope_key_at")

    op.drop_table("throttle_attempts")
    op.drop_table("subjects")
    op.drop_table("school_types")
    op.drop_table("grades")
    op.drop_table("governorates")
    op.drop_table("divisions")
