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

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.orm import Session

from ..errors import Problem
from .models import AuthSession, RefreshToken, User

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
    """A new family for a fresh sign-in; the user's expired sessions are pruned on the way."""
    session.execute(delete(RefreshToken).where(RefreshToken.user_id == user.id, RefreshToken.expires_at < now))
    session.execute(delete(AuthSession).where(AuthSession.user_id == user.id, AuthSession.expires_at < now))
    family_id = secrets.token_hex(16)
    session.add(AuthSession(family_id=family_id, user_id=user.id, created_at=now, last_refreshed_at=now,
                            expires_at=now + timedelta(days=days)))
    session.flush()  # the family row before its first token (foreign key)
    raw = _new_token(session, user.id, family_id, now, days)
    return IssuedSession(user=user, refresh_token=raw, family_id=family_id)


# Built once: every authenticated request runs it, and building a select costs more than
# SQLite takes to answer it (bench/auth.py).
_LIVE_SESSION_USER = (
    select(User)
    .join(AuthSession, AuthSession.user_id == User.id)
    .where(
        AuthSession.family_id == bindparam("family_id"),
        User.id == bindparam("user_id"),
        AuthSession.revoked_at.is_(None),
        AuthSession.expires_at > bindparam("now"),
    )
)


def user_of_live_session(session: Session, user_id: object, family_id: object, *, now: datetime) -> User | None:
    """The user named by an access token, if its session is live and is that user's.

    One query on two unique keys (the family and the user's primary key) that also loads the
    user: the price of every authenticated request (bench/auth.py measures it).
    """
    if not isinstance(family_id, str) or not isinstance(user_id, str) or not user_id.isdigit() or len(user_id) > 10:
        return None
    return session.scalar(_LIVE_SESSION_USER, {"family_id": family_id, "user_id": int(user_id), "now": now})


def find_family(session: Session, raw_token: str | None) -> str | None:
    if not raw_token:
        return None
    return session.scalar(select(RefreshToken.family_id).where(RefreshToken.token_hash == _digest(raw_token)))


def rotate(session: Session, raw_token: str, *, now: datetime, days: int, grace_seconds: int) -> IssuedSession:
    """Exchange a refresh token for a new one of the same family."""
    row = session.scalar(select(RefreshToken).where(RefreshToken.token_hash == _digest(raw_token)))
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        raise InvalidRefreshToken()
    family = session.scalar(select(AuthSession).where(AuthSession.family_id == row.family_id))
    if family is None or family.revoked_at is not None or family.user_id != row.user_id:
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
    family.last_refreshed_at = now
    family.expires_at = now + timedelta(days=days)
    raw = _new_token(session, user.id, row.family_id, now, days)
    return IssuedSession(user=user, refresh_token=raw, family_id=row.family_id)


def _revoke(session: Session, *conditions, now: datetime) -> int:
    """Revoke the matching sessions and their refresh tokens; returns how many sessions."""
    families = select(AuthSession.family_id).where(*conditions, AuthSession.revoked_at.is_(None))
    session.execute(
        update(RefreshToken)
        .where(RefreshToken.family_id.in_(families), RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now)
        .execution_options(synchronize_session=False)
    )
    return session.execute(
        update(AuthSession)
        .where(*conditions, AuthSession.revoked_at.is_(None))
        .values(revoked_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount


def revoke_family(session: Session, family_id: str, *, now: datetime) -> None:
    """Sign one session out (logout, reuse detection): its access tokens stop at once."""
    _revoke(session, AuthSession.family_id == family_id, now=now)


def revoke_session(session: Session, user_id: int, session_id: int, *, now: datetime) -> None:
    """Sign out one of the user's own sessions by its id; anyone else's is 404."""
    found = session.scalar(select(AuthSession.id).where(AuthSession.id == session_id, AuthSession.user_id == user_id,
                                                        AuthSession.revoked_at.is_(None), AuthSession.expires_at > now))
    if found is None:
        raise Problem(404, "not-found", "error.not_found")
    _revoke(session, AuthSession.id == session_id, now=now)


def revoke_other_sessions(session: Session, user_id: int, keep_family_id: str | None, *, now: datetime) -> int:
    """Sign out everywhere but the given session (after a password change); returns how many."""
    return _revoke(session, AuthSession.user_id == user_id, AuthSession.family_id != (keep_family_id or ""), now=now)


def revoke_all_sessions(session: Session, user_id: int, *, now: datetime) -> int:
    """Sign out everywhere (account deletion, recovery); returns how many sessions."""
    return _revoke(session, AuthSession.user_id == user_id, now=now)


def list_sessions(session: Session, user_id: int, *, now: datetime, current_family_id: str | None = None) -> list[dict]:
    """The user's live sessions, oldest first; `current` marks the caller's own."""
    rows = session.scalars(
        select(AuthSession)
        .where(AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None), AuthSession.expires_at > now)
        .order_by(AuthSession.created_at, AuthSession.id)
    )
    return [
        {"id": row.id, "started_at": row.created_at, "last_refreshed_at": row.last_refreshed_at,
         "expires_at": row.expires_at, "current": row.family_id == current_family_id}
        for row in rows
    ]


def active_sessions(session: Session, user_id: int, *, now: datetime) -> list[dict]:
    """Metadata of the user's live sessions (for the export)."""
    return [
        {"started_at": s["started_at"], "last_refreshed_at": s["last_refreshed_at"]}
        for s in list_sessions(session, user_id, now=now)
    ]
