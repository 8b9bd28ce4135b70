"""assisted filing, consultation, performance report (issue 17)

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


def upgrade():
    pass


def downgrade():
    pass
