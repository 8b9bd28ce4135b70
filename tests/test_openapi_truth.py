"""The OpenAPI document tells the truth (issue item 7).

Every operation declares its security and the error responses it can answer; every error
response is problem+json (ERROR_SCHEMA); every request body has an example that is a valid
request; every field a client fills is described. The facts are read off the routes
independently of backend/api.py's derivation: the `auth_roles` a guard leaves on a view
(tests/test_auth_first.py uses it too), the path's arguments, the argument schemas and what the
server really answers. A new route (any domain) is checked without being listed here.
"""
from __future__ import annotations

import http
import re

import pytest
from marshmallow import fields as ma_fields

from backend import extensions as ext
from backend.api import ProblemApi, ProblemOut
from backend.errors import PROBLEM_MIMETYPE

ARG = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")
METHODS = ("get", "put", "post", "patch", "delete")
# the OAuth 2.0 / OpenID Connect protocol endpoints answer as their RFCs say ({error}, redirects,
# HTML), not problem+json; they are documented as public protocol endpoints
PROTOCOL = re.compile(r"^/(oauth|\.well-known|oidc)/")


@pytest.fixture(scope="module")
def spec(app):
    with app.app_context():
        return ext.api.spec.to_dict()


def _operations(app):
    """(method, openapi path, operation rule, view) of every documented route."""
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if not hasattr(view, "_apidoc"):
            continue
        path = ARG.sub(lambda m: "{" + m.group(2) + "}", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield method.lower(), path, rule, view


def _op(spec, method, path):
    return spec["paths"][path][method]


def _responses(operation) -> set[int]:
    return {int(code) for code in operation["responses"] if code != "default"}


def _argument_schemas(view):
    for parameter in view._apidoc.get("arguments", {}).get("parameters", []):
        schema = parameter["schema"]
        yield parameter["in"], (schema() if isinstance(schema, type) else schema)


def _load_fields(schema, prefix=""):
    for name, field in schema.fields.items():
        if field.dump_only:
            continue
        label = prefix + (field.data_key or name)
        yield label, field
        inner = field.inner if isinstance(field, ma_fields.List) else field
        if isinstance(inner, ma_fields.Nested):
            yield from _load_fields(inner.schema, label + ".")


def test_every_route_is_documented(app, spec):
    operations = list(_operations(app))
    assert len(operations) >= 100
    for method, path, _rule, _view in operations:
        assert method in spec["paths"][path], (method, path)


def test_error_schema_is_problem_json(app, spec, client):
    assert ProblemApi.ERROR_SCHEMA is ProblemOut
    problem = spec["components"]["schemas"]["ProblemOut"]
    assert problem["properties"]["code"]["type"] == "string"
    assert set(problem["required"]) == {"type", "title", "status", "detail", "code"}
    assert problem.get("additionalProperties", True) is not False  # some problems add members
    for name, response in spec["components"]["responses"].items():
        status = getattr(http.HTTPStatus, name, None)
        if name == "DEFAULT_ERROR" or (status is not None and status >= 400):
            assert list(response["content"]) == [PROBLEM_MIMETYPE], name
            assert response["content"][PROBLEM_MIMETYPE]["schema"] == {"$ref": "#/components/schemas/ProblemOut"}
    # a real error has the documented members and types
    answer = client.get("/api/services/2147483647")
    assert answer.status_code == 404 and answer.mimetype == PROBLEM_MIMETYPE
    body = answer.get_json()
    types = {"string": str, "integer": int, "object": dict}
    for member in problem["required"]:
        assert isinstance(body[member], types[problem["properties"][member]["type"]]), member


def test_every_operation_declares_its_security(app, spec):
    schemes = spec["components"]["securitySchemes"]
    assert schemes["bearerAuth"] == {**schemes["bearerAuth"], "type": "http", "scheme": "bearer"}
    wrong = []
    for method, path, _rule, view in _operations(app):
        operation = _op(spec, method, path)
        if "security" not in operation:
            wrong.append((method, path, "no security"))
            continue
        for requirement in operation["security"]:
            wrong += [(method, path, f"unknown scheme {name}") for name in requirement if name not in schemes]
        if hasattr(view, "auth_roles"):
            # a guarded route: a non-empty requirement, and no anonymous alternative ({})
            if not operation["security"] or {} in operation["security"]:
                wrong.append((method, path, "guarded but documented as public"))
            statuses = _responses(operation)
            if 401 not in statuses:
                wrong.append((method, path, "no 401"))
            if view.auth_roles and 403 not in statuses:
                wrong.append((method, path, "roles checked, no 403"))
    assert wrong == []


def test_every_operation_declares_the_errors_its_route_can_answer(app, spec):
    wrong = []
    for method, path, rule, _view in _operations(app):
        operation = _op(spec, method, path)
        statuses = _responses(operation)
        expected = set()
        if rule.arguments:
            expected.add(404)  # the object named in the path may not exist (or not be the caller's)
        body = operation.get("requestBody")
        if body and not PROTOCOL.match(path):
            expected |= {400, 413}  # the JSON loader's refusals; MAX_CONTENT_LENGTH
            if "multipart/form-data" in body["content"]:
                expected.add(415)
        headers = [p for p in operation.get("parameters", []) if p.get("in") == "header"]
        if any(p["name"] == "Idempotency-Key" for p in headers):
            expected |= {400, 409}  # missing or malformed; reused with another body, or still in flight
        if expected - statuses:
            wrong.append((method, path, sorted(expected - statuses)))
        if PROTOCOL.match(path):
            continue
        for code, response in operation["responses"].items():
            if code != "default" and int(code) >= 400:
                ref = response.get("$ref", "")
                assert ref.startswith("#/components/responses/"), (method, path, code)
    assert wrong == []


def test_documented_auth_errors_are_what_the_server_answers(app, spec, client, resident, auth_headers):
    """Anonymous: 401 problem+json on every guarded route; a resident on a staff route: 403."""
    wrong = []
    resident_headers = auth_headers(resident)
    for method, path, rule, view in _operations(app):
        if not hasattr(view, "auth_roles") or not rule.rule.startswith("/api/"):
            continue
        url = ARG.sub(lambda m: "abc" if m.group(1) in (None, "string", "path") else "1", rule.rule)
        answer = client.open(url, method=method.upper(), json={})
        if answer.status_code != 401 or answer.mimetype != PROBLEM_MIMETYPE:
            wrong.append((method, path, "anonymous", answer.status_code))
        if view.auth_roles and "resident" not in view.auth_roles and view.auth_roles != ("agency_system",):
            answer = client.open(url, method=method.upper(), json={}, headers=resident_headers)
            if answer.status_code != 403 or 403 not in _responses(_op(spec, method, path)):
                wrong.append((method, path, "resident", answer.status_code))
    assert wrong == []


def test_every_request_body_has_a_valid_example(app, spec):
    wrong = []
    with app.test_request_context():
        for method, path, _rule, view in _operations(app):
            body = _op(spec, method, path).get("requestBody")
            if body is None:
                continue
            for content_type, media in body["content"].items():
                if "example" not in media and "examples" not in media:
                    wrong.append((method, path, content_type, "no example"))
            for location, schema in _argument_schemas(view):
                if location not in ("json", "form"):
                    continue
                example = next(iter(body["content"].values())).get("example")
                errors = schema.validate(example) if isinstance(example, dict) else {"_schema": ["not an object"]}
                if errors:
                    wrong.append((method, path, "invalid example", errors))
    assert wrong == []


def test_every_field_a_client_fills_is_described(app):
    wrong = set()
    for _method, _path, _rule, view in _operations(app):
        for location, schema in _argument_schemas(view):
            for name, field in _load_fields(schema):
                if not field.metadata.get("description"):
                    wrong.add((type(schema).__name__, location, name))
    assert sorted(wrong) == []


def test_request_body_booleans_are_json_booleans(app):
    """What the document says (type boolean) is what the body parser takes (see backend.api.JsonBoolean)."""
    from backend.api import JsonBoolean

    wrong = set()
    for _method, _path, _rule, view in _operations(app):
        for location, schema in _argument_schemas(view):
            for name, field in _load_fields(schema):
                if location == "json" and isinstance(field, ma_fields.Boolean) and not isinstance(field, JsonBoolean):
                    wrong.add((type(schema).__name__, name))
    assert sorted(wrong) == []
