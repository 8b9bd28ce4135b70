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
