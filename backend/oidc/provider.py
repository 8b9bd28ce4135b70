"""The authorization flow around Authlib: PAR, the authorization endpoint, the resident's decision.

/oauth/authorize cannot see the app's session (its cookie is SameSite=Strict and the request comes
from another site), so it validates the request with Authlib, keeps it as an OIDCRequest and sends
the browser to the app's consent screen (/izin/<handle>). The app, signed in there as everywhere,
asks the resident and posts the decision; Authlib then makes the code and the redirect.
"""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from authlib.oauth2.rfc6749 import InvalidRequestError, OAuth2Error, OAuth2Request
from authlib.oauth2.rfc6749.requests import BasicOAuth2Payload
from authlib.oauth2.rfc9101 import JWTAuthenticationRequest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..errors import Problem
from ..oauth import services as oauth
from ..oauth.models import OAuthClient, OAuthConsent, digest
from ..oauth.server import CLIENT_AUTH_METHODS, issuer, server
from . import claims as claim_rules

PAR_SECONDS = 60
CONSENT_SECONDS = 600
REQUEST_URI_PREFIX = "urn:ietf:params:oauth:request_uri:"
AUTH_PARAMS = ("response_type", "client_id", "redirect_uri", "scope", "state", "nonce", "code_challenge",
               "code_challenge_method", "prompt", "max_age", "login_hint", "ui_locales", "claims_locales", "acr_values")


class StoredRequest(OAuth2Request):
    """An authorization request replayed from its stored parameters."""

    def __init__(self, params: dict):
        super().__init__("GET", f"{issuer()}/oauth/authorize")
        self.payload = BasicOAuth2Payload(params)
        self._params = params

    @property
    def args(self):
        return self._params

    @property
    def form(self):
        return getattr(self, "_form", {})


def _clean(values) -> dict:
    """The authorization parameters, each once; a repeated one is an error (RFC 6749 3.1)."""
    params = {}
    for name in AUTH_PARAMS:
        got = values.getlist(name) if hasattr(values, "getlist") else ([values[name]] if name in values else [])
        if len(got) > 1:
            raise InvalidRequestError(f"Multiple '{name}' in request.")
        if got:
            if not isinstance(got[0], str) or len(got[0]) > 2000 or "\x00" in got[0]:
                raise InvalidRequestError(f"Invalid '{name}'.")
            params[name] = got[0]
    return params


def validate(params: dict):
    """Authlib's validation of an authorization request; returns the grant (raises OAuth2Error)."""
    return server.get_consent_grant(request=StoredRequest(params), end_user=None)


def _store(session: Session, kind: str, client: OAuthClient, params: dict, *, now: datetime, seconds: int) -> str:
    handle = secrets.token_urlsafe(32)
    from .models import OIDCRequest

    session.add(OIDCRequest(handle_hash=digest(handle), kind=kind, client_pk=client.id, params=params,
                            created_at=now, expires_at=now + timedelta(seconds=seconds)))
    return handle


def push(session: Session, flask_request, *, now: datetime) -> dict:
    """RFC 9126: the client (authenticated) pushes its request and gets a single-use request_uri."""
    form = flask_request.form
    if "request" in form and "client_assertion" not in form and "Authorization" not in flask_request.headers:
        client = _authenticate_by_request_object(form)
    else:
        client = server.authenticate_client(server.create_oauth2_request(flask_request), CLIENT_AUTH_METHODS, endpoint="par")
    if "request_uri" in flask_request.form:
        raise InvalidRequestError("'request_uri' is not accepted at the PAR endpoint.")
    params = _clean(flask_request.form)
    if "request" in flask_request.form:
        params = _clean(_request_object(flask_request.form, client))
    if params.get("client_id", client.client_id) != client.client_id:
        raise InvalidRequestError("'client_id' does not match the authenticated client.")
    params["client_id"] = client.client_id
    validate(params)
    handle = _store(session, "par", client, params, now=now, seconds=PAR_SECONDS)
    return {"request_uri": REQUEST_URI_PREFIX + handle, "expires_in": PAR_SECONDS}


class _SignedRequestObject(JWTAuthenticationRequest):
    """RFC 9101 request objects at the PAR endpoint (idpyoidc sends one): signed with the client's key."""

    def __init__(self):
        super().__init__(support_request=True, support_request_uri=False)

    def resolve_client_public_key(self, client):
        from ..oauth.server import PrivateKeyJWT

        return PrivateKeyJWT().resolve_client_public_key(client)

    def get_server_metadata(self):
        return {"require_signed_request_object": True}

    def get_client_require_signed_request_object(self, client):
        return True


def _request_object(form, client: OAuthClient) -> dict:
    if not client.jwks and not client.jwks_uri:
        raise InvalidRequestError("A request object needs the client's registered public key.")
    values = {k: form[k] for k in form if k != "request_uri"}
    values.setdefault("client_id", client.client_id)
    request = StoredRequest(values)
    _SignedRequestObject().parse_authorization_request(server, request)
    # space-separated lists (scope, response_type) sometimes arrive as JSON arrays of strings
    return {k: " ".join(v) if isinstance(v, list) and all(isinstance(i, str) for i in v) else v
            for k, v in request.payload.data.items()}


def _authenticate_by_request_object(form) -> OAuthClient:
    """idpyoidc puts its client assertion inside the signed request object: check the object's signature
    with the client's key (RFC 9101), then the assertion inside as at the token endpoint (RFC 7523)."""
    from authlib.oauth2.rfc6749 import InvalidClientError

    client = server.query_client(form.get("client_id"))
    if client is None or client.token_endpoint_auth_method != "private_key_jwt":
        raise InvalidClientError(description="The client does not exist on this server.")
    inner = _request_object(form, client)
    request = StoredRequest({})
    request._form = {k: inner[k] for k in ("client_assertion", "client_assertion_type") if isinstance(inner.get(k), str)}
    authenticated = server.authenticate_client(request, CLIENT_AUTH_METHODS, endpoint="par")
    if authenticated.id != client.id:
        raise InvalidClientError()
    return client


def _take(session: Session, handle: str, kind: str, *, now: datetime):
    from .models import OIDCRequest

    if not isinstance(handle, str) or not handle or len(handle) > 100:
        return None
    row = session.scalar(select(OIDCRequest).where(OIDCRequest.handle_hash == digest(handle), OIDCRequest.kind == kind))
    if row is None or row.used_at is not None or row.expires_at <= now:
        return None
    return row


def authorization_params(session: Session, args, *, now: datetime) -> dict:
    """The request to validate: a pushed one (used up here), or the query's own parameters."""
    request_uri = args.get("request_uri")
    if request_uri:
        from .models import OIDCRequest

        row = _take(session, request_uri[len(REQUEST_URI_PREFIX):], "par", now=now) if request_uri.startswith(REQUEST_URI_PREFIX) else None
        client_id = args.get("client_id")
        if row is None or row.params.get("client_id") != client_id:
            raise InvalidRequestError("The request_uri is unknown, used or expired.")
        claimed = session.execute(update(OIDCRequest).where(OIDCRequest.id == row.id, OIDCRequest.used_at.is_(None))
                                  .values(used_at=now).execution_options(synchronize_session=False)).rowcount
        if not claimed:
            raise InvalidRequestError("The request_uri is unknown, used or expired.")
        return dict(row.params)
    params = _clean(args)
    client = server.query_client(params.get("client_id"))
    if client is not None and client.require_pushed_authorization_requests:
        error = InvalidRequestError("This client must use pushed authorization requests (PAR).")
        if client.check_redirect_uri(params.get("redirect_uri") or ""):
            error.redirect_uri = params["redirect_uri"]
            error.state = params.get("state")
        raise error
    return params


def begin(session: Session, params: dict, *, now: datetime) -> str:
    """Validate and keep the request for the resident's decision; returns the consent screen's handle."""
    grant = validate(params)
    return _store(session, "consent", grant.request.client, params, now=now, seconds=CONSENT_SECONDS)


def _pending(session: Session, handle: str, user, *, now: datetime):
    row = _take(session, handle, "consent", now=now)
    if row is None or (row.user_id is not None and row.user_id != user.id):
        raise Problem(404, "authorization-not-found", "oidc.request_not_found")
    if row.user_id is None:
        row.user_id = user.id  # bound to the first resident who opens it
    return row


def describe(session: Session, handle: str, user, *, now: datetime) -> dict:
    """What the consent screen shows: who asks, for what, each item partly masked."""
    row = _pending(session, handle, user, now=now)
    client = session.get(OAuthClient, row.client_pk)
    scopes = claim_rules.scope_list(row.params.get("scope"))
    consent = _consent(session, client.id, user.id)
    previews = claim_rules.preview(user)
    items = [{"scope": s, "required": s in (client.required_scopes or []), "value": previews.get(s)}
             for s in scopes if s != "openid"]
    documents = []
    if "document" in scopes:
        from ..documents import services as documents

        documents = [{"id": d.id, "document_type": d.document_type, "created_at": d.created_at}
                     for d in documents.list_documents(session, user.id)]
    covered = consent is not None and set(scopes) <= set(consent.scopes) and "document" not in scopes
    return {
        "client": {"name": client.name, "agency": _agency(session, client.agency_id), "region_code": client.region_code},
        "redirect_host": _host(row.params.get("redirect_uri")),
        "items": items, "documents": documents,
        "already_granted": covered and "consent" not in (row.params.get("prompt") or "").split(),
    }


def decide(session: Session, handle: str, user, *, approve: bool, scopes: list[str] | None, document_id: int | None,
           session_family_id: str | None, auth_time: int | None, now: datetime) -> str:
    """Apply the resident's answer; returns where the browser goes next (the client's redirect URI)."""
    row = _pending(session, handle, user, now=now)
    row.used_at = now
    client = session.get(OAuthClient, row.client_pk)
    request = StoredRequest(dict(row.params))
    try:
        grant = server.get_consent_grant(request=request, end_user=user if approve else None)
    except OAuth2Error:
        raise Problem(409, "authorization-invalid", "oidc.request_not_found") from None
    asked = claim_rules.scope_list(row.params.get("scope"))
    if approve:
        chosen = set(scopes if scopes is not None else asked) | {"openid"} | set(client.required_scopes or [])
        granted = [s for s in asked if s in chosen]
        if "document" in granted:
            granted = granted if _owned(session, user.id, document_id) else [s for s in granted if s != "document"]
        request.mpp_granted_scope = " ".join(granted)
        request.mpp_document_id = document_id if "document" in granted else None
        request.mpp_session_family_id = session_family_id
        request.mpp_auth_time = auth_time
        _remember(session, client.id, user.id, granted, now=now)
    response = server.create_authorization_response(request=request, grant_user=user if approve else None, grant=grant)
    return response.headers["Location"]


def _owned(session: Session, user_id: int, document_id: int | None) -> bool:
    if document_id is None:
        return False
    from ..documents import services as documents

    return bool(documents.owned_documents(session, user_id, [document_id]))


def _consent(session: Session, client_pk: int, user_id: int) -> OAuthConsent | None:
    return session.scalar(select(OAuthConsent).where(OAuthConsent.client_pk == client_pk, OAuthConsent.user_id == user_id,
                                                     OAuthConsent.withdrawn_at.is_(None)))


def _remember(session: Session, client_pk: int, user_id: int, scopes: list[str], *, now: datetime) -> None:
    row = session.scalar(select(OAuthConsent).where(OAuthConsent.client_pk == client_pk, OAuthConsent.user_id == user_id))
    if row is None:
        session.add(OAuthConsent(client_pk=client_pk, user_id=user_id, scopes=sorted(set(scopes)), granted_at=now))
    else:
        if row.withdrawn_at is None and not set(scopes) >= set(row.scopes):
            oauth.revoke_tokens(session, client_pk, user_id, now=now)  # less is allowed now: older tokens go
        row.scopes, row.granted_at, row.withdrawn_at = sorted(set(scopes)), now, None


def _agency(session: Session, agency_id: int | None) -> dict | None:
    if agency_id is None:
        return None
    from ..catalogue import services as catalogue

    agency = catalogue.get_agency(session, agency_id)
    return {"code": agency.code, "short": agency.short, "name": agency.name} if agency else None


def _host(uri: str | None) -> str | None:
    from urllib.parse import urlsplit

    return urlsplit(uri).netloc if uri else None
