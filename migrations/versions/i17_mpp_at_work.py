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


INDEXES = (
    # Kinerja MPP: one MPP's year of applications, completions, complaints and tickets
    ("ix_application_region_received", "application", ["region_code", "received_at"]),
    ("ix_application_event_status_at", "application_event", ["status", "at"]),
    ("ix_complaint_region_created", "complaint", ["region_code", "created_at"]),
    ("ix_complaint_region_answered", "complaint", ["region_code", "answered_at"]),
    ("ix_booking_region_day", "booking", ["region_code", "day"]),
)


def upgrade():
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade():
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
