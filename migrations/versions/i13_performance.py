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

WAITING_SQL = "status IN ('submitted', 'in_review', 'processing', 'resubmitted')"
DUE = ["sla_due_date", "received_at", "id"]


def _trigram_index() -> None:
    """GIN trigram index for search on PostgreSQL (if pg_trgm can be had); a plain one on SQLite."""
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        op.create_index("ix_service_search_trgm", "service", ["search_text"], unique=False)
        return
    try:
        with bind.begin_nested():
            bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except Exception:
        print("pg_trgm is not available: search runs without its index")
        return
    op.create_index("ix_service_search_trgm", "service", ["search_text"], unique=False, postgresql_using="gin",
                    postgresql_ops={"search_text": "gin_trgm_ops"})


def _survey_month() -> None:
    """The IKM report's monthly totals, kept by a trigger on survey, filled from the surveys already there."""
    from backend.feedback import tally

    op.create_table(
        'survey_month',
        sa.Column('month', sa.Date(), nullable=False),
        sa.Column('region_code', sa.String(length=8), nullable=False),
        sa.Column('agency_id', sa.Integer(), nullable=False),
        *[sa.Column(name, sa.Integer(), nullable=False) for name in ('respondents', *tally.SUMS)],
        sa.PrimaryKeyConstraint('month', 'region_code', 'agency_id'),
    )
    with op.batch_alter_table('survey', schema=None) as batch_op:
        batch_op.create_index('ix_survey_local_date', ['local_date'], unique=False)
        batch_op.create_index('ix_survey_region_day', ['region_code', 'local_date'], unique=False)
    dialect = op.get_bind().dialect.name
    op.execute(tally.backfill_sql(dialect))
    for statement in tally.trigger_statements(dialect):
        op.execute(statement)


def upgrade():
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.drop_index('ix_application_worklist')
        batch_op.drop_index('ix_application_user_id')
        batch_op.drop_index('ix_application_service_id')
        batch_op.drop_index('ix_application_sla_due_date')
        batch_op.create_index('ix_application_worklist', ['agency_id', 'region_code', 'status', *DUE], unique=False)
        batch_op.create_index('ix_application_worklist_due', ['agency_id', 'region_code', *DUE], unique=False)
        batch_op.create_index('ix_application_worklist_waiting', ['agency_id', 'region_code', *DUE], unique=False,
                              postgresql_where=sa.text(WAITING_SQL), sqlite_where=sa.text(WAITING_SQL))
        batch_op.create_index('ix_application_service_due', ['service_id', 'region_code', *DUE], unique=False)
        batch_op.create_index('ix_application_due', DUE, unique=False)
        batch_op.create_index('ix_application_user_received', ['user_id', 'received_at', 'id'], unique=False)
    _trigram_index()
    _survey_month()


def downgrade():
    from backend.feedback import tally

    for statement in tally.trigger_statements(op.get_bind().dialect.name, drop=True):
        op.execute(statement)
    with op.batch_alter_table('survey', schema=None) as batch_op:
        batch_op.drop_index('ix_survey_region_day')
        batch_op.drop_index('ix_survey_local_date')
    op.drop_table('survey_month')
    if "ix_service_search_trgm" in {i["name"] for i in sa.inspect(op.get_bind()).get_indexes("service")}:
        op.drop_index("ix_service_search_trgm", table_name="service")
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.drop_index('ix_application_user_received')
        batch_op.drop_index('ix_application_due')
        batch_op.drop_index('ix_application_service_due')
        batch_op.drop_index('ix_application_worklist_waiting')
        batch_op.drop_index('ix_application_worklist_due')
        batch_op.drop_index('ix_application_worklist')
        batch_op.create_index('ix_application_worklist', ['agency_id', 'region_code', 'status'], unique=False)
        batch_op.create_index('ix_application_user_id', ['user_id'], unique=False)
        batch_op.create_index('ix_application_service_id', ['service_id'], unique=False)
        batch_op.create_index('ix_application_sla_due_date', ['sla_due_date'], unique=False)
