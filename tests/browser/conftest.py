"""Browser-test fixtures: a live server on http://localhost:<port> (a real WSGI server in a
thread, with its own throw-away database: SQLite, or PostgreSQL when DATABASE_URL names one), Debian's Chromium, 360x740 pages.

The server can be stopped and started again on the same port (connections close after
each response, so a stopped server really answers nothing) and can be told to fail the
next N requests to a path with a given status.
"""
from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import delete
from werkzeug.serving import WSGIRequestHandler, make_server

from backend.app import create_app
from backend.extensions import db
from tests.conftest import CATALOGUE_TABLES, DEMO_PASSWORD, _postgres_database, is_postgres

CHROMIUM = "/usr/lib/chromium/chromium" if Path("/usr/lib/chromium/chromium").exists() else "/usr/bin/chromium"
OUTPUT = Path(__file__).resolve().parents[2] / "test-output"
SCREENS = OUTPUT / "screens"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _OneShotHandler(WSGIRequestHandler):
    protocol_version = "HTTP/1.0"  # no keep-alive: stopping the server cuts the browser off for real

    def log_request(self, *args, **kwargs):
        pass


class FaultInjector:
    """WSGI middleware: fail(path_prefix, times, status) answers the next matching requests with an error."""

    def __init__(self, app):
        self.app = app
        self.faults: list[dict] = []
        self.lock = threading.Lock()
        self.seen: list[tuple[str, str]] = []
        self.answers: list[tuple[str, str, str]] = []  # (method, path, status) of what the app answered

    def fail(self, prefix: str, times: int = 1, status: int = 500, method: str = "POST", after: bool = False):
        """after=True lets the app handle the request and then loses its answer (a dropped response)."""
        with self.lock:
            self.faults.append({"prefix": prefix, "left": times, "status": status, "method": method, "after": after})

    def count(self, method: str, prefix: str) -> int:
        with self.lock:
            return sum(1 for m, p in self.seen if m == method and p.startswith(prefix))

    def __call__(self, environ, start_response):
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD")
        with self.lock:
            self.seen.append((method, path))
            fault = next((f for f in self.faults if f["left"] > 0 and f["method"] == method and path.startswith(f["prefix"])), None)
            if fault:
                fault["left"] -= 1
        if fault and fault["after"]:
            body = self.app(environ, lambda *args, **kwargs: (lambda data: None))
            for _ in body:
                pass
            if hasattr(body, "close"):
                body.close()
        if fault:
            start_response(f"{fault['status']} Injected", [("Content-Type", "application/problem+json")])
            return [b'{"type":"about:blank","title":"Injected failure","status":%d}' % fault["status"]]
        def record(status, headers, *args):
            with self.lock:
                self.answers.append((method, path, status.split(" ", 1)[0]))
            return start_response(status, headers, *args)

        return self.app(environ, record)


class LiveServer:
    def __init__(self, app, port: int):
        self.app = app
        self.port = port
        self.url = f"http://localhost:{port}"
        self.faults = FaultInjector(app.wsgi_app)
        app.wsgi_app = self.faults
        self._server = None
        self._thread = None

    def start(self):
        for _ in range(50):
            try:
                self._server = make_server("127.0.0.1", self.port, self.app, threaded=True, request_handler=_OneShotHandler)
                break
            except OSError:
                time.sleep(0.1)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self):
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def count(self, model, **where) -> int:
        from sqlalchemy import func, select

        with self.app.app_context():
            query = select(func.count()).select_from(model)
            for key, value in where.items():
                query = query.where(getattr(model, key) == value)
            return db.session.scalar(query)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    instance = tmp_path_factory.mktemp("browser-instance")
    port = _free_port()
    drop = None
    if is_postgres():  # the PostgreSQL run drives the browser against PostgreSQL too
        url, drop = _postgres_database()
        database_uri = url.replace("postgresql://", "postgresql+psycopg://")
    else:
        database_uri = f"sqlite:///{instance / 'browser.sqlite3'}"
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": str(instance),
            "SQLALCHEMY_DATABASE_URI": database_uri,
            "DOCUMENT_STORAGE_PATH": str(instance / "documents"),
            "RATELIMIT_ENABLED": False,
            "WEBAUTHN_RP_ID": "localhost",
            "WEBAUTHN_ORIGINS": [f"http://localhost:{port}"],
        }
    )
    with app.app_context():
        db.create_all()
        from backend.catalogue import demo as catalogue_demo

        catalogue_demo.load(db.session)
        db.session.commit()
    server = LiveServer(app, port)
    server.start()
    yield server
    server.stop()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    if drop is not None:
        drop()


@pytest.fixture
def server(live_server):
    """The live server, emptied of everything but the catalogue after the test, always running."""
    live_server.faults.faults.clear()
    live_server.faults.seen.clear()
    live_server.faults.answers.clear()
    original_expiry = live_server.app.config["JWT_ACCESS_TOKEN_EXPIRES"]
    yield live_server
    if live_server._server is None:
        live_server.start()
    live_server.app.config["JWT_ACCESS_TOKEN_EXPIRES"] = original_expiry
    live_server.faults.faults.clear()
    with live_server.app.app_context():
        db.session.rollback()
        for table in reversed(db.metadata.sorted_tables):
            if table.name not in CATALOGUE_TABLES:
                db.session.execute(delete(table))
        db.session.commit()
        db.session.remove()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which("chromium") and not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (make browser-deps)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def browser_context_args(browser_context_args, live_server):
    return {
        **browser_context_args,
        "viewport": {"width": 360, "height": 740},
        "base_url": live_server.url,
        "locale": "id-ID",
        "timezone_id": "Asia/Jakarta",
    }


@pytest.fixture(autouse=True)
def _no_uncaught_errors(request):
    """Any uncaught exception in a page fails the test that caused it."""
    if "page" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("page")
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield
    assert not errors, f"uncaught errors in the page: {errors}"


@pytest.fixture
def resident_account(server):
    """A resident with a complete profile, created directly in the database; returns (user, password)."""
    from backend.accounts.models import User
    from backend.accounts.passwords import hash_password

    with server.app.app_context():
        user = User(
            role="resident", nik="3574014507900001", full_name="Siti Rahmawati", birth_date=date(1990, 7, 5), gender="P",
            phone="081234567890", email="siti@contoh.id", address="Jl. Suroyo No. 1, Probolinggo", kk_number="3574010101900001",
            password_hash=hash_password(DEMO_PASSWORD),
        )
        db.session.add(user)
        db.session.commit()
        db.session.refresh(user)
        db.session.expunge(user)
    return user, DEMO_PASSWORD


@pytest.fixture
def screenshot(page):
    SCREENS.mkdir(parents=True, exist_ok=True)

    def take(name: str):
        page.screenshot(path=str(SCREENS / f"{name}.png"), full_page=False)

    return take


def pytest_collection_modifyitems(config, items):
    if os.environ.get("SKIP_BROWSER"):
        for item in items:
            if "browser" in item.keywords:
                item.add_marker(pytest.mark.skip(reason="SKIP_BROWSER set"))
