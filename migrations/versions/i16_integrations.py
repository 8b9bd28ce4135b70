"""agency integrations: systems, events outbox, deliveries (issue 16)

Revision ID: i16_integrations
Revises: i15_oidc
Create Date: 2026-12-01 17:10:00

"""
from alembic import op
import sqlalchemy as sa

import backend.types


# revision identifiers, used by Alembic.
revision = 'i16_integrations'
down_revision = 'i15_oidc'
branch_labels = None
depends_on = None

# a table SQLite rebuilds keeps AUTOINCREMENT (reflection does not carry it over)
KEEP_IDS = {"sqlite_autoincrement": True}


def upgrade():
    pass


def downgrade():
    pass
