"""Hostile input gets a 4xx problem+json in the request's language, never a 500 (issue 10, item 4).

One mechanism per kind of input, each checked here across the whole URL map, so a new route is
covered without a new test: the `<id:...>` converter for ids in paths, the JSON body loader
(depth, number length, NUL and other control characters, bad UTF-8) for every body, and the
request check for NUL in paths and query strings.
"""
from __future__ import annotations

import re
import uuid

import pytest
from werkzeug.routing.converters import NumberConverter

from backend.converters import MAX_ID, IdConverter, decimal_up_to
from backend.i18n import t

PROBLEM = "application/problem+json"
HUGE = "9" * 5000  # above Python's 4,300-digit limit for int()
BIG_IDS = [str(MAX_ID + 1), str(2**63), str(2**64), HUGE]
ARG = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")
BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def nested_objects(depth: int) -> str:
    return '{"a":' * depth + "1" + "}" * depth


def nested_arrays(depth: int) -> str:
    return "[" * depth + "]" * depth


def _id_rules(app):
    for rule in app.url_map.iter_rules():
        if any(isinstance(c, IdConverter) for c in rule._converters.values()):
            yield rule


def _url(rule, value: str) -> str:
    return ARG.sub(lambda m: value if m.group(1) == "id" else "abc", rule.rule)


def _assert_problem(response, status: int | None = None, code: str | None = None):
    assert response.mimetype == PROBLEM, (response.status_code, response.data[:200])
    body = response.get_json()
    if status is not None:
        assert response.status_code == status, body
    else:
        assert 400 <= response.status_code < 500, body
    if code is not None:
        assert body["code"] == code, body
    return body


# --- ids in paths -----------------------------------------------------------------------------

def test_every_integer_path_argument_uses_the_id_converter(app):
    plain = [rule.rule for rule in app.url_map.iter_rules()
             if any(isinstance(c, NumberConverter) and not isinstance(c, IdConverter) for c in rule._converters.values())]
    assert plain == []
    # the walk below must have something to walk
    assert len(list(_id_rules(app))) >= 15


@pytest.mark.parametrize("big", BIG_IDS, ids=["2^31", "2^63", "2^64", "5000-digits"])
def test_oversized_ids_are_404_on_every_route(app, client, resident, auth_headers, big):
    wrong = []
    for rule in _id_rules(app):
        url = _url(rule, big)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            for headers in ({}, auth_headers(resident)):
                response = client.open(url, method=method, json={} if method in BODY_METHODS else None, headers=headers)
                if response.status_code != 404 or response.mimetype != PROBLEM:
                    wrong.append((method, rule.rule, bool(headers), response.status_code))
    assert wrong == []


@pytest.mark.parametrize(
    ("method", "path", "role"),
    [
        ("POST", "/api/notifications/{}/read", "resident"),
        ("GET", "/api/bookings/{}", "resident"),
        ("POST", "/api/bookings/{}/cancel", "resident"),
        ("PATCH", "/api/me/passkeys/{}", "resident"),
        ("DELETE", "/api/me/passkeys/{}", "resident"),
        ("POST", "/api/officer/queue/{}/served", "officer"),
        ("POST", "/api/officer/queue/{}/no-show", "officer"),
        ("POST", "/api/officer/complaints/{}/answer", "officer"),
    ],
)
@pytest.mark.parametrize("big", BIG_IDS, ids=["2^31", "2^63", "2^64", "5000-digits"])
def test_the_reported_big_id_paths_are_404(client, make_user, auth_headers, method, path, role, big):
    headers = auth_headers(make_user(role), **{"Accept-Language": "en"})
    response = client.open(path.format(big), method=method, json={"name": "x", "answer": "x"}, headers=headers)
    body = _assert_problem(response, 404, "not-found")
    assert body["detail"] == t("error.not_found", "en")


@pytest.mark.parametrize("limit", [1, 9, 10, 99, 105, 1000, MAX_ID])
def test_the_id_pattern_matches_exactly_one_to_the_limit(limit):
    pattern = re.compile(decimal_up_to(limit))
    for n in [*range(0, 1100), limit - 1, limit, limit + 1, MAX_ID + 1, 10**10, 2**63]:
        assert bool(pattern.fullmatch(str(n))) == (1 <= n <= limit), n
    assert not pattern.fullmatch("01") and not pattern.fullmatch("-1")


def test_the_largest_id_still_reaches_the_view(client, resident, auth_headers):
    """2^31-1 is a valid id that names nothing: the view answers its own 404."""
    response = client.get(f"/api/bookings/{MAX_ID}", headers=auth_headers(resident))
    _assert_problem(response, 404)


# --- JSON bodies ------------------------------------------------------------------------------

HOSTILE_BODIES = {
    "1000 nested objects": nested_objects(1000).encode(),
    "1000 nested arrays": nested_arrays(1000).encode(),
    "5000-digit integer": b'{"identifier": ' + HUGE.encode() + b', "password": "x"}',
    "5000-digit negative": b'{"data": {"a": [-' + HUGE.encode() + b"]}}",
    "5000-digit float": b'{"service_id": ' + HUGE.encode() + b".5}",
    "overflowing exponent": b'{"service_id": 1e400}',
    "NaN": b'{"service_id": NaN}',
    "Infinity": b'{"service_id": -Infinity}',
    "not UTF-8": b'{"identifier": "\xff\xfe"}',
    "lone surrogate": b'{"identifier": "\\ud800"}',
    "truncated": b'{"identifier": ',
    "trailing garbage": b'{"a": 1} x',
}


# one of each mechanism for the walk over every route and role (the full table is slow there)
WALKED_BODIES = ["1000 nested objects", "1000 nested arrays", "5000-digit integer", "NaN", "not UTF-8", "lone surrogate"]
NUL_BODY = b'{"name": "a\\u0000", "full_name": "a\\u0000", "note": "\\u0000", "answer": "\\u0000", "data": {"a": "\\u0000"}}'


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("name", sorted(HOSTILE_BODIES))
def test_hostile_login_bodies_are_400_invalid_json(client, name, lang):
    response = client.post("/api/auth/login", data=HOSTILE_BODIES[name], content_type="application/json",
                           headers={"Accept-Language": lang})
    body = _assert_problem(response, 400, "invalid-json")
    assert body["detail"] == t("error.invalid_json", lang)
    assert response.headers["Content-Language"] == lang


@pytest.mark.parametrize("name", ["1000 nested arrays", "1000 nested objects", "5000-digit negative", "NaN"])
def test_hostile_application_bodies_are_400_invalid_json(client, resident, auth_headers, name):
    headers = auth_headers(resident, **{"Idempotency-Key": str(uuid.uuid4())})
    body = b'{"service_id": 1, "data": {"x": ' + HOSTILE_BODIES[name] + b"}}"
    response = client.post("/api/applications", data=body, content_type="application/json", headers=headers)
    _assert_problem(response, 400, "invalid-json")


def test_moderate_nesting_and_long_numbers_within_limits_still_parse(client, resident, auth_headers):
    """The limits refuse attacks, not data: a 20-digit integer reaches the schema (422 range error)."""
    headers = auth_headers(resident, **{"Idempotency-Key": str(uuid.uuid4())})
    response = client.post("/api/applications", json={"service_id": 10**19, "data": {"a": [[[{"b": 1}]]]}}, headers=headers)
    body = _assert_problem(response, 422, "validation-error")
    assert "service_id" in body["errors"]


def test_every_body_endpoint_refuses_hostile_json_without_a_500(app, client, make_user, auth_headers):
    """Every route that takes a body, for every role: a 4xx problem, whatever the view does."""
    users = [None, make_user("resident"), make_user("officer"), make_user("admin")]
    wrong = []
    for rule in app.url_map.iter_rules():
        methods = rule.methods & BODY_METHODS
        if not rule.rule.startswith("/api/") or not methods:
            continue
        url = ARG.sub(lambda m: "1" if m.group(1) == "id" else "35.74", rule.rule)
        for method in sorted(methods):
            for user in users:
                headers = auth_headers(user) if user else {}
                for name in WALKED_BODIES:
                    data = HOSTILE_BODIES[name]
                    response = client.open(url, method=method, data=data, content_type="application/json", headers=headers)
                    if response.status_code >= 500 or (response.status_code >= 400 and response.mimetype != PROBLEM):
                        wrong.append((method, rule.rule, user and user.role, name, response.status_code))
                response = client.open(url, method=method, data=NUL_BODY, content_type="application/json", headers=headers)
                if response.status_code >= 500 or (response.status_code >= 400 and response.mimetype != PROBLEM):
                    wrong.append((method, rule.rule, user and user.role, "NUL", response.status_code))
    assert wrong == []


# --- NUL and other control characters ---------------------------------------------------------

CONTROL = ["\u0000", "\u0001", "\u001b", "\u007f"]


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("char", CONTROL)
@pytest.mark.parametrize("field", ["full_name", "address", "birth_place"])
def test_control_characters_in_profile_fields_are_422(client, resident, auth_headers, field, char, lang):
    headers = auth_headers(resident, **{"Accept-Language": lang})
    response = client.patch("/api/me", json={field: f"Nama{char}Uji"}, headers=headers)
    body = _assert_problem(response, 422, "validation-error")
    assert body["errors"] == {field: [t("error.control_character", lang)]}
    assert client.get("/api/me", headers=headers).get_json()[field] != f"Nama{char}Uji"


def test_tabs_and_newlines_stay_allowed(client, resident, auth_headers):
    response = client.patch("/api/me", json={"address": "Jl. Suroyo No. 1\nRT 02\tRW 03\r\n"}, headers=auth_headers(resident))
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["address"] == "Jl. Suroyo No. 1\nRT 02\tRW 03\r\n"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [({"full_name": "Dewi\u0000Lestari"}, "full_name"), ({"password": "Rahasia\u0000Kuat-2026"}, "password"),
     ({"address": "Jl.\u0000"}, "address"), ({"nik": "3574014507905555\u0000"}, "nik")],
)
def test_nul_in_registration_is_422(client, overrides, field):
    from tests.accounts.conftest import register_payload

    response = client.post("/api/auth/register", json=register_payload(**overrides), headers={"Accept-Language": "en"})
    body = _assert_problem(response, 422, "validation-error")
    assert body["errors"][field] == [t("error.control_character", "en")]


def test_nul_in_a_key_or_a_nested_value_names_the_field(client, resident, auth_headers):
    headers = auth_headers(resident, **{"Idempotency-Key": str(uuid.uuid4())})
    response = client.post("/api/applications", json={"service_id": 1, "data": {"notes": ["ok", "bad\u0000"], "k\u0000": 1}},
                           headers=headers)
    body = _assert_problem(response, 422, "validation-error")
    assert body["errors"]["data.notes.1"] == [t("error.control_character", "id")]
    assert "data.k\\u0000" in body["errors"]


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize(("query", "field"), [("q=%00", "q"), ("q=ab%00cd", "q"), ("category=%01", "category"),
                                              ("q=ok&agency=%00", "agency"), ("%00=1", "\\u0000")])
def test_nul_in_the_query_string_is_422(client, query, field, lang):
    response = client.get(f"/api/regions/35.74/services?{query}", headers={"Accept-Language": lang})
    body = _assert_problem(response, 422, "validation-error")
    assert body["detail"] == t("error.validation", lang)
    assert body["errors"] == {field: [t("error.control_character", lang)]}


def test_nul_in_a_multipart_form_field_is_422(client, resident, auth_headers):
    import io

    response = client.post("/api/documents", headers=auth_headers(resident), content_type="multipart/form-data",
                           data={"document_type": "ktp\u0000", "file": (io.BytesIO(b"%PDF-1.4\n"), "ktp.pdf")})
    body = _assert_problem(response, 422, "validation-error")
    assert list(body["errors"]) == ["document_type"]


@pytest.mark.parametrize("path", ["/api/regions/%00/services", "/api/regions/35.74%00", "/api/regions/%00",
                                  "/api/regions/%00/availability", "/api/%00", "/api/bookings/1%00", "/pwa/%00.js", "/pwa/a/%01.css"])
def test_nul_in_a_path_segment_is_404(client, path):
    response = client.get(path, headers={"Accept": "text/html"})
    _assert_problem(response, 404, "not-found")


@pytest.mark.parametrize(("depth", "status"), [(64, 422), (65, 400)])
def test_the_depth_limit_is_exact(client, resident, auth_headers, depth, status):
    from backend.jsonbody import MAX_DEPTH

    assert depth in (MAX_DEPTH, MAX_DEPTH + 1)
    body = '{"service_id": 1, "data": ' + nested_objects(depth - 1) + "}"  # the outer object is level 1
    response = client.post("/api/applications", data=body, content_type="application/json",
                           headers=auth_headers(resident, **{"Idempotency-Key": str(uuid.uuid4())}))
    _assert_problem(response, status, "validation-error" if status == 422 else "invalid-json")


def test_request_get_json_uses_the_same_loader(app):
    """Code that reads the body itself (a limiter's key function) gets the same limits."""
    from werkzeug.exceptions import UnsupportedMediaType

    from backend.jsonbody import InvalidJson

    with app.test_request_context("/", method="POST", data=nested_arrays(1000), content_type="application/json"):
        from flask import request

        assert request.get_json(silent=True) is None
        with pytest.raises(InvalidJson):
            request.get_json()
    with app.test_request_context("/", method="POST", data="x", content_type="text/plain"):
        with pytest.raises(UnsupportedMediaType):
            request.get_json()


def test_deep_json_on_login_with_rate_limits_on_is_400(test_config, tmp_path):
    """The login limiter reads the body itself (its per-account key): that read has the limits too."""
    from backend.app import create_app

    app = create_app({**test_config, "INSTANCE_PATH": str(tmp_path), "RATELIMIT_ENABLED": True,
                      "RATELIMIT_STORAGE_URI": "memory://", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite3'}"})
    for body in (nested_objects(1000), nested_arrays(1000), '{"identifier": ' + HUGE + "}"):
        response = app.test_client().post("/api/auth/login", data=body, content_type="application/json")
        _assert_problem(response, 400, "invalid-json")
