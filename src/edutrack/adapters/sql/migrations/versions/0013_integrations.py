"""integrations: OAuth2 clients and their hashed tokens, the audit trail of the Appsembler API; a
student account created by an integration has no national id, birth date, gender, governorate or area

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

UTC = advanced_alchemy.types.datetime.DateTimeUTC(timezone=True)
OPTIONAL_PROFILE = (
    ("national_id", sa.String(length=14)),
    ("birth_date", sa.Date()),
    ("gender", sa.String(length=6)),
    ("governorate_id", sa.Integer()),
    ("area_id", sa.Integer()),
)


def upgrade() -> None:
    with op.batch_alter_table("student_profiles") as batch:
        for name, kind in OPTIONAL_PROFILE:
            batch.alter_column(name, existing_type=kind, nullable=True)
    op.create_table(
        "oauth_clients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("revoked_at", UTC, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oauth_clients")),
        sa.UniqueConstraint("client_id", name=op.f("uq_oauth_clients_client_id")),
    )
    op.create_index("ix_oauth_clients_created", "oauth_clients", ["created_at", "id"], unique=False)
    op.create_table(
        "oauth_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("client_pk", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("expires_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(
            ["client_pk"],
            ["oauth_clients.id"],
            name=op.f("fk_oauth_tokens_client_pk_oauth_clients"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oauth_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_oauth_tokens_token_hash")),
    )
    op.create_index("ix_oauth_tokens_client", "oauth_tokens", ["client_pk"], unique=False)
    op.create_table(
        "integration_audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_pk", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("target", sa.String(length=300), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(
            ["client_pk"],
            ["oauth_clients.id"],
            name=op.f("fk_integration_audit_client_pk_oauth_clients"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_integration_audit")),
    )
    op.create_index("ix_integration_audit_created", "integration_audit", ["created_at", "id"], unique=False)
    op.create_index(
        "ix_integration_audit_client_created",
        "integration_audit",
        ["client_pk", "created_at", "id"],
        unique=False,
    )
    op.create_index(
        "ix_integration_audit_action_created",
        "integration_audit",
        ["action", "created_at", "id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_integration_audit_action_created", table_name="integration_audit")
    op.drop_index("ix_integration_audit_client_created", table_name="integration_audit")
    op.drop_index("ix_integration_audit_created", table_name="integration_audit")
    op.drop_table("integration_audit")
    op.drop_index("ix_oauth_tokens_client", table_name="oauth_tokens")
    op.drop_table("oauth_tokens")
    op.drop_index("ix_oauth_clients_created", table_name="oauth_clients")
    op.drop_table("oauth_clients")
    # fails while an integration's student account (with those columns NULL) exists: complete or delete it
    with op.batch_alter_table("student_profiles") as batch:
        for name, kind in OPTIONAL_PROFILE:
            batch.alter_column(name, existing_type=kind, nullable=False)
