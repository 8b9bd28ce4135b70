"""assisted filing, consultation, performance report (issue 17): the consultation table and the report's indexes

Revision ID: i17_mpp_at_work
Revises: i16_integrations
Create Date: 2026-12-01 17:10:00

"""
from alembic import op
import sqlalchemy as sa

import backend.types


# revision identifiers, used by Alembic.
revision = 'i17_mpp_at_work'
down_revision = 'i16_integrations'
branch_labels = None
depends_on = None

# a table SQLite rebuilds keeps AUTOINCREMENT (reflection does not carry it over)
KEEP_IDS = {"sqlite_autoincrement": True}


INDEXES = (
    # Kinerja MPP: one MPP's year of applications, completions, complaints and tickets
    ("ix_application_region_received", "application", ["region_code", "received_at"]),
    ("ix_application_event_status_at", "application_event", ["status", "at"]),
    ("ix_complaint_region_created", "complaint", ["region_code", "created_at"]),
    ("ix_complaint_region_answered", "complaint", ["region_code", "answered_at"]),
    ("ix_booking_region_day", "booking", ["region_code", "day"]),
)


CONSULTATION_INDEXES = (
    ("ix_consultation_user_id", ["user_id"]),
    ("ix_consultation_worklist", ["agency_id", "region_code", "status", "due_date"]),
    ("ix_consultation_faq", ["service_id", "region_code", "published"]),
    ("ix_consultation_region_created", ["region_code", "created_at"]),
    ("ix_consultation_region_answered", ["region_code", "answered_at"]),
)


def upgrade():
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)
    op.create_table(
        "consultation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("region_code", sa.String(length=8), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("allow_public", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_at", backend.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("answered_by", sa.Integer(), nullable=True),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("public_question", sa.Text(), nullable=True),
        sa.Column("created_at", backend.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("idempotency_key", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(["agency_id"], ["agency.id"]),
        sa.ForeignKeyConstraint(["answered_by"], ["user_account.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["region_code"], ["region.code"]),
        sa.ForeignKeyConstraint(["service_id"], ["service.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "idempotency_key", name="uq_consultation_user_key"),
        **KEEP_IDS,
    )
    for name, columns in CONSULTATION_INDEXES:
        op.create_index(name, "consultation", columns, unique=False)


def downgrade():
    for name, _columns in reversed(CONSULTATION_INDEXES):
        op.drop_index(name, table_name="consultation")
    op.drop_table("consultation")
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
