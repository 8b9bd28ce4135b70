"""The lock a key's holder keeps while it works: the proof of life that a takeover must not see.

A claim row says "someone started"; only a lock that dies with its holder can say "someone is
still working". The holder takes the lock before it claims and lets go after its last commit, so
an in-flight claim whose lock can be taken belongs to a holder that crashed, was killed, or gave
up. Nobody takes over a claim whose lock is held, however long the holder takes.

- PostgreSQL: a session advisory lock (pg_try_advisory_lock) on a connection of a small private
  pool, so it spans the claim's and the work's transactions and any host. PostgreSQL drops it
  when that connection ends, also when the process dies (kill -9 closes the socket). Needs direct
  connections or session pooling: a transaction-pooling PgBouncer would not keep it.
- SQLite (one machine): a POSIX byte-range lock (lockf) on one side file next to the database,
  at an offset derived from the key; the kernel drops it when the process dies. POSIX locks are
  per process, so a set of held offsets keeps two threads of one process apart too.
- Any other database: the in-process set only (one process).
"""
from __future__ import annotations

import fcntl
import hashlib
import os
import threading
from dataclasses import dataclass, field

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session

__all__ = ["HolderLock", "lock_id", "try_lock"]

_engines: dict[str, Engine] = {}
_held: set[tuple[str, int]] = set()  # (database, lock id) held by a thread of this process
_mutex = threading.Lock()
_files: dict[str, tuple[int, int]] = {}  # lock file path -> (pid that opened it, fd)


def lock_id(user_id: int, key: str) -> int:
    """A signed 63-bit number for (user, key): an advisory lock key and a file offset alike."""
    digest = hashlib.sha256(f"{user_id}\x00{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big") >> 2  # 0 .. 2^62-1: positive as bigint and off_t


@dataclass
class HolderLock:
    """A held lock; release() is idempotent and never raises."""

    database: str
    ident: int
    _release: object = field(repr=False, default=None)

    def release(self) -> None:
        release, self._release = self._release, None
        if release is not None:
            try:
                release()
            finally:
                with _mutex:
                    _held.discard((self.database, self.ident))


def try_lock(session: Session, user_id: int, key: str) -> HolderLock | None:
    """The key's lock if nobody holds it (never waits), else None: its holder is alive."""
    bind = session.get_bind()
    database = bind.url.render_as_string(hide_password=True)
    ident = lock_id(user_id, key)
    with _mutex:
        if (database, ident) in _held:
            return None
        _held.add((database, ident))
    try:
        if bind.dialect.name == "postgresql":
            release = _advisory(bind.engine, ident)
        elif bind.dialect.name == "sqlite" and bind.url.database not in (None, "", ":memory:"):
            release = _byte_range(bind.url.database + "-idempotency.lock", ident)
        else:
            release = _noop
    except BaseException:
        with _mutex:
            _held.discard((database, ident))
        raise
    if release is None:
        with _mutex:
            _held.discard((database, ident))
        return None
    return HolderLock(database, ident, release)


def _noop() -> None:
    return None


def _lock_engine(bind: Engine) -> Engine:
    """A private pool: a lock held on a request connection would leave with it at commit."""
    url = bind.url.render_as_string(hide_password=False)
    with _mutex:
        engine = _engines.get(url)
        if engine is None:
            # no overflow limit: a request holds at most one lock, so threads bound the connections
            engine = _engines[url] = create_engine(bind.url, pool_size=2, max_overflow=-1, pool_pre_ping=True)
        return engine


def _advisory(bind: Engine, ident: int):
    connection = _lock_engine(bind).connect()
    try:
        got = connection.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": ident}).scalar_one()
        connection.commit()  # a session lock outlives the transaction; the connection stays idle
    except BaseException:
        connection.invalidate()
        connection.close()
        raise
    if not got:
        connection.close()
        return None

    def release() -> None:
        try:
            connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": ident})
            connection.commit()
        except Exception:
            # the lock must not go back to the pool with the connection: closing it ends the lock
            connection.invalidate()
        finally:
            connection.close()

    return release


def _lock_fd(path: str) -> int:
    """One descriptor per process: closing any descriptor of a file drops all of its POSIX locks."""
    pid = os.getpid()
    with _mutex:
        opened = _files.get(path)
        if opened is None or opened[0] != pid:  # a forked child has none of its parent's locks
            opened = _files[path] = (pid, os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
        return opened[1]


def _byte_range(path: str, ident: int):
    fd = _lock_fd(path)
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, ident, os.SEEK_SET)
    except (BlockingIOError, PermissionError):
        return None

    def release() -> None:
        fcntl.lockf(fd, fcntl.LOCK_UN, 1, ident, os.SEEK_SET)

    return release
