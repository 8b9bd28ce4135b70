"""Idempotency-Key for replayed POSTs: the first request with a key does the work, repeats get its answer.

The claim (state in_flight) is committed before the work starts, so a unique (user_id, key)
decides between concurrent duplicates in any number of threads or processes: the loser sees
in_flight (409, retry later) or done (the stored status and body, replayed). A key is per user
across every kind of request; the scope (e.g. "create", "booking") is part of the request hash,
so the same key on another kind of request is a different body (422). The work and the "done"
answer commit together; if the work fails, the claim is released so the same key can be sent
again. A claim left behind by a crashed process is taken over after STALE_AFTER.
"""
from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..errors import Problem
from . import messages  # noqa: F401 - registers the domain's messages
from .models import IdempotencyKey

STALE_AFTER = timedelta(minutes=2)
KEEP_DAYS = 30
MAX_KEY_LENGTH = 100

__all__ = [
    "STALE_AFTER", "KEEP_DAYS", "MAX_KEY_LENGTH", "Claim", "Replay", "Result",
    "parse_key", "request_hash", "claim", "complete", "release", "run", "purge",
]


@dataclass(frozen=True)
class Claim:
    row_id: int


@dataclass(frozen=True)
class Replay:
    status: int
    body: dict


@dataclass(frozen=True)
class Result:
    status: int
    body: dict
    replayed: bool


def parse_key(raw: str | None, *, uuid_only: bool = True) -> str:
    """The header's key; 400 if missing or invalid.

    uuid_only: a UUID, returned in canonical (lower-case) form. Otherwise any printable
    ASCII text of at most MAX_KEY_LENGTH characters, returned stripped.
    """
    key = (raw or "").strip()
    if not key:
        raise Problem(400, "idempotency-key-missing", "idempotency.missing")
    if uuid_only:
        try:
            return str(uuid.UUID(key))
        except ValueError:
            raise Problem(400, "idempotency-key-invalid", "idempotency.not_uuid") from None
    if len(key) > MAX_KEY_LENGTH or not key.isascii() or not key.isprintable():
        raise Problem(400, "idempotency-key-invalid", "idempotency.invalid", params={"max": MAX_KEY_LENGTH})
    return key


def request_hash(scope: str, body: dict) -> str:
    canonical = json.dumps({"scope": scope, "body": body}, sort_keys=True, separators=(",", ":"),
                           default=str, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _in_flight() -> Problem:
    return Problem(409, "idempotency-in-flight", "idempotency.in_flight", headers={"Retry-After": "1"})


def claim(session: Session, *, user_id: int, key: str, scope: str, body: dict, now: datetime) -> Claim | Replay:
    """Claim (user_id, key) by inserting it (committed; the unique constraint decides races), or the stored answer."""
    digest = request_hash(scope, body)
    for _ in range(3):
        # a plain read first: replays (the common repeat) then never take a write lock
        existing = _find(session, user_id, key)
        if existing is None:
            row = IdempotencyKey(user_id=user_id, key=key, scope=scope, request_hash=digest, state="in_flight",
                                 created_at=now, updated_at=now)
            try:
                session.add(row)
                session.commit()
                return Claim(row.id)
            except IntegrityError:  # a concurrent duplicate claimed it first
                session.rollback()
            existing = _find(session, user_id, key)
            if existing is None:  # released by a failed first attempt in the meantime: claim again
                continue
        if existing.request_hash != digest:
            raise Problem(422, "idempotency-key-reused", "idempotency.reused")
        if existing.state == "done":
            return Replay(existing.response_status or 200, existing.response_body or {})
        if existing.updated_at < now - STALE_AFTER:
            taken = session.execute(
                update(IdempotencyKey)
                .where(IdempotencyKey.id == existing.id, IdempotencyKey.state == "in_flight",
                       IdempotencyKey.updated_at == existing.updated_at)
                .values(updated_at=now).execution_options(synchronize_session=False)
            ).rowcount
            session.commit()
            if taken == 1:
                return Claim(existing.id)
        session.rollback()
        raise _in_flight()
    raise _in_flight()


def _find(session: Session, user_id: int, key: str) -> IdempotencyKey | None:
    return session.scalar(select(IdempotencyKey).where(IdempotencyKey.user_id == user_id, IdempotencyKey.key == key))


def complete(session: Session, claimed: Claim, status: int, body: dict, now: datetime) -> None:
    """Store the answer in the caller's transaction (it commits with the work)."""
    session.execute(
        update(IdempotencyKey).where(IdempotencyKey.id == claimed.row_id)
        .values(state="done", response_status=status, response_body=body, updated_at=now)
        .execution_options(synchronize_session=False)
    )


def release(session: Session, claimed: Claim) -> None:
    """Forget an in-flight claim whose work failed, so the key can be used again (commits)."""
    session.rollback()
    session.execute(delete(IdempotencyKey).where(IdempotencyKey.id == claimed.row_id,
                                                 IdempotencyKey.state == "in_flight")
                    .execution_options(synchronize_session=False))
    session.commit()


def run(session: Session, *, user_id: int, key: str, scope: str, body: dict, now: datetime,
        work: Callable[[], tuple[int, dict]], attempts: int = 3) -> Result:
    """Do work() exactly once per (user, key); the original status and body on a repeat.

    work() makes its changes without committing and returns (status, body); an IntegrityError
    from it (a lost race on a unique value) is retried in a fresh transaction, up to attempts.
    """
    outcome = claim(session, user_id=user_id, key=key, scope=scope, body=body, now=now)
    if isinstance(outcome, Replay):
        return Result(outcome.status, outcome.body, replayed=True)
    try:
        for attempt in range(attempts):
            try:
                status, response = work()
                complete(session, outcome, status, response, now)
                session.commit()
                return Result(status, response, replayed=False)
            except IntegrityError:
                session.rollback()
                if attempt == attempts - 1:
                    raise
        raise RuntimeError("attempts must be at least 1")
    except BaseException:
        release(session, outcome)
        raise


def purge(session: Session, *, now: datetime, keep_days: int = KEEP_DAYS) -> int:
    """Delete keys older than keep_days (never fewer than 30), except fresh claims; returns how many (no commit)."""
    cutoff = now - timedelta(days=max(keep_days, KEEP_DAYS))
    result = session.execute(
        delete(IdempotencyKey).where(IdempotencyKey.created_at < cutoff,
                                     or_(IdempotencyKey.state == "done", IdempotencyKey.updated_at < now - STALE_AFTER))
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0
