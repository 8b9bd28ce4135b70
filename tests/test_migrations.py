"""Migrations apply cleanly to an empty database and match the models."""
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
import sqlalchemy as sa
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


@pytest.mark.skipif(is_postgres(), reason="AUTOINCREMENT is SQLite's; PostgreSQL sequences never reuse ids")
def test_migrated_sqlite_never_reuses_ids_and_keeps_rows(tmp_path):
    """Every integer-keyed table is AUTOINCREMENT after `flask db upgrade`, and the rebuild of an
    existing database keeps every row (no ON DELETE CASCADE fires while tables are rebuilt)."""
    url = f"sqlite:///{tmp_path / 'upgrade.sqlite3'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": str(tmp_path), "TESTING": True})
    with app.app_context():
        upgrade(revision="2dd717e3d991")
        with db.engine.begin() as conn:
            conn.execute(sa.text("INSERT INTO user_account (id, role, full_name, language, created_at, updated_at)"
                                 " VALUES (7, 'resident', 'A', 'id', '2026-01-01', '2026-01-01')"))
            conn.execute(sa.text("INSERT INTO passkey (user_id, credential_id, public_key, sign_count, name,"
                                 " backed_up, created_at) VALUES (7, 'c', x'00', 0, 'p', 0, '2026-01-01')"))
            conn.execute(sa.text("INSERT INTO refresh_token (user_id, family_id, token_hash, created_at, expires_at)"
                                 " VALUES (7, 'fam1', 'h1', '2026-01-01 00:00:00', '2099-01-01 00:00:00')"))
        upgrade()
        with db.engine.begin() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM passkey WHERE user_id = 7")).scalar() == 1
            # a session signed in before the upgrade stays signed in: its family became an auth_session
            assert conn.execute(sa.text("SELECT user_id, revoked_at FROM auth_session WHERE family_id = 'fam1'")
                                ).one() == (7, None)
            conn.execute(sa.text("DELETE FROM refresh_token"))
            conn.execute(sa.text("DELETE FROM auth_session"))
            sql = dict(conn.execute(sa.text("SELECT name, sql FROM sqlite_master WHERE type = 'table'")).all())
            missing = [name for name in _integer_key_tables() if "AUTOINCREMENT" not in sql[name]]
            assert missing == [], f"tables that would reuse ids: {missing}"
            # delete the highest id, insert again: the id is new
            conn.execute(sa.text("DELETE FROM user_account WHERE id = 7"))
            conn.execute(sa.text("INSERT INTO user_account (role, full_name, language, created_at, updated_at)"
                                 " VALUES ('resident', 'B', 'id', '2026-01-01', '2026-01-01')"))
            assert conn.execute(sa.text("SELECT max(id) FROM user_account")).scalar() == 8
        db.engine.dispose()
