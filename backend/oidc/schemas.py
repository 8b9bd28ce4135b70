"""Schemas of the consent screen, connected apps and e-service registration."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from ..api import JsonBoolean
from .claims import SCOPES


class DecisionIn(Schema):
    approve = JsonBoolean(required=True)
    scopes = fields.List(fields.String(validate=validate.OneOf(list(SCOPES))), validate=validate.Length(max=len(SCOPES)))
    document_id = fields.Integer(strict=True, allow_none=True, validate=validate.Range(min=1, max=2**31 - 1))


class RedirectOut(Schema):
    redirect_to = fields.String(required=True)


class EServiceIn(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=120))
    agency_code = fields.String(required=True, validate=validate.Length(min=1, max=20))
    region_code = fields.String(allow_none=True, validate=validate.Length(max=10))
    redirect_uris = fields.List(fields.String(validate=validate.Length(max=500)), required=True, validate=validate.Length(min=1, max=10))
    post_logout_redirect_uris = fields.List(fields.String(validate=validate.Length(max=500)), validate=validate.Length(max=10))
    scopes = fields.List(fields.String(validate=validate.OneOf(list(SCOPES))), required=True,
                         validate=validate.Length(min=1, max=len(SCOPES)))
    required_scopes = fields.List(fields.String(validate=validate.OneOf(list(SCOPES))), validate=validate.Length(max=len(SCOPES)))
    token_endpoint_auth_method = fields.String(validate=validate.OneOf(["private_key_jwt", "client_secret_basic"]),
                                               load_default="private_key_jwt")
    jwks = fields.Dict(allow_none=True)
    jwks_uri = fields.String(allow_none=True, validate=validate.Length(max=500))
    require_pushed_authorization_requests = JsonBoolean(load_default=False)
    id_token_signed_response_alg = fields.String(validate=validate.OneOf(["ES256", "RS256"]), load_default="ES256")
