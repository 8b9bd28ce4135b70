"""document storage backends (issue 18)

Revision ID: i18_storage
Revises: i17_mpp_at_work
Create Date: 2026-12-01 17:10:00

"""
from alembic import op
import sqlalchemy as sa

import backend.types


# revision identifiers, used by Alembic.
revision = 'i18_storage'
down_revision = 'i17_mpp_at_work'
branch_labels = None
depends_on = None

# a table SQLite rebuilds keeps AUTOINCREMENT (reflection does not carry it over)
KEEP_IDS = {"sqlite_autoincrement": True}


def upgrade():
    pass


def downgrade():
    pass
