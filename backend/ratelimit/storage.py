"""A `limits` storage backend (scheme database://) on the app's own database, SQLite or PostgreSQL.

The embedded default: `make run` starts several gunicorn workers, and memory:// would count per
worker. Every counter is one row, incremented by a single atomic UPSERT, so the workers of one
machine and the hosts sharing one PostgreSQL see the same numbers. Fixed-window strategy only.
"""
from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from typing import ClassVar

from limits.storage import Storage
from sqlalchemy import case, delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from .models import RateLimitCounter

log = logging.getLogger(__name__)
COUNTERS = RateLimitCounter.__table__
# Expired rows are only dead weight (a read treats them as 0): remove them now and then.
PURGE_CHANCE = 0.01


def _without_flush_to_disk(connection) -> None:
    """A counter lost in a power cut costs nothing; waiting for the disk on every failed sign-in
    does (an fsync per commit, 15-25 ms on a busy machine). Only the counter's commit is affected;
    call it first, before the transaction writes (SQLite refuses the change inside one)."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("SET LOCAL synchronous_commit TO OFF")
    else:  # SQLite in WAL mode stays consistent with NORMAL; the pooled connection gets FULL back
        connection.exec_driver_sql("PRAGMA synchronous = NORMAL")


def _restore(connection) -> None:
    """After the commit: the pooled connection goes back to the app with SQLite's default."""
    if connection.dialect.name != "postgresql":
        connection.exec_driver_sql("PRAGMA synchronous = FULL")


class DatabaseStorage(Storage):
    """Counters in the table rate_limit_counter; `engine` is a callable giving the app's engine."""

    STORAGE_SCHEME: ClassVar[list[str]] = ["database"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, engine: Callable[[], Engine] | None = None,
                 **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        if engine is None:
            raise ValueError("database:// rate-limit storage needs the app's engine")
        self._engine = engine

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        engine = self._engine()
        insert = pg_insert if engine.dialect.name == "postgresql" else sqlite_insert
        expired = COUNTERS.c.expires_at <= now
        # One statement: the row lock (PostgreSQL) or the write lock (SQLite) makes it atomic, so
        # two workers can never both read 9 and write 10.
        statement = insert(COUNTERS).values(key=key, count=amount, expires_at=now + expiry)
        statement = statement.on_conflict_do_update(
            index_elements=[COUNTERS.c.key],
            set_={
                "count": case((expired, amount), else_=COUNTERS.c.count + amount),
                "expires_at": case((expired, now + expiry), else_=COUNTERS.c.expires_at),
            },
        ).returning(COUNTERS.c.count)
        with engine.connect() as connection:
            _without_flush_to_disk(connection)
            count = connection.execute(statement).scalar_one()
            connection.commit()
            _restore(connection)
        if random.random() < PURGE_CHANCE:
            self._purge(engine, now)
        return count

    def get(self, key: str) -> int:
        row = self._row(key)
        return row.count if row is not None and row.expires_at > time.time() else 0

    def get_expiry(self, key: str) -> float:
        row = self._row(key)
        return row.expires_at if row is not None else time.time()

    def check(self) -> bool:
        try:
            with self._engine().connect() as connection:
                connection.execute(select(COUNTERS.c.key).limit(1))  # the database, and the table in it
            return True
        except Exception:  # any failure means "not healthy"
            return False

    def reset(self) -> int | None:
        with self._engine().begin() as connection:
            return connection.execute(delete(COUNTERS)).rowcount

    def clear(self, key: str) -> None:
        with self._engine().begin() as connection:
            connection.execute(delete(COUNTERS).where(COUNTERS.c.key == key))

    def _row(self, key: str):
        with self._engine().connect() as connection:
            return connection.execute(select(COUNTERS.c.count, COUNTERS.c.expires_at).where(COUNTERS.c.key == key)).first()

    @staticmethod
    def _purge(engine: Engine, now: float) -> None:
        try:
            with engine.begin() as connection:
                connection.execute(delete(COUNTERS).where(COUNTERS.c.expires_at < now))
        except SQLAlchemyError:
            # A purge that loses a lock race is retried by a later one; it must never fail the
            # request (a storage error would switch the limiter to its per-process fallback).
            log.info("rate-limit counter purge skipped", exc_info=True)
