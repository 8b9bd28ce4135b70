"""Refresh-token families: opaque tokens stored hashed, rotated on every use.

Reusing a token that was already rotated revokes the whole family, except within a short
grace window: a client whose refresh response was lost (flaky network) retries with the
old token and gets a fresh pair of the same family.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from .models import RefreshToken, User

log = logging.getLogger(__name__)


class InvalidRefreshToken(Exception):
    """Unknown, expired or revoked refresh token."""


class RefreshTokenReused(Exception):
    """A rotated token came back after the grace window; its family is now revoked."""


@dataclass
class IssuedSession:
    user: User
    refresh_token: str
    family_id: str


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def csrf_token_for(secret_key: str, family_id: str) -> str:
    """The CSRF value of a session: bound to its family, stable across rotations.

    Stability lets the page and the service worker share one value without racing; the
    binding means a cookie planted by a sibling site cannot match a victim's session.
    """
    mac = hmac.new(secret_key.encode(), f"csrf:{family_id}".encode(), hashlib.sha256)
    return mac.hexdigest()


def _new_token(session: Session, user_id: int, family_id: str, now: datetime, days: int) -> str:
    raw = secrets.token_urlsafe(32)
    session.add(
        RefreshToken(
            user_id=user_id,
            family_id=family_id,
            token_hash=_digest(raw),
            created_at=now,
            expires_at=now + timedelta(days=days),
        )
    )
    return raw


def start_session(session: Session, user: User, *, now: datetime, days: int) -> IssuedSession:
    """A new family for a fresh sign-in; the user's expired tokens are pruned on the way."""
    session.execute(delete(RefreshToken).where(RefreshToken.user_id == user.id, RefreshToken.expires_at < now))
    family_id = secrets.token_hex(16)
    raw = _new_token(session, user.id, family_id, now, days)
    return IssuedSession(user=user, refresh_token=raw, family_id=family_id)


def find_family(session: Session, raw_token: str | None) -> str | None:
    if not raw_token:
        return None
    return session.scalar(select(RefreshToken.family_id).where(RefreshToken.token_hash == _digest(raw_token)))


def rotate(session: Session, raw_token: str, *, now: datetime, days: int, grace_seconds: int) -> IssuedSession:
    """Exchange a refresh token for a new one of the same family."""
    row = session.scalar(select(RefreshToken).where(RefreshToken.token_hash == _digest(raw_token)))
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        raise InvalidRefreshToken()
    user = session.get(User, row.user_id)
    if user is None:
        raise InvalidRefreshToken()
    # Claim the rotation atomically: of two concurrent refreshes only one sees rowcount 1.
    claimed = session.execute(
        update(RefreshToken)
        .where(RefreshToken.id == row.id, RefreshToken.rotated_at.is_(None))
        .values(rotated_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not claimed:
        session.refresh(row)
        if row.rotated_at is None or now - row.rotated_at > timedelta(seconds=grace_seconds):
            revoke_family(session, row.family_id, now=now)
            log.warning("refresh token reuse detected; session family %s revoked (user id %s)", row.family_id[:8], row.user_id)
            raise RefreshTokenReused()
    raw = _new_token(session, user.id, row.family_id, now, days)
    return IssuedSession(user=user, refresh_token=raw, family_id=row.family_id)


def revoke_family(session: Session, family_id: str, *, now: datetime) -> None:
    session.execute(
        update(RefreshToken)
        .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now)
        .execution_options(synchronize_session=False)
    )


def revoke_all(session: Session, user_id: int, *, now: datetime) -> None:
    session.execute(
        update(RefreshToken)
        .where(RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now)
        .execution_options(synchronize_session=False)
    )


def active_sessions(session: Session, user_id: int, *, now: datetime) -> list[dict]:
    """Metadata of the user's live session families (for the export)."""
    rows = session.scalars(
        select(RefreshToken)
        .where(RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None), RefreshToken.expires_at > now)
        .order_by(RefreshToken.created_at)
    )
    families: dict[str, dict] = {}
    for row in rows:
        entry = families.setdefault(row.family_id, {"started_at": row.created_at, "last_refreshed_at": row.created_at})
        entry["last_refreshed_at"] = max(entry["last_refreshed_at"], row.created_at)
    return list(families.values())
