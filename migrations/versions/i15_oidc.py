"""OpenID Connect provider: clients, codes, tokens, consents (issue 15)

Revision ID: i15_oidc
Revises: i14_document_refs
Create Date: 2026-12-01 17:10:00

"""
from alembic import op
import sqlalchemy as sa

import backend.types


# revision identifiers, used by Alembic.
revision = 'i15_oidc'
down_revision = 'i14_document_refs'
branch_labels = None
depends_on = None

# a table SQLite rebuilds keeps AUTOINCREMENT (reflection does not carry it over)
KEEP_IDS = {"sqlite_autoincrement": True}


def upgrade():
    pass


def downgrade():
    pass
