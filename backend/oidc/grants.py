"""The authorization code grant with OpenID Connect and PKCE, as Authlib runs it, bound to our tables."""
from __future__ import annotations

import time
from datetime import timedelta

from authlib.oauth2.rfc6749 import InvalidRequestError, InvalidScopeError, grants
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import OpenIDCode as _OpenIDCode
from flask import g
from sqlalchemy import select, update

from ..extensions import db
from ..oauth.grants import revoke_line
from ..oauth.models import OAuthAuthorizationCode, OAuthClient, digest
from ..oauth.server import CLIENT_AUTH_METHODS, issuer
from ..timeutil import utcnow
from . import claims as claim_rules
from . import keys

CODE_SECONDS = 60
ID_TOKEN_SECONDS = 600


def require_s256(grant, redirect_uri) -> None:
    """PKCE S256 for every client (Authlib's CodeChallenge asks it only of public clients)."""
    data = grant.request.payload.data
    if not data.get("code_challenge") or data.get("code_challenge_method") != "S256":
        raise InvalidRequestError("PKCE is required: code_challenge with code_challenge_method=S256.", redirect_uri=redirect_uri)


def only_allowed_scopes(grant, redirect_uri) -> None:
    """A scope the client is not registered for is an error, not silently dropped."""
    client: OAuthClient = grant.request.client
    asked = set(claim_rules.scope_list(grant.request.payload.scope))
    if "openid" not in asked or not asked <= set(client.scopes or []):
        raise InvalidScopeError(redirect_uri=redirect_uri)


class AuthorizationCodeGrant(grants.AuthorizationCodeGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = CLIENT_AUTH_METHODS

    def __init__(self, request, server):
        super().__init__(request, server)
        self.register_hook("after_validate_authorization_request_payload", require_s256)
        self.register_hook("after_validate_authorization_request_payload", only_allowed_scopes)

    def save_authorization_code(self, code, request):
        granted = getattr(request, "mpp_granted_scope", None) or request.scope
        data = request.payload.data
        now = utcnow()
        db.session.add(OAuthAuthorizationCode(
            code_hash=digest(code), client_pk=request.client.id, user_id=request.user.id,
            redirect_uri=request.payload.redirect_uri, scope=granted, nonce=data.get("nonce"),
            code_challenge=data["code_challenge"], code_challenge_method=data["code_challenge_method"],
            auth_time=getattr(request, "mpp_auth_time", None) or int(time.time()),
            session_family_id=getattr(request, "mpp_session_family_id", None),
            document_id=getattr(request, "mpp_document_id", None),
            created_at=now, expires_at=now + timedelta(seconds=CODE_SECONDS),
        ))

    def query_authorization_code(self, code, client):
        if not isinstance(code, str) or len(code) > 200:
            return None
        row = db.session.scalar(select(OAuthAuthorizationCode).where(OAuthAuthorizationCode.code_hash == digest(code)))
        if row is None or row.client_pk != client.id:
            return None
        now = utcnow()
        # claimed atomically here: of two concurrent redemptions only one gets past this line
        claimed = db.session.execute(
            update(OAuthAuthorizationCode).where(OAuthAuthorizationCode.id == row.id, OAuthAuthorizationCode.used_at.is_(None))
            .values(used_at=now).execution_options(synchronize_session=False)
        ).rowcount
        if not claimed:
            # RFC 6749 4.1.2: a code used twice revokes what it produced; kept even though this request fails
            revoke_line(row.id, 0)
            db.session.commit()
            return None
        if row.expires_at <= now:
            db.session.commit()
            return None
        return row

    def delete_authorization_code(self, authorization_code):
        pass  # kept (used_at set) so that a replay is recognised

    def authenticate_user(self, authorization_code):
        from ..accounts.models import User

        return db.session.get(User, authorization_code.user_id)


class OpenIDCode(_OpenIDCode):
    def __init__(self):
        super().__init__(require_nonce=False)

    def exists_nonce(self, nonce, request) -> bool:
        client = request.client
        return db.session.scalar(select(OAuthAuthorizationCode.id).where(
            OAuthAuthorizationCode.client_pk == client.id, OAuthAuthorizationCode.nonce == nonce).limit(1)) is not None

    def resolve_client_private_key(self, client):
        return keys.signing_key(self.get_client_algorithm(client))

    def get_client_algorithm(self, client):
        return "RS256" if client.id_token_signed_response_alg == "RS256" else "ES256"

    def get_encode_header(self, client):
        alg = self.get_client_algorithm(client)
        return {"alg": alg, "kid": keys.signing_key(alg).kid, "typ": "JWT"}

    def get_client_claims(self, client):
        now = int(time.time())
        return {"iss": issuer(), "aud": [client.client_id], "iat": now, "exp": now + ID_TOKEN_SECONDS}

    def get_authorization_code_claims(self, authorization_code):
        extra = super().get_authorization_code_claims(authorization_code)
        if authorization_code.session_family_id:
            extra["sid"] = digest(f"sid:{authorization_code.client_pk}:{authorization_code.session_family_id}")[:32]
        return extra

    def encode_id_token(self, token, request):
        g.oidc_token_request = request  # generate_user_info needs the client and the code
        return super().encode_id_token(token, request)

    def generate_user_info(self, user, scope):
        from .release import release

        request = g.oidc_token_request
        source = request.authorization_code or request.refresh_token
        return release(db.session, client=request.client, user=user, scope=scope,
                       document_id=source.document_id if source is not None else None, channel="id_token")


class PKCE(CodeChallenge):
    """RFC 7636 checked by Authlib at the token endpoint; S256 only (require_s256 refuses the rest)."""

    SUPPORTED_CODE_CHALLENGE_METHOD = ("S256",)

    def __init__(self):
        super().__init__(required=True)

    def get_authorization_code_challenge(self, authorization_code):
        return authorization_code.code_challenge

    def get_authorization_code_challenge_method(self, authorization_code):
        return authorization_code.code_challenge_method
