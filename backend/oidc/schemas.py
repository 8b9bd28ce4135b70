"""Schemas of the consent screen, connected apps and e-service registration."""
from __future__ import annotations

from typing import ClassVar

from marshmallow import Schema, fields, validate

from ..api import JsonBoolean
from .claims import SCOPES


class DecisionIn(Schema):
    EXAMPLE: ClassVar[dict] = {"approve": True, "scopes": ["openid", "profile"]}

    approve = JsonBoolean(required=True, metadata={"description": "true: allow the e-service; false: refuse"})
    scopes = fields.List(fields.String(validate=validate.OneOf(list(SCOPES))), validate=validate.Length(max=len(SCOPES)),
                         metadata={"description": "The scopes I allow (the required ones always; default: all asked)"})
    document_id = fields.Integer(strict=True, allow_none=True, validate=validate.Range(min=1, max=2**31 - 1),
                                 metadata={"description": "With the documents scope: the document from my vault to share"})


class RedirectOut(Schema):
    redirect_to = fields.String(required=True)


class EServiceIn(Schema):
    EXAMPLE: ClassVar[dict] = {"name": "Sistem Informasi Perizinan Kota Probolinggo",
                               "agency_code": "DPMPTSP",
                               "region_code": "35.74",
                               "redirect_uris": ["https://perizinan.probolinggokota.go.id/login/callback"],
                               "scopes": ["openid", "profile"],
                               "token_endpoint_auth_method": "client_secret_basic"}

    name = fields.String(required=True, validate=validate.Length(min=1, max=120),
                         metadata={"description": "Name of the e-service shown to residents"})
    agency_code = fields.String(required=True, validate=validate.Length(min=1, max=20),
                                metadata={"description": "Code of the agency that runs it"})
    region_code = fields.String(allow_none=True, validate=validate.Length(max=10),
                                metadata={"description": "The MPP it belongs to, if any"})
    redirect_uris = fields.List(fields.String(validate=validate.Length(max=500)), required=True, validate=validate.Length(min=1, max=10),
                                metadata={"description": "Exact HTTPS redirect URIs of the e-service"})
    post_logout_redirect_uris = fields.List(fields.String(validate=validate.Length(max=500)), validate=validate.Length(max=10),
                                            metadata={"description": "Exact URIs allowed after RP-initiated logout"})
    scopes = fields.List(fields.String(validate=validate.OneOf(list(SCOPES))), required=True,
                         validate=validate.Length(min=1, max=len(SCOPES)), metadata={"description": "Scopes the e-service may ask for"})
    required_scopes = fields.List(fields.String(validate=validate.OneOf(list(SCOPES))), validate=validate.Length(max=len(SCOPES)),
                                  metadata={"description": "Of those, the ones a resident cannot untick"})
    token_endpoint_auth_method = fields.String(validate=validate.OneOf(["private_key_jwt", "client_secret_basic"]),
                                               load_default="private_key_jwt",
                                               metadata={"description": "private_key_jwt (default) or client_secret_basic"})
    jwks = fields.Dict(allow_none=True, metadata={"description": "The e-service's public keys (JWK Set), for private_key_jwt"})
    jwks_uri = fields.String(allow_none=True, validate=validate.Length(max=500),
                             metadata={"description": "Or an HTTPS URL of its JWK Set"})
    require_pushed_authorization_requests = JsonBoolean(load_default=False,
                                                        metadata={"description": "true: authorization requests must use PAR"})
    id_token_signed_response_alg = fields.String(validate=validate.OneOf(["ES256", "RS256"]), load_default="ES256",
                                                 metadata={"description": "ID token signing algorithm: ES256 (default) or RS256"})
