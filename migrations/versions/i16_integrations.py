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
    op.create_table('integration',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('webhook_url', sa.String(length=500), nullable=True),
    sa.Column('webhook_secret', sa.String(length=100), nullable=False),
    sa.Column('oauth_client_id', sa.Integer(), nullable=True),
    sa.Column('actor_user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', backend.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', backend.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['actor_user_id'], ['user_account.id'], name=op.f('fk_integration_actor_user_id_user_account')),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_integration_agency_id_agency')),
    sa.ForeignKeyConstraint(['oauth_client_id'], ['oauth_client.id'], name=op.f('fk_integration_oauth_client_id_oauth_client'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_integration')),
    sa.UniqueConstraint('actor_user_id', name=op.f('uq_integration_actor_user_id')),
    sa.UniqueConstraint('oauth_client_id', name=op.f('uq_integration_oauth_client_id')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('integration', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_integration_agency_id'), ['agency_id'], unique=False)

    op.create_table('integration_region',
    sa.Column('integration_id', sa.Integer(), nullable=False),
    sa.Column('region_code', sa.String(length=8), nullable=False),
    sa.ForeignKeyConstraint(['integration_id'], ['integration.id'], name=op.f('fk_integration_region_integration_id_integration'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['region_code'], ['region.code'], name=op.f('fk_integration_region_region_code_region'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('integration_id', 'region_code', name=op.f('pk_integration_region')),
    sqlite_autoincrement=True
    )
    op.create_table('integration_service',
    sa.Column('integration_id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('handled_by', sa.String(length=10), nullable=False),
    sa.ForeignKeyConstraint(['integration_id'], ['integration.id'], name=op.f('fk_integration_service_integration_id_integration'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_integration_service_service_id_service'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('integration_id', 'service_id', name=op.f('pk_integration_service')),
    sqlite_autoincrement=True
    )
    op.create_table('integration_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('integration_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.String(length=40), nullable=False),
    sa.Column('type', sa.String(length=40), nullable=False),
    sa.Column('ordering_key', sa.String(length=40), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=True),
    sa.Column('complaint_id', sa.Integer(), nullable=True),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', backend.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('retry_from', backend.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_attempt_at', backend.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('claim_token', sa.String(length=32), nullable=True),
    sa.Column('claimed_until', backend.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_status_code', sa.Integer(), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('created_at', backend.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('delivered_at', backend.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], name=op.f('fk_integration_event_application_id_application'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaint.id'], name=op.f('fk_integration_event_complaint_id_complaint'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['integration_id'], ['integration.id'], name=op.f('fk_integration_event_integration_id_integration'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_integration_event')),
    sa.UniqueConstraint('integration_id', 'event_id', name='uq_integration_event_id'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('integration_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_integration_event_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_integration_event_complaint_id'), ['complaint_id'], unique=False)
        batch_op.create_index('ix_integration_event_due', ['status', 'next_attempt_at'], unique=False)
        batch_op.create_index('ix_integration_event_order', ['integration_id', 'ordering_key', 'id'], unique=False)



def downgrade():
    with op.batch_alter_table('integration_event', schema=None) as batch_op:
        batch_op.drop_index('ix_integration_event_order')
        batch_op.drop_index('ix_integration_event_due')
        batch_op.drop_index(batch_op.f('ix_integration_event_complaint_id'))
        batch_op.drop_index(batch_op.f('ix_integration_event_application_id'))

    op.drop_table('integration_event')
    op.drop_table('integration_service')
    op.drop_table('integration_region')
    with op.batch_alter_table('integration', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_integration_agency_id'))

    op.drop_table('integration')
