"""issue 14 - document_reference: documents own the references to documents

Revision ID: i14_document_refs
Revises: i17_mpp_at_work
Create Date: 2026-12-01 20:20:00

"""
from alembic import op
import sqlalchemy as sa

import backend.types


# revision identifiers, used by Alembic.
revision = 'i14_document_refs'
down_revision = 'i17_mpp_at_work'
branch_labels = None
depends_on = None

# a table SQLite rebuilds keeps AUTOINCREMENT (reflection does not carry it over)
KEEP_IDS = {"sqlite_autoincrement": True}


ACTIVE = ("submitted", "in_review", "processing", "needs_revision", "resubmitted")  # applications.status.ACTIVE


def upgrade():
    op.create_table(
        "document_reference",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=40), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=True),
        sa.Column("region_code", sa.String(length=8), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"],
                                name=op.f("fk_document_reference_document_id_document"), ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_reference")),
        sa.UniqueConstraint("kind", "object_id", "document_id", name="uq_document_reference_kind_object_document"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("document_reference", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_reference_document_id"), ["document_id"], unique=False)
        batch_op.create_index("ix_document_reference_kind_object", ["kind", "object_id"], unique=False)

    # what applications, complaints and consultations attach today
    active = ", ".join(f"'{s}'" for s in ACTIVE)
    op.execute(
        "INSERT INTO document_reference (document_id, kind, object_id, ref, active, agency_id, region_code)"
        " SELECT l.document_id, 'application', a.id, a.tracking_number,"
        f" CASE WHEN a.status IN ({active}) THEN true ELSE false END, a.agency_id, a.region_code"
        " FROM application_document l JOIN application a ON a.id = l.application_id")
    op.execute(
        "INSERT INTO document_reference (document_id, kind, object_id, ref, active, agency_id, region_code)"
        " SELECT document_id, 'complaint', id, 'pengaduan #' || CAST(id AS VARCHAR(20)), false, agency_id, region_code"
        " FROM complaint WHERE document_id IS NOT NULL")
    op.execute(
        "INSERT INTO document_reference (document_id, kind, object_id, ref, active, agency_id, region_code)"
        " SELECT document_id, 'consultation', id, 'konsultasi #' || CAST(id AS VARCHAR(20)), false, agency_id,"
        " region_code FROM consultation WHERE document_id IS NOT NULL")

    # the delete guard is document_reference now: a finished application's link goes with its document
    with op.batch_alter_table("application_document", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_application_document_document_id_document"), type_="foreignkey")
        batch_op.create_foreign_key(batch_op.f("fk_application_document_document_id_document"), "document",
                                    ["document_id"], ["id"], ondelete="CASCADE")


def downgrade():
    with op.batch_alter_table("application_document", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_application_document_document_id_document"), type_="foreignkey")
        batch_op.create_foreign_key(batch_op.f("fk_application_document_document_id_document"), "document",
                                    ["document_id"], ["id"], ondelete="RESTRICT")
    with op.batch_alter_table("document_reference", schema=None) as batch_op:
        batch_op.drop_index("ix_document_reference_kind_object")
        batch_op.drop_index(batch_op.f("ix_document_reference_document_id"))
    op.drop_table("document_reference")
