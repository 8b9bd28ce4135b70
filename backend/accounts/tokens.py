"""Issuing and taking one-time account tokens (see tokens_models.AccountToken).

A token is random, bound to one account and one purpose, stored only as an HMAC keyed
with the server's secret (a stolen database does not give working links or codes), used
at most once (an atomic claim: two concurrent uses cannot both succeed), and short-lived.
Issuing a new token of a purpose voids the account's earlier ones of that purpose.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, literal, select, update
from sqlalchemy.orm import Session

from ..types import UTCDateTime
from .tokens_models import AccountToken

# Counter codes are read aloud and typed: no 0/O, 1/I/L, 2/Z, 5/S, 8/B.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 10  # 25^10 ≈ 2^46; with MAX_CODE_ATTEMPTS wrong tries a code is void
MAX_CODE_ATTEMPTS = 5


def digest(secret: str, purpose: str, raw: str) -> str:
    return hmac.new(secret.encode(), f"{purpose}:{raw}".encode(), hashlib.sha256).hexdigest()


def normalise_code(raw: str) -> str:
    """What a resident types: any case, spaces or dashes between the groups."""
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


def void(session: Session, user_id: int, purpose: str, *, now: datetime) -> None:
    """Use up every live token of this purpose (a newer one replaces them, or the password changed)."""
    session.execute(
        update(AccountToken)
        .where(AccountToken.user_id == user_id, AccountToken.purpose == purpose, AccountToken.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )


def issue(
    session: Session, user_id: int, purpose: str, *, secret: str, now: datetime, ttl: timedelta,
    email: str | None = None, issued_by_id: int | None = None, raw: str | None = None,
) -> str:
    """A fresh token for the account; returns the raw value (shown or mailed once, never stored)."""
    void(session, user_id, purpose, now=now)
    raw = raw or secrets.token_urlsafe(32)
    session.add(AccountToken(
        user_id=user_id, purpose=purpose, token_hash=digest(secret, purpose, raw), email=email,
        issued_by_id=issued_by_id, created_at=now, expires_at=now + ttl,
    ))
    return raw


def take(session: Session, raw: str, purpose: str, *, secret: str, now: datetime) -> AccountToken | None:
    """The live token with this value, claimed for good; None if unknown, used, expired or another purpose."""
    if not raw or len(raw) > 200:
        return None
    row = session.scalar(
        select(AccountToken).where(AccountToken.token_hash == digest(secret, purpose, raw), AccountToken.purpose == purpose)
    )
    if row is None or row.used_at is not None or row.expires_at <= now:
        return None
    claimed = session.execute(
        update(AccountToken)
        .where(AccountToken.id == row.id, AccountToken.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not claimed:  # a concurrent request took it first
        return None
    session.refresh(row)
    return row


def take_code(session: Session, user_id: int | None, raw: str, *, secret: str, now: datetime) -> AccountToken | None:
    """The account's live counter code if `raw` matches it; a wrong code counts against it."""
    code = normalise_code(raw)
    row = None
    if user_id is not None:
        row = session.scalar(
            select(AccountToken)
            .where(AccountToken.user_id == user_id, AccountToken.purpose == "counter_code",
                   AccountToken.used_at.is_(None), AccountToken.expires_at > now)
            .order_by(AccountToken.id.desc())
        )
    expected = row.token_hash if row is not None else digest(secret, "counter_code", "no-code-for-timing")
    matches = hmac.compare_digest(digest(secret, "counter_code", code), expected)
    if row is None:
        return None
    if not matches:
        session.execute(
            update(AccountToken)
            .where(AccountToken.id == row.id)
            .values(
                attempts=AccountToken.attempts + 1,
                # the last allowed wrong try voids the code (in SQL, so concurrent tries count too)
                used_at=case((AccountToken.attempts + 1 >= MAX_CODE_ATTEMPTS, literal(now, UTCDateTime())), else_=AccountToken.used_at),
            )
            .execution_options(synchronize_session=False)
        )
        return None
    return take(session, code, "counter_code", secret=secret, now=now)


def pending_email(session: Session, user_id: int, *, now: datetime) -> str | None:
    """The address waiting for its confirmation link, if any."""
    return session.scalar(
        select(AccountToken.email)
        .where(AccountToken.user_id == user_id, AccountToken.purpose == "confirm_email",
               AccountToken.used_at.is_(None), AccountToken.expires_at > now)
        .order_by(AccountToken.id.desc())
        .limit(1)
    )


@dataclass(frozen=True)
class TokenSettings:
    """What the token flows need from the configuration (services never read current_app)."""

    secret: str
    link_base: str  # links in e-mails start here: the app's own origin, never the request's Host
    link_minutes: int = 30
    code_minutes: int = 15
    confirm_hours: int = 24

    @classmethod
    def from_config(cls, config) -> TokenSettings:
        base = config.get("PUBLIC_URL") or (config.get("WEBAUTHN_ORIGINS") or ["http://localhost:8000"])[0]
        return cls(
            secret=config["SECRET_KEY"], link_base=base.rstrip("/"),
            link_minutes=int(config.get("RECOVERY_LINK_MINUTES", 30)),
            code_minutes=int(config.get("RECOVERY_CODE_MINUTES", 15)),
            confirm_hours=int(config.get("EMAIL_CONFIRM_HOURS", 24)),
        )
