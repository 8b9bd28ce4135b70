"""Fixtures of the provider tests: a registered e-service and a signed-in resident's decision."""
from __future__ import annotations

import pytest

from backend.extensions import db

from .helpers import EService, query, register

ISSUER = "http://localhost:8000"


@pytest.fixture
def eservice(app) -> EService:
    with app.app_context():
        es = register(db.session)
        db.session.remove()
    return es


@pytest.fixture
def authorize(client, auth_headers):
    """authorize(es, user, **params) -> the callback's query after the resident allows (or the error)."""

    def run(es: EService, user, *, approve=True, scopes=None, document_id=None, headers=None, **params):
        response = client.get("/oauth/authorize", query_string=es.auth_params(**params))
        if response.status_code != 303 or not response.headers["Location"].startswith("/izin/"):
            return response
        handle = response.headers["Location"].rsplit("/", 1)[1]
        headers = headers or auth_headers(user)
        shown = client.get(f"/api/oidc/requests/{handle}", headers=headers)
        assert shown.status_code == 200, shown.get_json()
        body = {"approve": approve}
        if scopes is not None:
            body["scopes"] = scopes
        if document_id is not None:
            body["document_id"] = document_id
        decided = client.post(f"/api/oidc/requests/{handle}", json=body, headers=headers)
        assert decided.status_code == 200, decided.get_json()
        return query(decided.get_json()["redirect_to"]) | {"_shown": shown.get_json(), "_to": decided.get_json()["redirect_to"]}

    return run


@pytest.fixture
def redeem(client):
    """redeem(es, code, **overrides) -> the token endpoint's response."""

    def run(es: EService, code: str, *, verifier=None, jti=None, **form):
        data = {"grant_type": "authorization_code", "code": code, "redirect_uri": es.redirect_uri,
                "code_verifier": es.verifier if verifier is None else verifier, **es.client_auth(f"{ISSUER}/oauth/token", jti)}
        data.update(form)
        return client.post("/oauth/token", data={k: v for k, v in data.items() if v != ""})

    return run
