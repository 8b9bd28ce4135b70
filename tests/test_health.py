"""/api/health: the state of the database and of the rate-limit storage, cheap enough to poll."""
from __future__ import annotations

import socket

import pytest

from backend.app import create_app
from backend.extensions import db, limiter


def _closed_port() -> int:
    """A port the OS just handed out and nobody listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def app_with(test_config):
    made = []

    def make(**config):
        app = create_app({**test_config, **config})
        made.append(app)
        return app

    yield make
    limiter.enabled = False
    for app in made:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def test_health_reports_each_dependency(app_with):
    app = app_with(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="database://")
    response = app.test_client().get("/api/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "checks": {"database": "ok", "ratelimit": "ok"}}


def test_health_without_rate_limits_says_off(client):
    assert client.get("/api/health").get_json() == {"status": "ok", "checks": {"database": "ok", "ratelimit": "off"}}


def test_redis_unreachable_is_degraded_but_still_serving(app_with):
    app = app_with(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{_closed_port()}/0")
    response = app.test_client().get("/api/health")
    assert response.status_code == 200  # a load balancer keeps a host that can still sign people in
    assert response.get_json() == {"status": "degraded", "checks": {"database": "ok", "ratelimit": "down"}}


def test_database_unreachable_is_down_and_503(app_with):
    url = f"postgresql+psycopg://nobody@127.0.0.1:{_closed_port()}/nothing"
    app = app_with(SQLALCHEMY_DATABASE_URI=url, RATELIMIT_ENABLED=False)
    response = app.test_client().get("/api/health")
    assert response.status_code == 503
    assert response.get_json() == {"status": "down", "checks": {"database": "down", "ratelimit": "off"}}


def test_health_asks_each_dependency_at_most_once_per_interval(app_with, monkeypatch):
    app = app_with(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="database://")
    calls = []
    check = limiter.storage.check
    monkeypatch.setattr(limiter.storage, "check", lambda: calls.append(1) or check())
    client = app.test_client()
    for _ in range(50):
        assert client.get("/api/health").status_code == 200
    assert len(calls) == 1
