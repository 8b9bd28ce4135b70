"""Grants every client kind shares: refresh tokens, rotated at each use with reuse detection."""
from __future__ import annotations

from authlib.oauth2.rfc6749 import InvalidGrantError, grants
from sqlalchemy import select, update

from ..extensions import db
from ..timeutil import utcnow
from .models import OAuthToken, digest
from .server import CLIENT_AUTH_METHODS


def revoke_line(authorization_code_id: int | None, token_id: int) -> None:
    """Revoke every token descended from one authorization code (or the one token, if none)."""
    now = utcnow()
    where = (OAuthToken.authorization_code_id == authorization_code_id) if authorization_code_id else (OAuthToken.id == token_id)
    db.session.execute(update(OAuthToken).where(where, OAuthToken.revoked_at.is_(None)).values(revoked_at=now)
                       .execution_options(synchronize_session=False))


class RefreshTokenGrant(grants.RefreshTokenGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = CLIENT_AUTH_METHODS
    INCLUDE_NEW_REFRESH_TOKEN = True

    def authenticate_refresh_token(self, refresh_token):
        if not isinstance(refresh_token, str) or len(refresh_token) > 200:
            return None
        token = db.session.scalar(select(OAuthToken).where(OAuthToken.refresh_token_hash == digest(refresh_token)))
        if token is None:
            return None
        if token.revoked_at is not None:
            # A rotated (or withdrawn) refresh token came back: whoever holds the newer one is
            # suspect too, so the whole line goes (RFC 9700 4.14.2). Committed even though the
            # request fails.
            revoke_line(token.authorization_code_id, token.id)
            db.session.commit()
            return None
        if token.refresh_expires_at is None or token.refresh_expires_at <= utcnow():
            return None
        return token

    def authenticate_user(self, refresh_token: OAuthToken):
        return refresh_token.get_user()

    def revoke_old_credential(self, refresh_token: OAuthToken) -> None:
        claimed = db.session.execute(
            update(OAuthToken).where(OAuthToken.id == refresh_token.id, OAuthToken.revoked_at.is_(None))
            .values(revoked_at=utcnow()).execution_options(synchronize_session=False)
        ).rowcount
        if not claimed:  # a concurrent request rotated it first
            raise InvalidGrantError()
