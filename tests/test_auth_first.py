"""Authentication comes before input validation on every protected endpoint: an anonymous caller
with a malformed body or query learns only that it must sign in (401), never the schema (422)."""
import re

ARG = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")


def _protected(app):
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if not rule.rule.startswith("/api/") or not hasattr(view, "auth_roles"):
            continue
        url = ARG.sub(lambda m: "abc" if m.group(1) in (None, "string", "path") else "1", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield method, url


def test_every_protected_endpoint_is_known(app):
    endpoints = list(_protected(app))
    # the resident's, the officer's and the admin's endpoints together; a new one is checked too
    assert len(endpoints) >= 40
    assert ("POST", "/api/applications") in endpoints
    assert ("POST", "/api/officer/applications/1/transitions") in endpoints


def test_anonymous_malformed_requests_get_401_not_422(app, client):
    wrong = []
    for method, url in _protected(app):
        response = client.open(f"{url}?page=-5&per_page=x", method=method, json={"unexpected": [1, 2, 3]})
        if response.status_code != 401 or response.mimetype != "application/problem+json":
            wrong.append((method, url, response.status_code))
    assert wrong == []


def test_signed_in_malformed_request_still_gets_422(client, resident, auth_headers):
    response = client.post("/api/applications", json={"unexpected": 1},
                           headers=auth_headers(resident, **{"Idempotency-Key": "6f1c2f52-3f77-4f6b-9d55-4a1d8e3f2a10"}))
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
