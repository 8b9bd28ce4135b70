"""What every response pays (issue 13): no document policies on JSON, the limiter only where a
limit is declared, and the limits that are declared still hold."""
from __future__ import annotations

import pytest

from backend.app import create_app
from backend.extensions import db, limiter


def _header_bytes(response) -> int:
    return sum(len(name) + len(value) + 4 for name, value in response.headers.items())


def test_json_responses_carry_no_csp_and_stay_small(client):
    for url in ("/api/regions", "/api/health", "/api/regions/99.99", "/api/me"):
        response = client.get(url, headers={"Accept-Encoding": "br"})
        assert response.mimetype in ("application/json", "application/problem+json"), url
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "Content-Security-Policy" not in response.headers and "Permissions-Policy" not in response.headers
        assert _header_bytes(response) < 400, (url, dict(response.headers))


def test_the_shell_and_the_worker_carry_the_csp(client):
    for url in ("/", "/service-worker.js"):
        response = client.get(url)
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"], url
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.fixture
def limited(test_config, monkeypatch):
    """An app with the limits on (3 wrong passwords a minute), and a count of the limiter's checks."""
    app = create_app({**test_config, "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "memory://",
                      "LOGIN_RATE_LIMIT": "3 per minute"})
    calls = []
    check = limiter._check_request_limit
    monkeypatch.setattr(limiter, "_check_request_limit", lambda *a, **k: calls.append(1) or check(*a, **k))
    yield app, calls
    limiter.enabled = False
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_the_limiter_runs_only_on_limited_routes(limited):
    app, calls = limited
    client = app.test_client()
    for url in ("/api/health", "/api/regions", "/api/regions/35.74/services", "/", "/api/me"):
        response = client.get(url)
        assert not any(name.startswith("X-RateLimit") for name, _ in response.headers), url
    assert calls == []

    login = {"identifier": "tidak.ada@contoh.id", "password": "Salah-Sandi-2026"}
    response = client.post("/api/auth/login", json=login, environ_base={"REMOTE_ADDR": "10.9.8.7"})
    assert response.status_code == 401 and calls
    assert response.headers["X-RateLimit-Limit"] == "3"


def test_a_declared_limit_still_holds(limited):
    app, _ = limited
    client = app.test_client()
    login = {"identifier": "tidak.ada@contoh.id", "password": "Salah-Sandi-2026"}
    statuses = [client.post("/api/auth/login", json=login, environ_base={"REMOTE_ADDR": "10.9.8.6"}).status_code
                for _ in range(4)]
    assert statuses == [401, 401, 401, 429]
