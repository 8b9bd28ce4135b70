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
    pass  # SLOT: filled by the work; removed before landing if unused


def downgrade():
    pass
