"""SQLite tables never reuse ids: AUTOINCREMENT on every integer primary key

An id in an access token or a URL must never come back for another row (a deleted account's
token named the next account). PostgreSQL sequences never reuse ids, so this is SQLite only:
each table is rebuilt with AUTOINCREMENT and its rows copied (env.py turns foreign keys off
for the rebuild, so no ON DELETE CASCADE fires, and checks them afterwards).

Revision ID: 3a1f0c9e7b21
Revises: 2dd717e3d991
Create Date: 2026-12-01 15:00:00

"""
from alembic import op

revision = '3a1f0c9e7b21'
down_revision = '2dd717e3d991'
branch_labels = None
depends_on = None

TABLES = (
    "agency", "booking_counter", "service", "user_account", "application", "audit_entry",
    "booking", "booking_slot", "document", "form_definition", "idempotency_key", "notification",
    "passkey", "push_subscription", "refresh_token", "survey", "application_event", "complaint",
    "push_delivery",
)


def _rebuild(autoincrement: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in TABLES:
        with op.batch_alter_table(name, recreate="always",
                                  table_kwargs={"sqlite_autoincrement": autoincrement}):
            pass


def upgrade():
    _rebuild(True)


def downgrade():
    _rebuild(False)
