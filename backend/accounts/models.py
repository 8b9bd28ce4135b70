"""Users and their roles, passkeys, sessions (refresh-token families) and WebAuthn challenges.

The profile on User is what every form is prefilled from.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import utcnow
from ..types import UTCDateTime

ROLES = ("resident", "officer", "admin")


class User(db.Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    role: Mapped[str] = mapped_column(String(10), default="resident")
    nik: Mapped[str | None] = mapped_column(String(16), unique=True, nullable=True)
    full_name: Mapped[str] = mapped_column(String(100))
    birth_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    birth_place: Mapped[str | None] = mapped_column(String(100), nullable=True)
    gender: Mapped[str | None] = mapped_column(String(1), nullable=True)  # L | P
    phone: Mapped[str | None] = mapped_column(String(20), nullable=True)
    email: Mapped[str | None] = mapped_column(String(254), unique=True, nullable=True)  # lower-cased
    # set when the resident follows the link mailed to `email`; recovery mail goes only to a confirmed address
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    address: Mapped[str | None] = mapped_column(String(300), nullable=True)
    kk_number: Mapped[str | None] = mapped_column(String(16), nullable=True)
    language: Mapped[str] = mapped_column(String(2), default="id")
    password_hash: Mapped[str | None] = mapped_column(String(200), nullable=True)
    # officers act for one agency in one region
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"), nullable=True, index=True)
    region_code: Mapped[str | None] = mapped_column(ForeignKey("region.code"), nullable=True, index=True)
    # opaque WebAuthn user handle (never the id or NIK), made at the first passkey
    webauthn_handle: Mapped[str | None] = mapped_column(String(100), unique=True, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    @property
    def masked_nik(self) -> str | None:
        return mask_nik(self.nik)


def mask_nik(nik: str | None) -> str | None:
    """All but the last 4 digits hidden: for lists and logs."""
    if not nik:
        return nik
    return "*" * (len(nik) - 4) + nik[-4:]


class Passkey(db.Model):
    """A WebAuthn credential (discoverable, user-verifying)."""

    __tablename__ = "passkey"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    credential_id: Mapped[str] = mapped_column(String(1400), unique=True)  # base64url
    public_key: Mapped[bytes] = mapped_column(LargeBinary)  # COSE
    sign_count: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(60))
    aaguid: Mapped[str | None] = mapped_column(String(36), nullable=True)
    transports: Mapped[list | None] = mapped_column(JSON, nullable=True)
    backed_up: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class AuthSession(db.Model):
    """One sign-in: a refresh-token family, and what every access token's `sid` claim names.

    Each request checks its row (live, and the token's own user's), so logout, revoking a
    session, reuse detection or deleting the account stop its access tokens at once.
    """

    __tablename__ = "auth_session"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # in URLs (/api/me/sessions/<id>)
    family_id: Mapped[str] = mapped_column(String(32), unique=True)  # random; the token's `sid`
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_refreshed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())  # moves with each rotation
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class RefreshToken(db.Model):
    """One refresh token of a session family; only its sha256 is stored."""

    __tablename__ = "refresh_token"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    family_id: Mapped[str] = mapped_column(ForeignKey("auth_session.family_id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    rotated_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class WebAuthnChallenge(db.Model):
    """A server-side WebAuthn challenge: single use, short-lived."""

    __tablename__ = "webauthn_challenge"

    id: Mapped[str] = mapped_column(String(43), primary_key=True)  # the challenge_id handed out
    purpose: Mapped[str] = mapped_column(String(10))  # register | login
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), nullable=True, index=True
    )
    challenge: Mapped[str] = mapped_column(String(100))  # base64url
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
