"""A stand-in for a table an idempotent POST writes: one row per (user, key), like applications."""
from __future__ import annotations

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, UniqueConstraint, delete, func, select

from backend.extensions import db

_metadata = MetaData()
PROBE = Table(
    "idem_probe", _metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, nullable=False),
    Column("key", String(100), nullable=False),
    Column("writer", String(40), nullable=False),
    UniqueConstraint("user_id", "key", name="uq_idem_probe_user_key"),
)
# the same without the unique constraint: what fencing alone must keep to one row per key
LOOSE = Table(
    "idem_probe_loose", _metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, nullable=False),
    Column("key", String(100), nullable=False),
    Column("writer", String(40), nullable=False),
)


@pytest.fixture
def probe(ctx):
    """The probe table, created for the test and dropped after it (inside the test's app context)."""
    _metadata.create_all(db.engine)
    yield PROBE
    db.session.rollback()  # an open read would hold the table and block the DROP on PostgreSQL
    db.session.close()
    _metadata.drop_all(db.engine)


def probe_rows(session, user_id: int, key: str, table: Table = PROBE) -> list[dict]:
    return [dict(r._mapping) for r in session.execute(
        select(table).where(table.c.user_id == user_id, table.c.key == key).order_by(table.c.id))]


def probe_count(session) -> int:
    return session.scalar(select(func.count()).select_from(PROBE))


def clear_probe(session) -> None:
    session.execute(delete(PROBE))
    session.execute(delete(LOOSE))
    session.commit()
