"""Migrations apply cleanly to an empty database and match the models."""
import uuid

import pytest
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
