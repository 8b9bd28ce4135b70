"""OpenID Connect provider: clients, codes, tokens, consents (issue 15)

Revision ID: i15_oidc
Revises: i13_performance
Create Date: 2026-12-01 17:10:00

"""
from alembic import op
import sqlalchemy as sa

import backend.types


# revision identifiers, used by Alembic.
revision = 'i15_oidc'
down_revision = 'i13_performance'
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


def downgrade():
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
