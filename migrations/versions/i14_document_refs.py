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


def upgrade():
    pass  # SLOT: filled by the work; removed before landing if unused


def downgrade():
    pass
