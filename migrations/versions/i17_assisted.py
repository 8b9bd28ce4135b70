"""issue 17 - assisted filing at the counter

Revision ID: i17_assisted
Revises: i14_document_refs
Create Date: 2026-12-01 20:20:00

"""
from alembic import op
import sqlalchemy as sa

import backend.types


# revision identifiers, used by Alembic.
revision = 'i17_assisted'
down_revision = 'i14_document_refs'
branch_labels = None
depends_on = None

# a table SQLite rebuilds keeps AUTOINCREMENT (reflection does not carry it over)
KEEP_IDS = {"sqlite_autoincrement": True}


def upgrade():
    op.create_table(
        "assisted_consent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=True),
        sa.Column("resident_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("region_code", sa.String(length=8), nullable=False),
        sa.Column("method", sa.String(length=10), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", backend.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", backend.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("confirmed_at", backend.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("closed_at", backend.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["agency_id"], ["agency.id"], name=op.f("fk_assisted_consent_agency_id_agency")),
        sa.ForeignKeyConstraint(["officer_id"], ["user_account.id"], ondelete="SET NULL",
                                name=op.f("fk_assisted_consent_officer_id_user_account")),
        sa.ForeignKeyConstraint(["region_code"], ["region.code"], name=op.f("fk_assisted_consent_region_code_region")),
        sa.ForeignKeyConstraint(["resident_id"], ["user_account.id"], ondelete="CASCADE",
                                name=op.f("fk_assisted_consent_resident_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assisted_consent")),
        **KEEP_IDS,
    )
    op.create_index(op.f("ix_assisted_consent_officer_id"), "assisted_consent", ["officer_id"], unique=False)
    op.create_index(op.f("ix_assisted_consent_resident_id"), "assisted_consent", ["resident_id"], unique=False)
    op.create_table(
        "assisted_filing",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consent_id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("resident_id", sa.Integer(), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=True),
        sa.Column("created_at", backend.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["application_id"], ["application.id"], ondelete="CASCADE",
                                name=op.f("fk_assisted_filing_application_id_application")),
        sa.ForeignKeyConstraint(["consent_id"], ["assisted_consent.id"], ondelete="CASCADE",
                                name=op.f("fk_assisted_filing_consent_id_assisted_consent")),
        sa.ForeignKeyConstraint(["officer_id"], ["user_account.id"], ondelete="SET NULL",
                                name=op.f("fk_assisted_filing_officer_id_user_account")),
        sa.ForeignKeyConstraint(["resident_id"], ["user_account.id"], ondelete="CASCADE",
                                name=op.f("fk_assisted_filing_resident_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assisted_filing")),
        sa.UniqueConstraint("application_id", name="uq_assisted_filing_application"),
        **KEEP_IDS,
    )
    op.create_index(op.f("ix_assisted_filing_consent_id"), "assisted_filing", ["consent_id"], unique=False)
    op.create_index(op.f("ix_assisted_filing_resident_id"), "assisted_filing", ["resident_id"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_assisted_filing_resident_id"), table_name="assisted_filing")
    op.drop_index(op.f("ix_assisted_filing_consent_id"), table_name="assisted_filing")
    op.drop_table("assisted_filing")
    op.drop_index(op.f("ix_assisted_consent_resident_id"), table_name="assisted_consent")
    op.drop_index(op.f("ix_assisted_consent_officer_id"), table_name="assisted_consent")
    op.drop_table("assisted_consent")
