"""Fixtures for the integrations tests: a connected agency system, its token, applications made fast."""
from __future__ import annotations

import base64
import uuid

import pytest

from backend.extensions import db
from backend.timeutil import utcnow


def kk_payload(user, region_code: str = "35.74", service_id: int | None = None) -> dict:
    from backend.catalogue.models import Service

    if service_id is None:
        service_id = db.session.query(Service.id).filter(Service.code == "kartu-keluarga").scalar()
    return {"service_id": service_id, "region_code": region_code, "form_version": 1,
            "data": {"nik": user.nik, "full_name": user.full_name, "phone": user.phone,
                     "request_type": "perubahan_data", "agree": True},
            "client_created_at": utcnow()}


@pytest.fixture
def connect(app):
    """connect(webhook_url=None, regions=("35.74",), agency="DISDUKCAPIL", services=None) -> credentials dict."""

    def make(webhook_url: str | None = None, regions=("35.74",), agency: str = "DISDUKCAPIL", services=None,
             name: str = "SIAK Terpusat") -> dict:
        from backend.integrations import services as integrations

        with app.app_context():
            integration, secrets = integrations.connect(
                db.session, name=name, agency_code=agency, regions=list(regions),
                services=services or {"kartu-keluarga": "both"}, webhook_url=webhook_url, now=utcnow())
            db.session.commit()
            result = {"id": integration.id, "actor_user_id": integration.actor_user_id, **secrets}
            db.session.remove()
            return result

    return make


@pytest.fixture
def agency_token(client):
    """agency_token(credentials, scope=None) -> access token from POST /oauth/token (client credentials)."""

    def token(credentials: dict, scope: str | None = None) -> str:
        basic = base64.b64encode(f"{credentials['client_id']}:{credentials['client_secret']}".encode()).decode()
        form = {"grant_type": "client_credentials", **({"scope": scope} if scope else {})}
        response = client.post("/oauth/token", data=form, headers={"Authorization": f"Basic {basic}"})
        assert response.status_code == 200, response.get_json()
        return response.get_json()["access_token"]

    return token


@pytest.fixture
def new_application(app):
    """new_application(user, region_code="35.74") -> application id, submitted through the applications service."""

    def make(user, region_code: str = "35.74") -> int:
        from backend.accounts.models import User
        from backend.applications import services as applications

        with app.app_context():
            owner = db.session.get(User, user.id)
            application, _ = applications.create_application(
                db.session, owner, kk_payload(owner, region_code), key=str(uuid.uuid4()), now=utcnow())
            db.session.commit()
            application_id = application.id
            db.session.remove()
            return application_id

    return make


def bearer(token: str, **extra) -> dict:
    return {"Authorization": f"Bearer {token}", **extra}


RECEIVER = __import__("pathlib").Path(__file__).with_name("receiver.py")


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Receiver:
    """The receiver process (receiver.py) on a fixed loopback port, started and stopped for real."""

    def __init__(self, log_path):
        self.port = free_port()
        self.log = log_path
        self.proc = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/webhooks/mpp"

    def start(self, secret: str, *, fail_first: int = 0, cut_on: int = 0) -> None:
        import subprocess
        import sys

        self.proc = subprocess.Popen(
            [sys.executable, str(RECEIVER), "--port", str(self.port), "--secret", secret, "--log", str(self.log),
             "--fail-first", str(fail_first), "--cut-on", str(cut_on)], stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        assert line.startswith("READY"), line

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.kill()  # its open keep-alive connections go with it
            self.proc.wait(10)
            self.proc = None

    def entries(self) -> list[dict]:
        import json

        if not self.log.exists():
            return []
        return [json.loads(line) for line in self.log.read_text().splitlines() if line.strip()]


@pytest.fixture
def receiver(tmp_path):
    r = Receiver(tmp_path / "received.jsonl")
    yield r
    r.stop()


class WorkerThread:
    """A webhook worker (claim, send, record) in a thread with its own database session."""

    def __init__(self, app, settings):
        import threading

        self.app, self.settings = app, settings
        self.stop_event = threading.Event()
        self.errors: list[BaseException] = []
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        from backend.integrations.delivery import Sender, process_batch

        with self.app.app_context(), Sender(self.settings) as sender:
            while not self.stop_event.is_set():
                try:
                    count = process_batch(db.session, self.settings, sender)
                except Exception as error:  # reported by the test
                    db.session.rollback()
                    self.errors.append(error)
                    count = 0
                finally:
                    db.session.remove()
                if count == 0:
                    self.stop_event.wait(0.05)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop_event.set()
        self.thread.join(30)


def fast_settings(**overrides):
    from datetime import timedelta

    from backend.integrations.delivery import WebhookSettings

    values = {"batch": 50, "concurrency": 8, "lease": timedelta(seconds=30), "timeout": 3.0, "backoff_base": 0.1,
              "backoff_max": 0.8, "max_age": timedelta(days=3), "base_url": "http://localhost:8000"}
    values.update(overrides)
    return WebhookSettings(**values)


@pytest.fixture(autouse=True)
def _feed_without_settle(app):
    """Feed reads see events at once here; test_feed_holds_back_young_events checks the settle time itself."""
    previous = app.config.get("AGENCY_FEED_SETTLE_SECONDS")
    app.config["AGENCY_FEED_SETTLE_SECONDS"] = 0
    yield
    app.config["AGENCY_FEED_SETTLE_SECONDS"] = previous if previous is not None else 5
