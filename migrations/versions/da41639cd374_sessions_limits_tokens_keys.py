"""sessions, rate-limit counters, account tokens, idempotency keys, staff identity in the access log

Data: every refresh-token family already issued gets its auth_session row (so signed-in residents
stay signed in), and if the old bug left two applications under one (user, key), the later ones
lose the key (they stay, the first keeps answering replays) before the unique constraint is added;
staff reads logged before the upgrade get the reader's staff number and MPP.

Revision ID: da41639cd374
Revises: 3a1f0c9e7b21
Create Date: 2026-12-01 15:10:34.952641

"""
from alembic import op
import sqlalchemy as sa

import backend.types


# revision identifiers, used by Alembic.
revision = 'da41639cd374'
down_revision = '3a1f0c9e7b21'
branch_labels = None
depends_on = None

# a table SQLite rebuilds keeps AUTOINCREMENT (reflection does not carry it over)
KEEP_IDS = {"sqlite_autoincrement": True}


def upgrade():
    op.create_table('rate_limit_counter',
    sa.Column('key', sa.String(length=255), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('expires_at', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_rate_limit_counter')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('rate_limit_counter', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rate_limit_counter_expires_at'), ['expires_at'], unique=False)

    op.create_table('account_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.String(length=20), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('issued_by_id', sa.Integer(), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('created_at', backend.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', backend.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('used_at', backend.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['issued_by_id'], ['user_account.id'], name=op.f('fk_account_token_issued_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_account_token_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_account_token_token_hash')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('account_token', schema=None) as batch_op:
        batch_op.create_index('ix_account_token_user_purpose', ['user_id', 'purpose'], unique=False)

    op.create_table('auth_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('family_id', sa.String(length=32), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', backend.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_refreshed_at', backend.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', backend.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', backend.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_auth_session_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_auth_session')),
    sa.UniqueConstraint('family_id', name=op.f('uq_auth_session_family_id')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('auth_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_auth_session_user_id'), ['user_id'], unique=False)

    op.execute(
        "INSERT INTO auth_session (family_id, user_id, created_at, last_refreshed_at, expires_at, revoked_at)"
        " SELECT family_id, MIN(user_id), MIN(created_at), MAX(created_at), MAX(expires_at),"
        " CASE WHEN COUNT(revoked_at) = COUNT(*) THEN MAX(revoked_at) END"
        " FROM refresh_token GROUP BY family_id"
    )
    op.execute(
        "UPDATE application SET idempotency_key = NULL WHERE idempotency_key IS NOT NULL AND id NOT IN"
        " (SELECT MIN(id) FROM application WHERE idempotency_key IS NOT NULL GROUP BY user_id, idempotency_key)"
    )
    with op.batch_alter_table('application', schema=None, table_kwargs=KEEP_IDS) as batch_op:
        batch_op.create_unique_constraint('uq_application_user_key', ['user_id', 'idempotency_key'])

    with op.batch_alter_table('application_document', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_application_document_document_id_document'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_application_document_document_id_document'), 'document', ['document_id'], ['id'], ondelete='RESTRICT')

    with op.batch_alter_table('audit_entry', schema=None, table_kwargs=KEEP_IDS) as batch_op:
        batch_op.add_column(sa.Column('actor_staff_number', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('actor_region_code', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('group_id', sa.Integer(), nullable=True))
        batch_op.create_index('ix_audit_entry_subject_time', ['subject_user_id', 'created_at'], unique=False)
    # staff who read before the upgrade get their staff number and MPP in the resident's log too
    op.execute(
        "UPDATE audit_entry SET actor_staff_number = actor_user_id, actor_region_code ="
        " (SELECT region_code FROM user_account WHERE user_account.id = audit_entry.actor_user_id)"
        " WHERE actor_role IN ('officer', 'admin') AND actor_user_id IS NOT NULL"
    )

    with op.batch_alter_table('booking', schema=None, table_kwargs=KEEP_IDS) as batch_op:
        batch_op.add_column(sa.Column('idempotency_key', sa.String(length=100), nullable=True))
        batch_op.create_unique_constraint('uq_booking_user_key', ['user_id', 'idempotency_key'])

    with op.batch_alter_table('complaint', schema=None, table_kwargs=KEEP_IDS) as batch_op:
        batch_op.add_column(sa.Column('idempotency_key', sa.String(length=100), nullable=True))
        batch_op.create_unique_constraint('uq_complaint_user_key', ['user_id', 'idempotency_key'])

    with op.batch_alter_table('idempotency_key', schema=None, table_kwargs=KEEP_IDS) as batch_op:
        batch_op.add_column(sa.Column('token', sa.String(length=32), server_default='', nullable=False))

    with op.batch_alter_table('refresh_token', schema=None, table_kwargs=KEEP_IDS) as batch_op:
        batch_op.create_foreign_key(batch_op.f('fk_refresh_token_family_id_auth_session'), 'auth_session', ['family_id'], ['family_id'], ondelete='CASCADE')

    with op.batch_alter_table('survey', schema=None, table_kwargs=KEEP_IDS) as batch_op:
        batch_op.add_column(sa.Column('idempotency_key', sa.String(length=100), nullable=True))
        batch_op.create_unique_constraint('uq_survey_user_key', ['user_id', 'idempotency_key'])

    with op.batch_alter_table('user_account', schema=None, table_kwargs=KEEP_IDS) as batch_op:
        batch_op.add_column(sa.Column('email_verified_at', backend.types.UTCDateTime(timezone=True), nullable=True))



def downgrade():
    with op.batch_alter_table('user_account', schema=None, table_kwargs=KEEP_IDS) as batch_op:
        batch_op.drop_column('email_verified_at')

    with op.batch_alter_table('survey', schema=None, table_kwargs=KEEP_IDS) as batch_op:
        batch_op.drop_constraint('uq_survey_user_key', type_='unique')
        batch_op.drop_column('idempotency_key')

    with op.batch_alter_table('refresh_token', schema=None, table_kwargs=KEEP_IDS) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_refresh_token_family_id_auth_session'), type_='foreignkey')

    with op.batch_alter_table('idempotency_key', schema=None, table_kwargs=KEEP_IDS) as batch_op:
        batch_op.drop_column('token')

    with op.batch_alter_table('complaint', schema=None, table_kwargs=KEEP_IDS) as batch_op:
        batch_op.drop_constraint('uq_complaint_user_key', type_='unique')
        batch_op.drop_column('idempotency_key')

    with op.batch_alter_table('booking', schema=None, table_kwargs=KEEP_IDS) as batch_op:
        batch_op.drop_constraint('uq_booking_user_key', type_='unique')
        batch_op.drop_column('idempotency_key')

    with op.batch_alter_table('audit_entry', schema=None, table_kwargs=KEEP_IDS) as batch_op:
        batch_op.drop_index('ix_audit_entry_subject_time')
        batch_op.drop_column('group_id')
        batch_op.drop_column('actor_region_code')
        batch_op.drop_column('actor_staff_number')

    with op.batch_alter_table('application_document', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_application_document_document_id_document'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_application_document_document_id_document'), 'document', ['document_id'], ['id'], ondelete='CASCADE')

    with op.batch_alter_table('application', schema=None, table_kwargs=KEEP_IDS) as batch_op:
        batch_op.drop_constraint('uq_application_user_key', type_='unique')

    with op.batch_alter_table('auth_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_auth_session_user_id'))

    op.drop_table('auth_session')
    with op.batch_alter_table('account_token', schema=None) as batch_op:
        batch_op.drop_index('ix_account_token_user_purpose')

    op.drop_table('account_token')
    with op.batch_alter_table('rate_limit_counter', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rate_limit_counter_expires_at'))

    op.drop_table('rate_limit_counter')
