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
    op.create_table('oauth_assertion_jti',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.String(length=64), nullable=False),
    sa.Column('jti', sa.String(length=200), nullable=False),
    sa.Column('expires_at', backend.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_oauth_assertion_jti')),
    sa.UniqueConstraint('client_id', 'jti', name=op.f('uq_oauth_assertion_jti_client_id')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('oauth_assertion_jti', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_oauth_assertion_jti_expires_at'), ['expires_at'], unique=False)
    op.create_table('oauth_client',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.String(length=64), nullable=False),
    sa.Column('client_secret_hash', sa.String(length=64), nullable=True),
    sa.Column('jwks', sa.JSON(), nullable=True),
    sa.Column('jwks_uri', sa.String(length=500), nullable=True),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=True),
    sa.Column('region_code', sa.String(length=10), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('redirect_uris', sa.JSON(), nullable=False),
    sa.Column('post_logout_redirect_uris', sa.JSON(), nullable=False),
    sa.Column('scopes', sa.JSON(), nullable=False),
    sa.Column('required_scopes', sa.JSON(), nullable=False),
    sa.Column('grant_types', sa.JSON(), nullable=False),
    sa.Column('token_endpoint_auth_method', sa.String(length=30), nullable=False),
    sa.Column('require_pushed_authorization_requests', sa.Boolean(), nullable=False),
    sa.Column('id_token_signed_response_alg', sa.String(length=10), nullable=False),
    sa.Column('created_at', backend.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', backend.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_oauth_client_agency_id_agency')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_oauth_client')),
    sa.UniqueConstraint('client_id', name=op.f('uq_oauth_client_client_id')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('oauth_client', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_oauth_client_agency_id'), ['agency_id'], unique=False)
    op.create_table('oauth_authorization_code',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('client_pk', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('redirect_uri', sa.String(length=500), nullable=False),
    sa.Column('scope', sa.String(length=500), nullable=False),
    sa.Column('nonce', sa.String(length=200), nullable=True),
    sa.Column('code_challenge', sa.String(length=128), nullable=False),
    sa.Column('code_challenge_method', sa.String(length=10), nullable=False),
    sa.Column('auth_time', sa.Integer(), nullable=False),
    sa.Column('amr', sa.JSON(), nullable=True),
    sa.Column('session_family_id', sa.String(length=32), nullable=True),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('created_at', backend.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', backend.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('used_at', backend.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['client_pk'], ['oauth_client.id'], name=op.f('fk_oauth_authorization_code_client_pk_oauth_client'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_oauth_authorization_code_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_oauth_authorization_code')),
    sa.UniqueConstraint('code_hash', name=op.f('uq_oauth_authorization_code_code_hash')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('oauth_authorization_code', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_oauth_authorization_code_client_pk'), ['client_pk'], unique=False)
        batch_op.create_index(batch_op.f('ix_oauth_authorization_code_user_id'), ['user_id'], unique=False)
    op.create_table('oauth_consent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_pk', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('scopes', sa.JSON(), nullable=False),
    sa.Column('granted_at', backend.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('withdrawn_at', backend.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('released_claims', sa.JSON(), nullable=True),
    sa.Column('last_released_at', backend.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['client_pk'], ['oauth_client.id'], name=op.f('fk_oauth_consent_client_pk_oauth_client'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_oauth_consent_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_oauth_consent')),
    sa.UniqueConstraint('client_pk', 'user_id', name=op.f('uq_oauth_consent_client_pk')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('oauth_consent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_oauth_consent_client_pk'), ['client_pk'], unique=False)
        batch_op.create_index(batch_op.f('ix_oauth_consent_user_id'), ['user_id'], unique=False)
    op.create_table('oauth_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_pk', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('access_token_hash', sa.String(length=64), nullable=False),
    sa.Column('refresh_token_hash', sa.String(length=64), nullable=True),
    sa.Column('scope', sa.String(length=500), nullable=False),
    sa.Column('issued_at', backend.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', backend.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('refresh_expires_at', backend.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', backend.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('authorization_code_id', sa.Integer(), nullable=True),
    sa.Column('session_family_id', sa.String(length=32), nullable=True),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['client_pk'], ['oauth_client.id'], name=op.f('fk_oauth_token_client_pk_oauth_client'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_oauth_token_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_oauth_token')),
    sa.UniqueConstraint('access_token_hash', name=op.f('uq_oauth_token_access_token_hash')),
    sa.UniqueConstraint('refresh_token_hash', name=op.f('uq_oauth_token_refresh_token_hash')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('oauth_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_oauth_token_authorization_code_id'), ['authorization_code_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_oauth_token_client_pk'), ['client_pk'], unique=False)
        batch_op.create_index(batch_op.f('ix_oauth_token_user_id'), ['user_id'], unique=False)
    op.create_table('oidc_document_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('client_pk', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('created_at', backend.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', backend.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('used_at', backend.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('meta', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['client_pk'], ['oauth_client.id'], name=op.f('fk_oidc_document_link_client_pk_oauth_client'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_oidc_document_link_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_oidc_document_link')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_oidc_document_link_token_hash')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('oidc_document_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_oidc_document_link_client_pk'), ['client_pk'], unique=False)
        batch_op.create_index(batch_op.f('ix_oidc_document_link_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_oidc_document_link_user_id'), ['user_id'], unique=False)
    op.create_table('oidc_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('handle_hash', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('client_pk', sa.Integer(), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', backend.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', backend.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('used_at', backend.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['client_pk'], ['oauth_client.id'], name=op.f('fk_oidc_request_client_pk_oauth_client'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_oidc_request_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_oidc_request')),
    sa.UniqueConstraint('handle_hash', name=op.f('uq_oidc_request_handle_hash')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('oidc_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_oidc_request_client_pk'), ['client_pk'], unique=False)
        batch_op.create_index(batch_op.f('ix_oidc_request_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_oidc_request_user_id'), ['user_id'], unique=False)
    op.create_table('oidc_subject',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_pk', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('sub', sa.String(length=64), nullable=False),
    sa.Column('created_at', backend.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['client_pk'], ['oauth_client.id'], name=op.f('fk_oidc_subject_client_pk_oauth_client'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_oidc_subject_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_oidc_subject')),
    sa.UniqueConstraint('client_pk', 'user_id', name=op.f('uq_oidc_subject_client_pk')),
    sa.UniqueConstraint('sub', name=op.f('uq_oidc_subject_sub')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('oidc_subject', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_oidc_subject_client_pk'), ['client_pk'], unique=False)
        batch_op.create_index(batch_op.f('ix_oidc_subject_user_id'), ['user_id'], unique=False)
    op.drop_table('integration_service')
    with op.batch_alter_table('integration_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_integration_event_application_id'))
        batch_op.drop_index(batch_op.f('ix_integration_event_complaint_id'))
        batch_op.drop_index(batch_op.f('ix_integration_event_due'))
        batch_op.drop_index(batch_op.f('ix_integration_event_order'))
    op.drop_table('integration_event')
    with op.batch_alter_table('integration', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_integration_agency_id'))
    op.drop_table('integration')
    op.drop_table('integration_region')


def downgrade():
    op.create_table('integration_region',
    sa.Column('integration_id', sa.INTEGER(), nullable=False),
    sa.Column('region_code', sa.VARCHAR(length=8), nullable=False),
    sa.ForeignKeyConstraint(['integration_id'], ['integration.id'], name=op.f('fk_integration_region_integration_id_integration'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['region_code'], ['region.code'], name=op.f('fk_integration_region_region_code_region'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('integration_id', 'region_code', name=op.f('pk_integration_region'))
    )
    op.create_table('integration',
    sa.Column('id', sa.INTEGER(), nullable=False),
    sa.Column('name', sa.VARCHAR(length=100), nullable=False),
    sa.Column('agency_id', sa.INTEGER(), nullable=False),
    sa.Column('webhook_url', sa.VARCHAR(length=500), nullable=True),
    sa.Column('webhook_secret', sa.VARCHAR(length=100), nullable=False),
    sa.Column('oauth_client_id', sa.INTEGER(), nullable=True),
    sa.Column('actor_user_id', sa.INTEGER(), nullable=False),
    sa.Column('created_at', sa.DATETIME(), nullable=False),
    sa.Column('revoked_at', sa.DATETIME(), nullable=True),
    sa.ForeignKeyConstraint(['actor_user_id'], ['user_account.id'], name=op.f('fk_integration_actor_user_id_user_account')),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_integration_agency_id_agency')),
    sa.ForeignKeyConstraint(['oauth_client_id'], ['oauth_client.id'], name=op.f('fk_integration_oauth_client_id_oauth_client'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('actor_user_id', name=op.f('uq_integration_actor_user_id')),
    sa.UniqueConstraint('oauth_client_id', name=op.f('uq_integration_oauth_client_id'))
    )
    with op.batch_alter_table('integration', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_integration_agency_id'), ['agency_id'], unique=False)
    op.create_table('integration_event',
    sa.Column('id', sa.INTEGER(), nullable=False),
    sa.Column('integration_id', sa.INTEGER(), nullable=False),
    sa.Column('event_id', sa.VARCHAR(length=40), nullable=False),
    sa.Column('type', sa.VARCHAR(length=40), nullable=False),
    sa.Column('ordering_key', sa.VARCHAR(length=40), nullable=False),
    sa.Column('application_id', sa.INTEGER(), nullable=True),
    sa.Column('complaint_id', sa.INTEGER(), nullable=True),
    sa.Column('payload', sqlite.JSON(), nullable=False),
    sa.Column('status', sa.VARCHAR(length=10), nullable=False),
    sa.Column('attempts', sa.INTEGER(), nullable=False),
    sa.Column('next_attempt_at', sa.DATETIME(), nullable=False),
    sa.Column('retry_from', sa.DATETIME(), nullable=False),
    sa.Column('last_attempt_at', sa.DATETIME(), nullable=True),
    sa.Column('claim_token', sa.VARCHAR(length=32), nullable=True),
    sa.Column('claimed_until', sa.DATETIME(), nullable=True),
    sa.Column('last_status_code', sa.INTEGER(), nullable=True),
    sa.Column('last_error', sa.TEXT(), nullable=True),
    sa.Column('created_at', sa.DATETIME(), nullable=False),
    sa.Column('delivered_at', sa.DATETIME(), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], name=op.f('fk_integration_event_application_id_application'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaint.id'], name=op.f('fk_integration_event_complaint_id_complaint'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['integration_id'], ['integration.id'], name=op.f('fk_integration_event_integration_id_integration'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('integration_id', 'event_id', name=op.f('uq_integration_event_id'))
    )
    with op.batch_alter_table('integration_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_integration_event_order'), ['integration_id', 'ordering_key', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_integration_event_due'), ['status', 'next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_integration_event_complaint_id'), ['complaint_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_integration_event_application_id'), ['application_id'], unique=False)
    op.create_table('integration_service',
    sa.Column('integration_id', sa.INTEGER(), nullable=False),
    sa.Column('service_id', sa.INTEGER(), nullable=False),
    sa.Column('handled_by', sa.VARCHAR(length=10), nullable=False),
    sa.ForeignKeyConstraint(['integration_id'], ['integration.id'], name=op.f('fk_integration_service_integration_id_integration'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_integration_service_service_id_service'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('integration_id', 'service_id', name=op.f('pk_integration_service'))
    )
    with op.batch_alter_table('oidc_subject', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_oidc_subject_user_id'))
        batch_op.drop_index(batch_op.f('ix_oidc_subject_client_pk'))
    op.drop_table('oidc_subject')
    with op.batch_alter_table('oidc_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_oidc_request_user_id'))
        batch_op.drop_index(batch_op.f('ix_oidc_request_expires_at'))
        batch_op.drop_index(batch_op.f('ix_oidc_request_client_pk'))
    op.drop_table('oidc_request')
    with op.batch_alter_table('oidc_document_link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_oidc_document_link_user_id'))
        batch_op.drop_index(batch_op.f('ix_oidc_document_link_expires_at'))
        batch_op.drop_index(batch_op.f('ix_oidc_document_link_client_pk'))
    op.drop_table('oidc_document_link')
    with op.batch_alter_table('oauth_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_oauth_token_user_id'))
        batch_op.drop_index(batch_op.f('ix_oauth_token_client_pk'))
        batch_op.drop_index(batch_op.f('ix_oauth_token_authorization_code_id'))
    op.drop_table('oauth_token')
    with op.batch_alter_table('oauth_consent', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_oauth_consent_user_id'))
        batch_op.drop_index(batch_op.f('ix_oauth_consent_client_pk'))
    op.drop_table('oauth_consent')
    with op.batch_alter_table('oauth_authorization_code', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_oauth_authorization_code_user_id'))
        batch_op.drop_index(batch_op.f('ix_oauth_authorization_code_client_pk'))
    op.drop_table('oauth_authorization_code')
    with op.batch_alter_table('oauth_client', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_oauth_client_agency_id'))
    op.drop_table('oauth_client')
    with op.batch_alter_table('oauth_assertion_jti', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_oauth_assertion_jti_expires_at'))
    op.drop_table('oauth_assertion_jti')
