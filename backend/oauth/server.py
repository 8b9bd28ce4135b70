"""The one Authlib AuthorizationServer of the app, its client authentication and its resource protector.

Other domains add grants with `server.register_grant(...)` (the OIDC code flow in backend/oidc,
client credentials in backend/integrations) and protect views with `@require_oauth("scope")`.
"""
from __future__ import annotations

import logging
import time
from datetime import timedelta

import requests
from authlib.integrations.flask_oauth2 import AuthorizationServer, ResourceProtector
from authlib.oauth2.rfc6749 import OAuth2Request
from authlib.oauth2.rfc6750 import BearerTokenValidator
from authlib.oauth2.rfc7009 import RevocationEndpoint
from authlib.oauth2.rfc7523 import JWTBearerClientAssertion
from flask import current_app
from joserfc.jwk import KeySet
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..timeutil import utcnow
from .models import OAuthAssertionJti, OAuthClient, OAuthToken, digest

log = logging.getLogger(__name__)

CLIENT_AUTH_METHODS = ["private_key_jwt", "client_secret_basic"]
ACCESS_TOKEN_SECONDS = 600
REFRESH_TOKEN_DAYS = 30
JWKS_URI_CACHE_SECONDS = 300


def issuer() -> str:
    """The provider's issuer identifier: OIDC_ISSUER, else PUBLIC_URL, else the first allowed origin.

    Never the request's Host header: a forged Host must not change what tokens say.
    """
    config = current_app.config
    value = config.get("OIDC_ISSUER") or config.get("PUBLIC_URL") or config["WEBAUTHN_ORIGINS"][0]
    return value.rstrip("/")


class MPPAuthorizationServer(AuthorizationServer):
    def __init__(self) -> None:
        super().__init__(query_client=_query_client, save_token=_save_token)

    def load_config(self, config) -> None:
        merged = {
            "OAUTH2_REFRESH_TOKEN_GENERATOR": True,
            "OAUTH2_TOKEN_EXPIRES_IN": {
                "authorization_code": ACCESS_TOKEN_SECONDS,
                "refresh_token": ACCESS_TOKEN_SECONDS,
                "client_credentials": ACCESS_TOKEN_SECONDS,
            },
            **{k: v for k, v in config.items() if k.startswith("OAUTH2_")},
        }
        super().load_config(merged)

    def create_oauth2_request(self, request):
        # A stored authorization request (PAR, or one waiting for consent) is replayed as is.
        if isinstance(request, OAuth2Request):
            return request
        return super().create_oauth2_request(request)

    def handle_response(self, status_code, payload, headers):
        response = super().handle_response(status_code, payload, headers)
        response.headers.setdefault("Cache-Control", "no-store")
        return response


def _query_client(client_id) -> OAuthClient | None:
    if not isinstance(client_id, str) or not client_id or len(client_id) > 64:
        return None
    return db.session.scalar(select(OAuthClient).where(OAuthClient.client_id == client_id, OAuthClient.revoked_at.is_(None)))


def _save_token(token: dict, request) -> OAuthToken:
    """Store a freshly issued token (digests only); the grant's own details ride on request.*."""
    now = utcnow()
    row = OAuthToken(
        client_pk=request.client.id,
        user_id=request.user.id if request.user is not None else None,
        access_token_hash=digest(token["access_token"]),
        refresh_token_hash=digest(token["refresh_token"]) if token.get("refresh_token") else None,
        scope=token.get("scope") or "",
        issued_at=now,
        expires_at=now + timedelta(seconds=int(token.get("expires_in") or ACCESS_TOKEN_SECONDS)),
        refresh_expires_at=now + timedelta(days=REFRESH_TOKEN_DAYS) if token.get("refresh_token") else None,
    )
    code = getattr(request, "authorization_code", None)
    previous = getattr(request, "refresh_token", None)
    for source in (code, previous):
        if source is not None:
            row.session_family_id = source.session_family_id
            row.document_id = source.document_id
    if code is not None:
        row.authorization_code_id = code.id
    elif previous is not None:
        row.authorization_code_id = previous.authorization_code_id
    db.session.add(row)
    db.session.flush()
    return row


class PrivateKeyJWT(JWTBearerClientAssertion):
    """`private_key_jwt` (OIDC Core 9, RFC 7523): an assertion signed with a key the client registered."""

    CLIENT_AUTH_METHOD = "private_key_jwt"

    def get_audiences(self):
        base = issuer()
        return [base, f"{base}/oauth/token", f"{base}/oauth/par", f"{base}/oauth/revoke"]

    def validate_jti(self, claims, jti) -> bool:
        if not isinstance(jti, str) or not jti or len(jti) > 200:
            return False
        exp = claims.get("exp")
        expires = utcnow() + timedelta(seconds=max(0, min(int(exp) - int(time.time()), 3600) if isinstance(exp, int) else 3600))
        try:
            with db.session.begin_nested():
                db.session.add(OAuthAssertionJti(client_id=str(claims["sub"]), jti=jti, expires_at=expires + timedelta(minutes=2)))
        except IntegrityError:
            return False
        return True

    def resolve_client_public_key(self, client: OAuthClient):
        if client.jwks:
            return KeySet.import_key_set(client.jwks)
        if client.jwks_uri:
            return KeySet.import_key_set(_fetch_jwks(client.jwks_uri))
        raise _invalid_client("The client has no registered key.")


_jwks_cache: dict[str, tuple[float, dict]] = {}


def _fetch_jwks(uri: str) -> dict:
    cached = _jwks_cache.get(uri)
    if cached and cached[0] > time.monotonic():
        return cached[1]
    try:
        response = requests.get(uri, timeout=5)
        response.raise_for_status()
        data = response.json()
    except (requests.RequestException, ValueError) as exc:
        log.warning("jwks_uri of a client unreachable: %s", type(exc).__name__)
        raise _invalid_client("The client's jwks_uri could not be read.") from None
    _jwks_cache[uri] = (time.monotonic() + JWKS_URI_CACHE_SECONDS, data)
    return data


def _invalid_client(description: str):
    from authlib.oauth2.rfc6749 import InvalidClientError

    return InvalidClientError(description=description)


class MPPRevocationEndpoint(RevocationEndpoint):
    CLIENT_AUTH_METHODS = CLIENT_AUTH_METHODS

    def query_token(self, token_string, token_type_hint):
        if not isinstance(token_string, str) or len(token_string) > 200:
            return None
        hashed = digest(token_string)
        return db.session.scalar(select(OAuthToken).where(
            or_(OAuthToken.access_token_hash == hashed, OAuthToken.refresh_token_hash == hashed)))

    def revoke_token(self, token: OAuthToken, request) -> None:
        if token.revoked_at is None:
            token.revoked_at = utcnow()
        db.session.commit()


class MPPBearerValidator(BearerTokenValidator):
    """An access token is good only while it, its client and its user are: a revocation counts at once."""

    def authenticate_token(self, token_string):
        if not isinstance(token_string, str) or len(token_string) > 200:
            return None
        return db.session.scalar(select(OAuthToken).where(OAuthToken.access_token_hash == digest(token_string)))

    def validate_token(self, token, scopes, request):
        super().validate_token(token, scopes, request)
        client = db.session.get(OAuthClient, token.client_pk)
        if client is None or client.revoked_at is not None:
            from authlib.oauth2.rfc6750 import InvalidTokenError

            raise InvalidTokenError(realm=self.realm)


server = MPPAuthorizationServer()
server.register_client_auth_method("private_key_jwt", PrivateKeyJWT())
server.register_endpoint(MPPRevocationEndpoint)
require_oauth = ResourceProtector()
require_oauth.register_token_validator(MPPBearerValidator())


def register_grant(grant_cls, extensions=None) -> None:
    """Add a grant once per process (the server object is shared by every app a process builds)."""
    if any(cls is grant_cls for cls, _ in server._token_grants + server._authorization_grants):
        return
    server.register_grant(grant_cls, extensions)


def init_app(app) -> None:
    server.init_app(app)
