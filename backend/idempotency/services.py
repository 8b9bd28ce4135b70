"""Idempotency-Key for replayed POSTs: the first request with a key does the work, repeats get its answer.

Exactly once rests on three things, each enough to stop a second row on its own:
1. The holder's lock (liveness.py): held from before the claim to after the last commit and
   dropped by the database or the kernel when the holder dies. A duplicate that cannot take it
   gets 409 in flight; a claim is taken over only when its lock is free (the holder is provably
   gone) and the claim is older than the takeover time. A slow holder is never taken over.
2. The claim's fencing token: a new random token at every claim and takeover; complete() and
   release() change the key only WHERE token = mine AND state = in_flight, in the work's own
   transaction, so a holder that lost its claim commits nothing (ClaimLost).
3. A unique (user_id, idempotency_key) on every row an idempotent POST inserts: a second insert
   for a key fails, and the request answers with the first one's stored result.

The claim (state in_flight) commits before the work, so the unique (user_id, key) on the key
table decides between concurrent duplicates in any number of processes. A key is per user
across every kind of request; the scope is part of the request hash, so the same key on
another kind of request is a different body (422). If the work fails, the claim is released.
"""
from __future__ import annotations

import hashlib
import json
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..errors import Problem
from .liveness import HolderLock, try_lock
from .models import IdempotencyKey

TAKEOVER_AFTER = timedelta(seconds=60)  # default of IDEMPOTENCY_TAKEOVER_SECONDS
KEEP_DAYS = 30
MAX_KEY_LENGTH = 100

__all__ = [
    "KEEP_DAYS",
    "MAX_KEY_LENGTH",
    "TAKEOVER_AFTER",
    "Claim",
    "ClaimLost",
    "Replay",
    "Result",
    "claim",
    "complete",
    "owns",
    "parse_key",
    "purge",
    "release",
    "request_hash",
    "run",
    "settled",
    "takeover_after",
]


class ClaimLost(Exception):
    """The claim was taken over: this holder's work must not commit."""


@dataclass(frozen=True)
class Claim:
    row_id: int
    token: str


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
    ASCII text of at most MAX_KEY_LENGTH characters, returned stripped. Every HTTP route reads
    its key through http.request_key, which asks for a UUID: the one rule (docs/http.md).
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


def takeover_after(config) -> timedelta:
    """IDEMPOTENCY_TAKEOVER_SECONDS from an app's config (the least age of a claim taken over)."""
    return timedelta(seconds=float(config.get("IDEMPOTENCY_TAKEOVER_SECONDS", TAKEOVER_AFTER.total_seconds())))


def _in_flight() -> Problem:
    return Problem(409, "idempotency-in-flight", "idempotency.in_flight", headers={"Retry-After": "1"})


def _new_token() -> str:
    return secrets.token_hex(16)


def claim(session: Session, *, user_id: int, key: str, scope: str, body: dict, now: datetime,
          holder: HolderLock | None = None, takeover: timedelta = TAKEOVER_AFTER) -> Claim | Replay:
    """Claim (user_id, key) by inserting it (committed; the unique constraint decides races), or the stored answer.

    holder: the key's lock, held by the caller. Only then is an in-flight claim older than
    takeover taken over (its own holder cannot hold the lock, so it is gone); without it, 409.
    """
    digest = request_hash(scope, body)
    for _ in range(3):
        # a plain read first: replays (the common repeat) then never take a write lock
        existing = _find(session, user_id, key)
        if existing is None:
            row = IdempotencyKey(user_id=user_id, key=key, scope=scope, request_hash=digest, state="in_flight",
                                 token=_new_token(), created_at=now, updated_at=now)
            try:
                session.add(row)
                session.commit()
                return Claim(row.id, row.token)
            except IntegrityError:  # a concurrent duplicate claimed it first
                session.rollback()
            existing = _find(session, user_id, key)
            if existing is None:  # released by a failed first attempt in the meantime: claim again
                continue
        if existing.request_hash != digest:
            raise Problem(422, "idempotency-key-reused", "idempotency.reused")
        if existing.state == "done":
            return Replay(existing.response_status or 200, existing.response_body or {})
        if holder is None or existing.updated_at > now - takeover:
            session.rollback()
            raise _in_flight()
        token = _new_token()
        # fenced: the old token stops matching, so the old holder's complete() commits nothing
        taken = session.execute(
            update(IdempotencyKey)
            .where(IdempotencyKey.id == existing.id, IdempotencyKey.state == "in_flight",
                   IdempotencyKey.token == existing.token)
            .values(token=token, updated_at=now).execution_options(synchronize_session=False)
        ).rowcount
        session.commit()
        if taken == 1:
            return Claim(existing.id, token)
        # completed or released in the meantime: read it again
    session.rollback()
    raise _in_flight()


def _find(session: Session, user_id: int, key: str) -> IdempotencyKey | None:
    return session.scalar(select(IdempotencyKey).where(IdempotencyKey.user_id == user_id, IdempotencyKey.key == key)
                          .execution_options(populate_existing=True))


def complete(session: Session, claimed: Claim, status: int, body: dict, now: datetime) -> None:
    """Store the answer in the caller's transaction (it commits with the work); ClaimLost if no longer ours."""
    done = session.execute(
        update(IdempotencyKey)
        .where(IdempotencyKey.id == claimed.row_id, IdempotencyKey.token == claimed.token,
               IdempotencyKey.state == "in_flight")
        .values(state="done", response_status=status, response_body=body, updated_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if done != 1:
        raise ClaimLost()


def release(session: Session, claimed: Claim) -> None:
    """Forget an in-flight claim whose work failed, so the key can be used again (commits); only our own."""
    session.rollback()
    session.execute(delete(IdempotencyKey).where(IdempotencyKey.id == claimed.row_id,
                                                 IdempotencyKey.token == claimed.token,
                                                 IdempotencyKey.state == "in_flight")
                    .execution_options(synchronize_session=False))
    session.commit()


def owns(session: Session, claimed: Claim) -> bool:
    """Whether the claim is still ours and in flight (read in the session's current transaction)."""
    return session.scalar(select(IdempotencyKey.id).where(
        IdempotencyKey.id == claimed.row_id, IdempotencyKey.token == claimed.token,
        IdempotencyKey.state == "in_flight")) is not None


def settled(session: Session, *, user_id: int, key: str, digest: str) -> Result:
    """What a request whose key someone else holds or finished gets: the stored answer, or 409 in flight."""
    session.rollback()
    existing = _find(session, user_id, key)
    if existing is not None and existing.request_hash != digest:
        raise Problem(422, "idempotency-key-reused", "idempotency.reused")
    if existing is not None and existing.state == "done":
        return Result(existing.response_status or 200, existing.response_body or {}, replayed=True)
    session.rollback()
    raise _in_flight()


def run(session: Session, *, user_id: int, key: str, scope: str, body: dict, now: datetime,
        work: Callable[[], tuple[int, dict]], attempts: int = 3, takeover: timedelta = TAKEOVER_AFTER) -> Result:
    """Do work() exactly once per (user, key); the original status and body on a repeat.

    work() makes its changes without committing and returns (status, body); an IntegrityError
    from it (a lost race on a unique value) is retried in a fresh transaction, up to attempts,
    while the claim is still ours. A holder that lost its claim answers what the winner stored.
    """
    digest = request_hash(scope, body)
    existing = _find(session, user_id, key)  # a plain read first: a replay takes no lock at all
    if existing is not None and existing.request_hash != digest:
        raise Problem(422, "idempotency-key-reused", "idempotency.reused")
    if existing is not None and existing.state == "done":
        return Result(existing.response_status or 200, existing.response_body or {}, replayed=True)
    holder = try_lock(session, user_id, key)
    if holder is None:  # its holder is alive, here or in another process, however slow it is
        return settled(session, user_id=user_id, key=key, digest=digest)
    try:
        outcome = claim(session, user_id=user_id, key=key, scope=scope, body=body, now=now, holder=holder,
                        takeover=takeover)
        if isinstance(outcome, Replay):
            return Result(outcome.status, outcome.body, replayed=True)
        return _work(session, outcome, work, attempts, now, user_id=user_id, key=key, digest=digest)
    finally:
        holder.release()


def _work(session: Session, claimed: Claim, work: Callable[[], tuple[int, dict]], attempts: int, now: datetime,
          *, user_id: int, key: str, digest: str) -> Result:
    try:
        for attempt in range(attempts):
            try:
                status, response = work()
                complete(session, claimed, status, response, now)
                session.commit()
                return Result(status, response, replayed=False)
            except IntegrityError:
                session.rollback()
                if not owns(session, claimed):
                    raise ClaimLost() from None
                if attempt == attempts - 1:
                    raise
        raise RuntimeError("attempts must be at least 1")
    except ClaimLost:
        # taken over (our lock was lost, e.g. its connection dropped): the work is rolled back
        return settled(session, user_id=user_id, key=key, digest=digest)
    except BaseException:
        release(session, claimed)
        raise


def purge(session: Session, *, now: datetime, keep_days: int = KEEP_DAYS, takeover: timedelta = TAKEOVER_AFTER) -> int:
    """Delete keys older than keep_days (never fewer than 30), except claims that are still young; returns how many (no commit)."""
    cutoff = now - timedelta(days=max(keep_days, KEEP_DAYS))
    result = session.execute(
        delete(IdempotencyKey).where(IdempotencyKey.created_at < cutoff,
                                     or_(IdempotencyKey.state == "done", IdempotencyKey.updated_at < now - takeover))
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0
