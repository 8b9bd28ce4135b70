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
    status = fields.Integer(required=True)
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

    def arguments(self, schema, *, location="json", required=None, **kwargs):
        """A JSON body is documented as required only if its schema requires a field: webargs
        reads an absent body as {}, so a body of optional fields may be left out."""
        if required is None:
            instance = schema() if isinstance(schema, type) else schema
            required = location != "json" or any(field.required for field in instance.fields.values())
        return super().arguments(schema, location=location, required=required, **kwargs)


class ProblemApi(Api):
    ERROR_SCHEMA = ProblemOut

    def handle_http_exception(self, error):  # noqa: D102 - smorest hook
        return handle_http_exception(error)

    def register_blueprint(self, blp, **options):  # noqa: D102 - smorest hook
        if not isinstance(blp, Blueprint):
            raise TypeError(f"blueprint {blp.name!r}: use backend.api.Blueprint, whose parser has the body limits")
        super().register_blueprint(blp, **options)

    def _register_responses(self):
        """Error responses are documented as application/problem+json, the type they are sent with."""
        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if status >= 400:
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_MIMETYPE)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Error (RFC 9457 problem details)", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM_MIMETYPE)
        self.spec.components.response(self.DEFAULT_ERROR_RESPONSE_NAME, response, lazy=True)
