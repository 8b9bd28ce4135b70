"""flask-smorest Api and Blueprint of this project: problem+json errors, documented as such, and
one body parser (backend/jsonbody.py) behind every `@blp.arguments`."""
from __future__ import annotations

import http

import flask_smorest
from flask_smorest import Api
from flask_smorest.utils import prepare_response
from marshmallow import INCLUDE, Schema, fields

from .errors import PROBLEM_MIMETYPE, handle_http_exception
from .jsonbody import BodyParser


class ProblemOut(Schema):
    """RFC 9457 problem details, as backend/errors.py writes them (some problems add members)."""

    class Meta:
        unknown = INCLUDE  # documented as additionalProperties: true

    type = fields.String(required=True, metadata={"description": "URI reference naming the problem, /problems/<code>"})
    title = fields.String(required=True, metadata={"description": "Summary of the HTTP status, in the request's language"})
    status = fields.Integer(required=True, metadata={"description": "The HTTP status code of the response"})
    detail = fields.String(required=True, metadata={"description": "What went wrong, in the request's language"})
    code = fields.String(required=True, metadata={"description": "Stable machine-readable code"})
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()),
                         metadata={"description": "Field errors: {field: [messages]}"})


class JsonBoolean(fields.Boolean):
    """A request body's boolean: JSON true or false only.

    marshmallow's Boolean also takes 1, 0, "yes" and "on", which the OpenAPI document (type
    boolean) says are refused; every boolean a JSON body carries is this one
    (tests/test_request_booleans.py walks every route's body schema).
    """

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):  # 1 == True in Python, so truthy={True} would still take 1
            raise self.make_error("invalid", input=value)
        return value


class Blueprint(flask_smorest.Blueprint):
    """Every domain's blueprint: webargs parses through the one JSON loader with its limits.

    The parser is bound when `@blp.arguments` decorates a view, so it must be this class's from
    the start; ProblemApi refuses a plain flask_smorest Blueprint.
    """

    ARGUMENTS_PARSER = BodyParser()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._prepare_doc_cbks.append(self._prepare_truth_doc)

    def add_url_rule(self, rule, endpoint=None, view_func=None, provide_automatic_options=None, **kwargs):
        """Also notes, per operation, the error answers its route can give (see `answers_of`)."""
        super().add_url_rule(rule, endpoint, view_func, provide_automatic_options, **kwargs)
        for method, doc in self._docs[self._endpoints[-1]].items():
            if method != "parameters":
                doc["truth"] = answers_of(rule, view_func, doc)

    @staticmethod
    def _prepare_truth_doc(doc, doc_info, **_kwargs):
        """Security and error responses derived from the route; an explicit `@blp.doc` still wins."""
        truth = doc_info.get("truth")
        if truth:
            doc["security"] = truth["security"]
            responses = doc.setdefault("responses", {})
            for status in truth["statuses"]:
                if status not in responses and str(status) not in responses:
                    responses[status] = http.HTTPStatus(status).name
        return doc

    def arguments(self, schema, *, location="json", required=None, **kwargs):
        """A JSON body is documented as required only if its schema requires a field: webargs
        reads an absent body as {}, so a body of optional fields may be left out."""
        if required is None:
            instance = schema() if isinstance(schema, type) else schema
            required = location != "json" or any(field.required for field in instance.fields.values())
        # a body's example is its schema's EXAMPLE, a valid request (tests/test_openapi_truth.py loads
        # each one); schemathesis sends it in its examples phase
        if location in ("json", "form") and "example" not in kwargs and "examples" not in kwargs:
            example = getattr(schema, "EXAMPLE", None)
            if example is not None:
                kwargs["example"] = example
        return super().arguments(schema, location=location, required=required, **kwargs)


BEARER_SCHEME = "bearerAuth"
SECURITY_SCHEMES = {
    BEARER_SCHEME: {
        "type": "http", "scheme": "bearer", "bearerFormat": "JWT",
        "description": "The access token of a signed-in user (POST /api/auth/login, /api/auth/refresh), sent as "
                       "Authorization: Bearer. 401 when it is missing, expired or its session has ended; 403 when "
                       "the account's role may not use the operation.",
    },
    "refreshCookie": {
        "type": "apiKey", "in": "cookie", "name": "mpp_refresh",
        "description": "The httpOnly refresh cookie set at sign-in (path /api/auth), together with the X-CSRF-Token "
                       "header equal to the mpp_csrf cookie (403 csrf-failed otherwise).",
    },
    "oidcAccessToken": {
        "type": "openIdConnect", "openIdConnectUrl": "/.well-known/openid-configuration",
        "description": "An e-service's OAuth 2.0 access token with the openid scope (OpenID Connect).",
    },
}
# A body the JSON loader refuses is 400 (backend/jsonbody.py); any body over MAX_CONTENT_LENGTH is 413.
BODY_STATUSES = {"json": (400, 413), "form": (400, 413, 415), "files": (400, 413, 415)}


def answers_of(rule: str, view, doc: dict) -> dict:
    """What an operation can answer, read off its route: the one place the document derives it from.

    - `auth_required` / `agency_required` put `openapi_auth` on the view: its security
      requirement and the statuses it answers (401, and 403 when roles or a scope are checked);
      any other operation is public (`security: []`) unless its `@blp.doc` says otherwise;
    - a path argument names an object that may not exist (or not be the caller's): 404;
    - a body (`@blp.arguments` in json, form or files): 400 and 413, an upload also 415;
    - an `Idempotency-Key` header: 400 (missing or malformed) and 409 (the key reused with
      another body, or still in flight).
    """
    auth = getattr(view, "openapi_auth", None) or {"security": [], "statuses": ()}
    statuses = set(auth["statuses"])
    if "<" in rule:
        statuses.add(404)
    for argument in doc.get("arguments", {}).get("parameters", []):
        statuses.update(BODY_STATUSES.get(argument.get("in"), ()))
    headers = [p for p in doc.get("manual_doc", {}).get("parameters", []) if isinstance(p, dict)]
    if any(p.get("in") == "header" and p.get("name") == "Idempotency-Key" for p in headers):
        statuses.update((400, 409))
    return {"security": auth["security"], "statuses": sorted(statuses)}


class ProblemApi(Api):
    ERROR_SCHEMA = ProblemOut

    def handle_http_exception(self, error):  # smorest hook
        return handle_http_exception(error)

    def register_blueprint(self, blp, **options):  # smorest hook
        if not isinstance(blp, Blueprint):
            raise TypeError(f"blueprint {blp.name!r}: use backend.api.Blueprint, whose parser has the body limits")
        super().register_blueprint(blp, **options)

    def _register_responses(self):
        """Error responses are documented as application/problem+json, the type they are sent with;
        the security schemes `answers_of` refers to are declared here too."""
        for name, scheme in SECURITY_SCHEMES.items():
            if name not in self.spec.components.security_schemes:
                self.spec.components.security_scheme(name, scheme)
        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if status >= 400:
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_MIMETYPE)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Error (RFC 9457 problem details)", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM_MIMETYPE)
        self.spec.components.response(self.DEFAULT_ERROR_RESPONSE_NAME, response, lazy=True)
