"""Client credentials for agency systems on the shared Authlib server, and the bearer guard of the agency API."""
from __future__ import annotations

import functools

from authlib.oauth2 import OAuth2Error
from authlib.oauth2.rfc6749 import UnauthorizedClientError, grants
from flask import g

from ..errors import Problem
from ..extensions import db
from ..oauth.server import CLIENT_AUTH_METHODS, register_grant, require_oauth
from . import services


class AgencyClientCredentialsGrant(grants.ClientCredentialsGrant):
    """RFC 6749 4.4 for clients of kind agency_system only; no scope asked = every scope the client has."""

    TOKEN_ENDPOINT_AUTH_METHODS = CLIENT_AUTH_METHODS

    def validate_token_request(self):
        super().validate_token_request()
        client = self.request.client
        if client.kind != "agency_system" or services.integration_for_client(db.session, client.id) is None:
            raise UnauthorizedClientError("Only a connected agency system may use client credentials.")

    def create_token_response(self):
        client = self.request.client
        scope = self.request.payload.scope or " ".join(client.scopes or [])
        token = self.generate_token(scope=client.get_allowed_scope(scope), include_refresh_token=False)
        self.save_token(token)
        return 200, token, self.TOKEN_RESPONSE_HEADER


def init_app(app) -> None:
    register_grant(AgencyClientCredentialsGrant)


def agency_required(scope: str):
    """Require an agency system's bearer token with scope; g.integration is its live system."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            try:
                token = require_oauth.acquire_token([scope])
            except OAuth2Error as error:
                headers = dict(error.get_headers() or [])
                headers.pop("Content-Type", None)
                if error.status_code == 403:
                    raise Problem(403, "insufficient-scope", "integrations.insufficient_scope",
                                  params={"scope": scope}, headers=headers) from None
                raise Problem(401, "token-invalid", "integrations.token_invalid", headers=headers) from None
            integration = services.integration_for_client(db.session, token.client_pk)
            if integration is None:  # disconnected: stops at once, whatever the token says
                raise Problem(401, "token-invalid", "integrations.token_invalid",
                              headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
            g.integration = integration
            return view(*args, **kwargs)

        wrapper.auth_roles = ("agency_system",)
        # OpenAPI (backend/api.py answers_of): client credentials with this scope; 401, 403 insufficient-scope
        wrapper.openapi_auth = {"security": [{"agencyClientCredentials": [scope]}], "statuses": (401, 403)}
        return wrapper

    return decorator


def current_integration():
    return g.integration
