"""Tracking numbers a person can read out at a counter: PRB-20261128-0042.

Region prefix, the region's local date of receipt, and a per-region daily sequence from a
counter row that one atomic upsert increments (INSERT ... ON CONFLICT DO UPDATE ... RETURNING),
so concurrent submissions in any number of processes never get the same number.

On PostgreSQL the increment commits on its own short connection, from a small pool of its
own (borrowing a second connection from the request pool could deadlock it under load): the
counter row is locked for one statement instead of the whole submission, which serialised
all submissions of a region. A submission that fails after that leaves a gap in the day's sequence, never a
duplicate; numbers are taken only after the form has been validated, so gaps are rare.
SQLite serialises writers anyway, so there the increment joins the submission's transaction.
"""
from __future__ import annotations

import threading
from datetime import date, datetime

from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session

from ..timeutil import to_local
from .models import TrackingCounter

_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


def _counter_engine(bind: Engine) -> Engine:
    """A small private pool for counter increments, one per database and process."""
    key = bind.url.render_as_string(hide_password=False)
    with _engines_lock:
        engine = _engines.get(key)
        if engine is None:
            engine = _engines[key] = create_engine(bind.url, pool_size=2, max_overflow=6, pool_pre_ping=True)
        return engine


def _upsert(insert, region_code: str, day: date):
    return (
        insert(TrackingCounter).values(region_code=region_code, day=day, value=1)
        .on_conflict_do_update(index_elements=["region_code", "day"], set_={"value": TrackingCounter.value + 1})
        .returning(TrackingCounter.value)
    )


def _next_value(session: Session, region_code: str, day: date) -> int:
    bind = session.get_bind()
    dialect = bind.dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert

        with _counter_engine(bind.engine).connect() as connection:
            value = connection.execute(_upsert(insert, region_code, day)).scalar_one()
            connection.commit()
        return value
    from sqlalchemy.dialects.sqlite import insert  # SQLite: the only other database MPP Digital runs on

    return session.execute(_upsert(insert, region_code, day)).scalar_one()


def next_tracking_number(session: Session, region, received_at: datetime) -> str:
    """The next number for region (needs .code, .prefix, .timezone) on received_at's local date."""
    day = to_local(received_at, region.timezone).date()
    value = _next_value(session, region.code, day)
    return f"{region.prefix}-{day:%Y%m%d}-{value:04d}"
