"""OAuth 2.0 clients, tokens, authorization codes, consents and used client-assertion ids.

Secrets, codes and tokens are stored only as SHA-256 digests: a copy of the database gives no
working credential. Ids are never reused (see extensions._never_reuse_ids).
"""
from __future__ import annotations

import hashlib
import hmac
from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import utcnow
from ..types import UTCDateTime

KINDS = ("eservice", "agency_system")
AUTH_METHODS = ("private_key_jwt", "client_secret_basic")


def digest(raw: str) -> str:
    """High-entropy random values (secrets, codes, tokens) need no slow hash: SHA-256 is enough."""
    return hashlib.sha256(raw.encode()).hexdigest()


class OAuthClient(db.Model):
    """A registered client: an agency's e-service (OIDC) or an agency back-office system."""

    __tablename__ = "oauth_client"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    client_secret_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    jwks: Mapped[dict | None] = mapped_column(JSON, nullable=True)  # public keys, for private_key_jwt
    jwks_uri: Mapped[str | None] = mapped_column(String(500), nullable=True)
    name: Mapped[str] = mapped_column(String(120))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"), nullable=True, index=True)
    region_code: Mapped[str | None] = mapped_column(String(10), nullable=True)
    kind: Mapped[str] = mapped_column(String(20), default="eservice")
    redirect_uris: Mapped[list] = mapped_column(JSON, default=list)
    post_logout_redirect_uris: Mapped[list] = mapped_column(JSON, default=list)
    scopes: Mapped[list] = mapped_column(JSON, default=list)  # what it may ask for
    # what the resident cannot untick on the consent screen (the e-service cannot work without it)
    required_scopes: Mapped[list] = mapped_column(JSON, default=list)
    grant_types: Mapped[list] = mapped_column(JSON, default=list)
    token_endpoint_auth_method: Mapped[str] = mapped_column(String(30), default="private_key_jwt")
    require_pushed_authorization_requests: Mapped[bool] = mapped_column(Boolean, default=False)
    # ES256 unless the e-service registered RS256 (OIDC Discovery 3 makes every provider offer RS256)
    id_token_signed_response_alg: Mapped[str] = mapped_column(String(10), default="ES256")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    # -- Authlib ClientMixin --
    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str | None:
        # an authorization request must always name its redirect URI (exact match)
        return None

    def get_allowed_scope(self, scope: str | None) -> str:
        if not scope:
            return ""
        allowed = set(self.scopes or [])
        return " ".join(s for s in scope.split() if s in allowed)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in (self.redirect_uris or [])

    def check_client_secret(self, client_secret: str) -> bool:
        if not self.client_secret_hash or not client_secret:
            return False
        return hmac.compare_digest(self.client_secret_hash, digest(client_secret))

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        if self.revoked_at is not None:
            return False
        return method == self.token_endpoint_auth_method

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code" and "authorization_code" in (self.grant_types or [])

    def check_grant_type(self, grant_type: str) -> bool:
        return self.revoked_at is None and grant_type in (self.grant_types or [])

    @property
    def client_metadata(self) -> dict:
        return {}



class OAuthAuthorizationCode(db.Model):
    """An authorization code: single use, short-lived; kept after use so that a replay is seen."""

    __tablename__ = "oauth_authorization_code"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    client_pk: Mapped[int] = mapped_column(ForeignKey("oauth_client.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    redirect_uri: Mapped[str] = mapped_column(String(500))
    scope: Mapped[str] = mapped_column(String(500))
    nonce: Mapped[str | None] = mapped_column(String(200), nullable=True)
    code_challenge: Mapped[str] = mapped_column(String(128))
    code_challenge_method: Mapped[str] = mapped_column(String(10))
    auth_time: Mapped[int] = mapped_column(Integer)
    amr: Mapped[list | None] = mapped_column(JSON, nullable=True)
    session_family_id: Mapped[str | None] = mapped_column(String(32), nullable=True)  # the app session
    document_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # picked on the consent screen
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    # -- Authlib AuthorizationCodeMixin --
    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str | None:
        return self.nonce

    def get_auth_time(self) -> int:
        return self.auth_time

    def get_acr(self) -> None:
        return None

    def get_amr(self) -> list | None:
        return self.amr


class OAuthToken(db.Model):
    """An access token, with its refresh token if any; `user_id` is null for client credentials."""

    __tablename__ = "oauth_token"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_pk: Mapped[int] = mapped_column(ForeignKey("oauth_client.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), nullable=True, index=True)
    access_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    refresh_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    scope: Mapped[str] = mapped_column(String(500), default="")
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    refresh_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # the code it came from: a replayed code revokes every token of its line
    authorization_code_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    session_family_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    document_id: Mapped[int | None] = mapped_column(Integer, nullable=True)

    # -- Authlib TokenMixin --
    def check_client(self, client) -> bool:
        return client.id == self.client_pk

    def get_scope(self) -> str:
        return self.scope

    def get_expires_in(self) -> int:
        return max(0, int((self.expires_at - self.issued_at).total_seconds()))

    def is_expired(self) -> bool:
        return self.expires_at <= utcnow()

    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def get_user(self):
        from ..accounts.models import User

        return db.session.get(User, self.user_id) if self.user_id is not None else None

    def get_client(self) -> OAuthClient:
        return db.session.get(OAuthClient, self.client_pk)


class OAuthConsent(db.Model):
    """What a resident allowed one client to receive: one row per client and resident."""

    __tablename__ = "oauth_consent"
    __table_args__ = (UniqueConstraint("client_pk", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_pk: Mapped[int] = mapped_column(ForeignKey("oauth_client.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    scopes: Mapped[list] = mapped_column(JSON, default=list)  # sorted
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    released_claims: Mapped[list | None] = mapped_column(JSON, nullable=True)  # the last release
    last_released_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class OAuthAssertionJti(db.Model):
    """A client assertion's `jti`, kept until the assertion expires: a replay is refused."""

    __tablename__ = "oauth_assertion_jti"
    __table_args__ = (UniqueConstraint("client_id", "jti"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[str] = mapped_column(String(64))
    jti: Mapped[str] = mapped_column(String(200))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
