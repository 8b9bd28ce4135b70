"""Fixtures for the notifications tests: the fake push service, fake browsers, push settings."""
from __future__ import annotations

import itertools

import pytest

from backend.extensions import db
from backend.notifications import services
from backend.notifications.delivery import PushSettings

from .fakepush import FakeBrowser, FakePushService

_paths = itertools.count(1)


@pytest.fixture(scope="session")
def push_service():
    service = FakePushService().start()
    yield service
    service.stop()


@pytest.fixture
def push(push_service):
    """The fake push service, emptied for this test."""
    push_service.clear()
    yield push_service
    push_service.clear()


@pytest.fixture
def new_device(push):
    """make a FakeBrowser with a fresh endpoint path on the fake push service."""

    def make() -> FakeBrowser:
        return FakeBrowser(push.url(f"/push/send/{next(_paths)}"))

    return make


@pytest.fixture
def subscribe(app, new_device):
    """subscribe(user) -> FakeBrowser subscribed for user (through the service, committed)."""

    def make(user) -> FakeBrowser:
        device = new_device()
        with app.app_context():
            services.subscribe(db.session, user.id, device.endpoint, device.p256dh, device.auth, allow_local=True)
            db.session.commit()
        return device

    return make


@pytest.fixture
def settings(app):
    return PushSettings.from_config(app.config, timeout=5)


def status_params(status="needs_revision", tracking="PRB-20261128-0042"):
    return {"status": status, "tracking_number": tracking, "service_name": {"id": "KTP-el", "en": "e-ID card"}}
