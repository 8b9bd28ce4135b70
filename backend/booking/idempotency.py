"""Idempotency-Key handling for offline-outbox requests (bookings, surveys).

A repeat with the same key and body returns the stored answer; the same key with a
different body is 422; a repeat while the first is still running is 409. The claim is
committed before the work starts, and a unique (user, scope, key) makes that hold
across server processes. A claim left by a crashed request is taken over after a while.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..errors import Problem
from . import messages  # noqa: F401 - registers the domain's messages
from .models import RequestKey

STALE_AFTER = timedelta(minutes=2)
MAX_KEY_LENGTH = 100


@dataclass
class Replay:
    status: int
    body: dict


def request_hash(body: dict) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), default=str, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _check_key(key: str | None) -> str:
    key = (key or "").strip()
    if not key:
        raise Problem(400, "idempotency-key-missing", "idempotency.missing")
    if len(key) > MAX_KEY_LENGTH or not key.isascii() or not key.isprintable():
        raise Problem(400, "idempotency-key-invalid", "idempotency.invalid")
    return key


def begin(session: Session, *, user_id: int, scope: str, key: str | None, body: dict, now: datetime) -> Replay | None:
    """Claim key for this request (committed), or return the stored answer of an earlier one."""
    key = _check_key(key)
    digest = request_hash(body)
    for _ in range(3):
        try:
            session.add(RequestKey(user_id=user_id, scope=scope, key=key, request_hash=digest,
                                   state="pending", created_at=now, updated_at=now))
            session.commit()
            return None
        except IntegrityError:
            session.rollback()
        row = session.scalar(select(RequestKey).where(
            RequestKey.user_id == user_id, RequestKey.scope == scope, RequestKey.key == key))
        if row is None:  # released by a failed first attempt in the meantime: claim again
            continue
        if row.request_hash != digest:
            raise Problem(422, "idempotency-key-reused", "idempotency.reused")
        if row.state == "done":
            return Replay(row.response_status or 200, row.response_body or {})
        if row.updated_at < now - STALE_AFTER:
            taken = session.execute(
                update(RequestKey).where(RequestKey.id == row.id, RequestKey.updated_at == row.updated_at,
                                         RequestKey.state == "pending")
                .values(updated_at=now).execution_options(synchronize_session=False)
            ).rowcount
            session.commit()
            if taken == 1:
                return None
        raise Problem(409, "idempotency-in-flight", "idempotency.in_flight")
    raise Problem(409, "idempotency-in-flight", "idempotency.in_flight")


def finish(session: Session, *, user_id: int, scope: str, key: str, status: int, body: dict) -> None:
    """Store the answer in the caller's transaction (commits together with the work)."""
    session.execute(
        update(RequestKey)
        .where(RequestKey.user_id == user_id, RequestKey.scope == scope, RequestKey.key == key.strip())
        .values(state="done", response_status=status, response_body=body)
        .execution_options(synchronize_session=False)
    )


def release(session: Session, *, user_id: int, scope: str, key: str) -> None:
    """Forget a claim whose request failed, so a retry is judged afresh (commits)."""
    session.rollback()
    session.execute(
        delete(RequestKey)
        .where(RequestKey.user_id == user_id, RequestKey.scope == scope, RequestKey.key == key.strip(),
               RequestKey.state == "pending")
        .execution_options(synchronize_session=False)
    )
    session.commit()


def purge(session: Session, *, older_than: datetime) -> int:
    """Delete keys older than older_than (keys live at least 30 days)."""
    result = session.execute(delete(RequestKey).where(RequestKey.created_at < older_than)
                             .execution_options(synchronize_session=False))
    return result.rowcount or 0
