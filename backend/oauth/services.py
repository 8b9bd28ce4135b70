"""Registering, listing and revoking OAuth clients; revoking a client's tokens for one resident."""
from __future__ import annotations

import secrets
from datetime import datetime
from urllib.parse import urlsplit

from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..errors import Problem
from .models import AUTH_METHODS, KINDS, OAuthClient, OAuthToken, digest

GRANTS_BY_KIND = {"eservice": ["authorization_code", "refresh_token"], "agency_system": ["client_credentials"]}


def _check_uri(uri: str, field: str) -> str:
    parts = urlsplit(uri or "")
    local = parts.scheme == "http" and parts.hostname in ("localhost", "127.0.0.1")
    if not (parts.scheme == "https" or local) or not parts.hostname or parts.fragment or len(uri) > 500:
        raise Problem(422, "validation-error", "oauth.bad_uri", errors={field: [uri]})
    return uri


def register_client(
    session: Session, *, name: str, kind: str = "eservice", agency_id: int | None = None, region_code: str | None = None,
    redirect_uris: list[str] | None = None, post_logout_redirect_uris: list[str] | None = None,
    scopes: list[str], auth_method: str = "private_key_jwt", jwks: dict | None = None, jwks_uri: str | None = None,
    required_scopes: list[str] | None = None, require_par: bool = False, id_token_alg: str = "ES256",
    grant_types: list[str] | None = None, now: datetime,
) -> tuple[OAuthClient, str | None]:
    """A new client; returns it and its secret (shown once) for client_secret_basic, else None."""
    if kind not in KINDS:
        raise Problem(422, "validation-error", "oauth.bad_kind", errors={"kind": [kind]})
    if auth_method not in AUTH_METHODS:
        raise Problem(422, "validation-error", "oauth.bad_auth_method", errors={"token_endpoint_auth_method": [auth_method]})
    if not (name or "").strip() or len(name) > 120:
        raise Problem(422, "validation-error", "oauth.bad_name", errors={"name": [name or ""]})
    redirect_uris = [_check_uri(u, "redirect_uris") for u in (redirect_uris or [])]
    post_logout = [_check_uri(u, "post_logout_redirect_uris") for u in (post_logout_redirect_uris or [])]
    if kind == "eservice" and not redirect_uris:
        raise Problem(422, "validation-error", "oauth.redirect_required", errors={"redirect_uris": []})
    if auth_method == "private_key_jwt":
        if jwks:
            try:
                keys = KeySet.import_key_set(jwks)
            except (JoseError, ValueError, TypeError, KeyError):
                raise Problem(422, "validation-error", "oauth.bad_jwks", errors={"jwks": ["invalid"]}) from None
            if any(key.is_private for key in keys.keys):
                raise Problem(422, "validation-error", "oauth.private_jwks", errors={"jwks": ["private"]})
            jwks = keys.as_dict(private=False)
        elif jwks_uri:
            jwks_uri = _check_uri(jwks_uri, "jwks_uri")
        else:
            raise Problem(422, "validation-error", "oauth.key_required", errors={"jwks": []})
    secret = secrets.token_urlsafe(32) if auth_method == "client_secret_basic" else None
    client = OAuthClient(
        client_id=("es-" if kind == "eservice" else "as-") + secrets.token_urlsafe(12),
        client_secret_hash=digest(secret) if secret else None,
        jwks=jwks if auth_method == "private_key_jwt" else None,
        jwks_uri=jwks_uri if auth_method == "private_key_jwt" and not jwks else None,
        name=name.strip(), agency_id=agency_id, region_code=region_code, kind=kind,
        redirect_uris=redirect_uris, post_logout_redirect_uris=post_logout,
        scopes=sorted(set(scopes)), required_scopes=sorted(set(required_scopes or []) & set(scopes)),
        grant_types=grant_types or GRANTS_BY_KIND[kind],
        token_endpoint_auth_method=auth_method, require_pushed_authorization_requests=require_par, created_at=now,
        id_token_signed_response_alg=id_token_alg if id_token_alg in ("ES256", "RS256") else "ES256",
    )
    session.add(client)
    session.flush()
    return client, secret


def client_dict(client: OAuthClient) -> dict:
    return {
        "client_id": client.client_id, "name": client.name, "kind": client.kind, "agency_id": client.agency_id,
        "region_code": client.region_code, "redirect_uris": client.redirect_uris,
        "post_logout_redirect_uris": client.post_logout_redirect_uris, "scopes": client.scopes,
        "required_scopes": client.required_scopes,
        "grant_types": client.grant_types, "token_endpoint_auth_method": client.token_endpoint_auth_method,
        "jwks_uri": client.jwks_uri, "has_jwks": bool(client.jwks),
        "require_pushed_authorization_requests": client.require_pushed_authorization_requests,
        "id_token_signed_response_alg": client.id_token_signed_response_alg,
        "created_at": client.created_at, "revoked_at": client.revoked_at,
    }


def list_clients(session: Session, kind: str | None = None) -> list[OAuthClient]:
    query = select(OAuthClient).order_by(OAuthClient.id)
    if kind:
        query = query.where(OAuthClient.kind == kind)
    return list(session.scalars(query))


def revoke_client(session: Session, client_id: str, *, now: datetime) -> OAuthClient:
    """Switch a client off: it cannot authenticate, and each of its tokens stops at once."""
    client = session.scalar(select(OAuthClient).where(OAuthClient.client_id == client_id))
    if client is None:
        raise Problem(404, "client-not-found", "oauth.client_not_found")
    client.revoked_at = client.revoked_at or now
    session.execute(update(OAuthToken).where(OAuthToken.client_pk == client.id, OAuthToken.revoked_at.is_(None))
                    .values(revoked_at=now).execution_options(synchronize_session=False))
    return client


def revoke_tokens(session: Session, client_pk: int, user_id: int, *, now: datetime) -> int:
    """Revoke every access and refresh token the client holds for the resident."""
    return session.execute(
        update(OAuthToken).where(OAuthToken.client_pk == client_pk, OAuthToken.user_id == user_id, OAuthToken.revoked_at.is_(None))
        .values(revoked_at=now).execution_options(synchronize_session=False)
    ).rowcount
