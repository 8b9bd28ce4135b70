"""Migrations apply cleanly to an empty database and match the models."""
import uuid

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from backend.app import create_app
from backend.extensions import db

from .conftest import _postgres_database, is_postgres


@pytest.fixture
def empty_database(tmp_path):
    if is_postgres():
        url, drop = _postgres_database()
        yield url.replace("postgresql://", "postgresql+psycopg://")
        drop()
    else:
        yield f"sqlite:///{tmp_path / f'migrate-{uuid.uuid4().hex}.sqlite3'}"


def test_migrations_apply_to_an_empty_database_and_match_models(empty_database, tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database, "INSTANCE_PATH": str(tmp_path), "TESTING": True})
    with app.app_context():
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        assert {"region", "service", "user_account", "alembic_version"} <= tables
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), db.metadata)
        assert diff == [], f"models and migrations differ: {diff}"
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()


def _integer_key_tables():
    return sorted(t.name for t in db.metadata.sorted_tables
                  if len(t.primary_key.columns) == 1
                  and isinstance(next(iter(t.primary_key.columns)).type, sa.Integer))


def test_upgrade_keeps_rows_and_fills_new_columns(empty_database, tmp_path):
    """An existing database upgrades with every row kept (SQLite's table rebuilds fire no ON DELETE
    CASCADE), old refresh families become sessions, staff reads get a staff number; on SQLite every
    integer-keyed table is AUTOINCREMENT afterwards, so a deleted row's id never comes back."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database, "INSTANCE_PATH": str(tmp_path), "TESTING": True})
    ts = "'2026-01-01 00:00:00+00:00'"
    with app.app_context():
        upgrade(revision="2dd717e3d991")
        with db.engine.begin() as conn:
            conn.execute(sa.text("INSERT INTO region (code, prefix, name, province, mpp_name, address, timezone,"
                                 " opening_hours) VALUES ('35.74', 'PBL', 'Kota Probolinggo', 'Jawa Timur', 'MPP',"
                                 " '-', 'Asia/Jakarta', '{}')"))
            for uid, role, region in ((7, "resident", "NULL"), (8, "officer", "'35.74'")):
                conn.execute(sa.text(
                    "INSERT INTO user_account (id, role, full_name, language, region_code, created_at, updated_at)"
                    f" VALUES ({uid}, '{role}', 'A', 'id', {region}, {ts}, {ts})"))
            conn.execute(sa.text("INSERT INTO passkey (user_id, credential_id, public_key, sign_count, name,"
                                 f" backed_up, created_at) VALUES (7, 'c', :key, 0, 'p', false, {ts})"), {"key": b"\0"})
            conn.execute(sa.text("INSERT INTO refresh_token (user_id, family_id, token_hash, created_at, expires_at)"
                                 f" VALUES (7, 'fam1', 'h1', {ts}, '2099-01-01 00:00:00+00:00')"))
            conn.execute(sa.text("INSERT INTO audit_entry (subject_user_id, actor_user_id, actor_name, actor_role,"
                                 f" action, object_type, created_at) VALUES (7, 8, 'B', 'officer', 'read', 'profile', {ts})"))
        upgrade()
        with db.engine.begin() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM passkey WHERE user_id = 7")).scalar() == 1
            # a session signed in before the upgrade stays signed in: its family became an auth_session
            assert conn.execute(sa.text("SELECT user_id, revoked_at FROM auth_session WHERE family_id = 'fam1'")
                                ).one() == (7, None)
            assert conn.execute(sa.text("SELECT actor_staff_number, actor_region_code FROM audit_entry")
                                ).one() == (8, "35.74")
            if not is_postgres():
                sql = dict(conn.execute(sa.text("SELECT name, sql FROM sqlite_master WHERE type = 'table'")).all())
                missing = [name for name in _integer_key_tables() if "AUTOINCREMENT" not in sql[name]]
                assert missing == [], f"tables that would reuse ids: {missing}"
            # delete the highest id, insert again: the id is new
            conn.execute(sa.text("DELETE FROM user_account WHERE id = 8"))
            new_id = conn.execute(sa.text("INSERT INTO user_account (role, full_name, language, created_at,"
                                          f" updated_at) VALUES ('resident', 'C', 'id', {ts}, {ts}) RETURNING id")).scalar()
            assert new_id not in (7, 8)
        db.engine.dispose()
