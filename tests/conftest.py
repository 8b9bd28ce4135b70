"""Fixtures: the app through the factory, a clean database per test, users and tokens.

DATABASE_URL=postgresql://... runs the suite on PostgreSQL: a fresh database is created
for the run (so runs can repeat and run side by side) and dropped at the end.
"""
from __future__ import annotations

import os
import uuid
from datetime import date

import pytest
from flask_jwt_extended import create_access_token
from sqlalchemy import delete, select

from backend.app import create_app
from backend.extensions import db

CATALOGUE_TABLES = {"catalogue_meta", "region", "agency", "region_agency", "category", "service", "service_region", "form_definition"}
DEMO_PASSWORD = "Rahasia-Kuat-2026"


def _postgres_database():
    """Create a throw-away database next to DATABASE_URL's; returns (url, dropper)."""
    import psycopg

    base = os.environ["DATABASE_URL"].replace("postgresql+psycopg://", "postgresql://")
    name = f"mpp_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin_url = base
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = base.rsplit("/", 1)[0] + "/" + name

    def drop():
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return url, drop


def is_postgres() -> bool:
    return (os.environ.get("DATABASE_URL") or "").startswith("postgres")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    if is_postgres():
        url, drop = _postgres_database()
        yield url
        drop()
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def test_config(database_url, tmp_path_factory):
    instance = tmp_path_factory.mktemp("instance")
    os.environ["DATABASE_URL"] = database_url
    return {
        "TESTING": True,
        "INSTANCE_PATH": str(instance),
        "SQLALCHEMY_DATABASE_URI": database_url.replace("postgresql://", "postgresql+psycopg://"),
        "DOCUMENT_STORAGE_PATH": str(instance / "documents"),
        "RATELIMIT_ENABLED": False,
        "RATELIMIT_STORAGE_URI": "memory://",
    }


@pytest.fixture(scope="session")
def app(test_config):
    app = create_app(test_config)
    with app.app_context():
        db.create_all()
        from backend.catalogue import demo as catalogue_demo

        catalogue_demo.load(db.session)
        db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _clean_tables(request):
    """Every test starts with the catalogue only; rows a test made are deleted after it."""
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        db.session.rollback()
        for table in reversed(db.metadata.sorted_tables):
            if table.name not in CATALOGUE_TABLES:
                db.session.execute(delete(table))
        db.session.commit()
        db.session.remove()


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make_user(app):
    """make_user(role="resident", **profile) -> User, committed."""
    from backend.accounts.models import User

    counter = iter(range(1, 10_000))

    def make(role: str = "resident", **fields):
        n = next(counter)
        defaults = {
            "role": role,
            "full_name": fields.pop("full_name", f"Pengguna Uji {n}"),
            "email": f"user{n}-{uuid.uuid4().hex[:6]}@contoh.id",
        }
        if role == "resident":
            defaults.update(
                nik=f"3574014507900{n:03d}"[-16:],
                birth_date=date(1990, 7, 5),
                gender="P",
                phone=f"0812345{n:05d}",
                address="Jl. Suroyo No. 1, Probolinggo",
            )
        if role == "officer":
            from backend.catalogue.models import Agency

            with app.app_context():
                agency = db.session.scalar(select(Agency).where(Agency.code == fields.pop("agency_code", "DISDUKCAPIL")))
                defaults.update(agency_id=agency.id, region_code=fields.pop("region_code", "35.74"))
        defaults.update(fields)
        password = defaults.pop("password", DEMO_PASSWORD)
        with app.app_context():
            user = User(**defaults)
            try:
                from backend.accounts.services import hash_password

                user.password_hash = hash_password(password)
            except ImportError:
                pass
            db.session.add(user)
            db.session.commit()
            db.session.refresh(user)
            db.session.expunge(user)
            return user

    return make


def issue_access_token(user, **token_options) -> str:
    """A real session for the user (as a sign-in makes) and an access token naming it.

    Needs an app context. Tokens minted without a session are refused, so tests make one too.
    """
    from backend.accounts.models import User
    from backend.accounts.sessions import start_session
    from backend.timeutil import utcnow

    issued = start_session(db.session, db.session.get(User, user.id), now=utcnow(), days=1)
    db.session.commit()
    claims = {"role": user.role, "sid": issued.family_id}
    return create_access_token(identity=str(user.id), additional_claims=claims, **token_options)


@pytest.fixture
def auth_headers(app):
    """auth_headers(user) -> {"Authorization": "Bearer <access token>"} of a fresh session."""

    def headers(user, **extra):
        with app.app_context():
            token = issue_access_token(user)
            db.session.remove()
        return {"Authorization": f"Bearer {token}", **extra}

    return headers


@pytest.fixture
def resident(make_user):
    return make_user("resident")


@pytest.fixture
def officer(make_user):
    return make_user("officer", full_name="Petugas Disdukcapil")


@pytest.fixture
def admin(make_user):
    return make_user("admin", full_name="Admin MPP")
