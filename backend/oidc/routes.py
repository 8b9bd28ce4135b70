"""OpenID Connect endpoints: discovery, JWKS, authorization (with PAR), userinfo, logout, document links."""
from __future__ import annotations

import json

from authlib.oauth2.rfc6749 import OAuth2Error
from flask import Response, jsonify, redirect, request

from ..api import Blueprint
from ..extensions import db
from ..oauth.server import issuer, require_oauth, server
from ..timeutil import utcnow
from . import keys, logout, pages, provider
from .claims import CLAIMS_SUPPORTED, SCOPES
from .release import release

blp = Blueprint("oidc", __name__, description="OpenID Connect provider (docs/oidc.md)")


@blp.route("/.well-known/openid-configuration", methods=["GET"])
@blp.doc(security=[])
def discovery():
    """OpenID Provider metadata (OpenID Connect Discovery 1.0, RFC 8414)."""
    base = issuer()
    body = {
        "issuer": base,
        "authorization_endpoint": f"{base}/oauth/authorize",
        "pushed_authorization_request_endpoint": f"{base}/oauth/par",
        "token_endpoint": f"{base}/oauth/token",
        "userinfo_endpoint": f"{base}/oauth/userinfo",
        "jwks_uri": f"{base}/oauth/jwks",
        "revocation_endpoint": f"{base}/oauth/revoke",
        "end_session_endpoint": f"{base}/oauth/logout",
        "scopes_supported": list(SCOPES),
        "claims_supported": CLAIMS_SUPPORTED,
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code", "refresh_token", "client_credentials"],
        "subject_types_supported": ["pairwise"],
        "id_token_signing_alg_values_supported": ["ES256", "RS256"],
        "token_endpoint_auth_methods_supported": ["private_key_jwt", "client_secret_basic"],
        "token_endpoint_auth_signing_alg_values_supported": ["ES256", "RS256", "PS256"],
        "revocation_endpoint_auth_methods_supported": ["private_key_jwt", "client_secret_basic"],
        "code_challenge_methods_supported": ["S256"],
        "require_pushed_authorization_requests": False,
        "request_parameter_supported": False,
        "request_uri_parameter_supported": False,
        "claims_parameter_supported": False,
        "authorization_response_iss_parameter_supported": False,
        "prompt_values_supported": ["none", "consent", "login"],
        "ui_locales_supported": ["id", "en"],
        "service_documentation": f"{base}/api/docs",
    }
    response = jsonify(body)
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@blp.route("/oauth/jwks", methods=["GET"])
@blp.doc(security=[])
def jwks():
    """The provider's public signing keys (the current one and the ones still verifying older ID tokens)."""
    response = jsonify(keys.public_jwks())
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@blp.route("/oauth/par", methods=["POST"])
@blp.doc(security=[])
def par():
    """Pushed authorization request (RFC 9126): returns a single-use request_uri valid 60 s."""
    try:
        body = provider.push(db.session, request, now=utcnow())
    except OAuth2Error as error:
        db.session.rollback()
        error.redirect_uri = None  # never a redirect from a back-channel call
        return server.handle_error_response(None, error)
    db.session.commit()
    response = jsonify(body)
    response.status_code = 201
    response.headers["Cache-Control"] = "no-store"
    return response


@blp.route("/oauth/authorize", methods=["GET"])
@blp.doc(security=[])
def authorize():
    """Authorization endpoint: validates the request, then hands the resident to the app's consent screen."""
    now = utcnow()
    try:
        params = provider.authorization_params(db.session, request.args, now=now)
        handle = provider.begin(db.session, params, now=now)
    except OAuth2Error as error:
        db.session.commit()  # a used-up request_uri stays used
        if error.redirect_uri:
            return server.handle_error_response(None, error)
        return pages.error_page(error.error, error.description)
    db.session.commit()
    return redirect(f"/izin/{handle}", code=303)


@blp.route("/oauth/userinfo", methods=["GET", "POST"])
@blp.doc(security=[{"oidcAccessToken": ["openid"]}])
def userinfo():
    """UserInfo (OIDC Core 5.3): the claims the access token's consent allows; each call is logged."""
    try:
        token = require_oauth.validate_request(["openid"], server.create_oauth2_request(None))
    except OAuth2Error as error:
        status, body, headers = error()
        return Response(json.dumps(dict(body)), status=status, headers=dict(headers), mimetype="application/json")
    user = token.get_user()
    if user is None:
        return Response('{"error": "invalid_token"}', status=401, mimetype="application/json",
                        headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
    claims = release(db.session, client=token.get_client(), user=user, scope=token.scope, document_id=token.document_id,
                     channel="userinfo")
    db.session.commit()
    response = jsonify(claims)
    response.headers["Cache-Control"] = "no-store"
    return response


@blp.route("/oauth/logout", methods=["GET", "POST"])
@blp.doc(security=[])
def end_session():
    """RP-initiated logout 1.0: with a valid id_token_hint, ends the app session that signed in there."""
    data = request.values
    outcome = logout.end_session(db.session, id_token_hint=data.get("id_token_hint"), client_id=data.get("client_id"),
                                 post_logout_redirect_uri=data.get("post_logout_redirect_uri"), now=utcnow())
    db.session.commit()
    if outcome.get("error"):
        return pages.error_page("invalid_request")
    if outcome.get("redirect_uri"):
        state = data.get("state")
        from authlib.common.urls import add_params_to_uri

        return redirect(add_params_to_uri(outcome["redirect_uri"], [("state", state)] if state else []), code=303)
    return pages.logged_out_page()


@blp.route("/oidc/documents/<string:link>", methods=["GET"])
@blp.doc(security=[])
def document(link: str):
    """The one document the resident picked, once, within 5 minutes, with the e-service's access token."""
    from . import documents

    try:
        token = require_oauth.validate_request(["document"], server.create_oauth2_request(None))
    except OAuth2Error as error:
        status, body, headers = error()
        return Response(json.dumps(dict(body)), status=status, headers=dict(headers), mimetype="application/json")
    return documents.fetch(db.session, token, link, now=utcnow())


def _blueprints():
    from .api_routes import blp as api_blp

    return [blp, api_blp]


BLUEPRINTS = _blueprints()
