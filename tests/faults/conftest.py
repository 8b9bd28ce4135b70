"""Fault tests: two real gunicorn servers on one fresh database, driven over HTTP.

The fault tests share one database (PostgreSQL next to DATABASE_URL, else an SQLite file),
one instance folder (so both servers share signing keys) and two servers on free
ports. Residents are made in the database; their tokens come from the real login endpoint.
"""
from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from ..conftest import DEMO_PASSWORD, _postgres_database, is_postgres

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
TAKEOVER_SECONDS = 1.0  # short, so a test can wait it out; a live holder must still never be taken over


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Answer:
    status: int
    headers: dict
    body: dict


def call(base: str, method: str, path: str, body: dict | None = None, headers: dict | None = None,
         timeout: float = 60) -> Answer | None:
    """One request on a new connection; None when the connection fails or breaks (nothing was told)."""
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        conn.request(method, path, body=None if body is None else json.dumps(body),
                     headers={**(headers or {}), "Content-Type": "application/json"})
        response = conn.getresponse()
        raw = response.read()
        return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, json.loads(raw or b"{}"))
    except (OSError, http.client.HTTPException):
        return None
    finally:
        conn.close()


@dataclass
class Server:
    """gunicorn (2 workers x 4 threads, as `make run`) in its own process group."""

    name: str
    env: dict
    log: Path
    port: int = 0
    process: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Server:
        self.port = free_port()
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [GUNICORN, "--bind", f"127.0.0.1:{self.port}", "--workers", "2", "--threads", "4",
                 "--timeout", "120", "--graceful-timeout", "2", "tests.faults.wsgi:app"],
                cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited: {self.log.read_text()[-2000:]}")
            answer = call(self.base, "GET", "/api/health", timeout=2)
            if answer is not None and answer.status == 200:
                return self
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not start: {self.log.read_text()[-2000:]}")

    def workers(self) -> list[int]:
        """Pids of the worker processes (children of the gunicorn master)."""
        pids = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[1]) == self.process.pid:
                    pids.append(int(entry.name))
        return pids

    def kill9(self) -> None:
        """kill -9 of the whole server: master and workers, no cleanup of any kind."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill9()


@dataclass
class FaultDatabase:
    url: str  # SQLAlchemy URL
    raw_url: str  # for psycopg / sqlite3
    instance: Path

    @property
    def postgres(self) -> bool:
        return self.url.startswith("postgresql")


@pytest.fixture(scope="package")
def fault_db(tmp_path_factory):
    """A fresh database with the catalogue and the booking counters, shared by the fault tests."""
    instance = tmp_path_factory.mktemp("fault-instance")
    if is_postgres():
        raw, drop = _postgres_database()
        url = raw.replace("postgresql://", "postgresql+psycopg://")
    else:
        raw = str(instance / "fault.sqlite3")
        url, drop = f"sqlite:///{raw}", (lambda: None)
    from backend.app import create_app
    from backend.booking import demo as booking_demo
    from backend.catalogue import demo as catalogue_demo
    from backend.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": str(instance), "TESTING": True})
    with app.app_context():
        db.create_all()
        catalogue_demo.load(db.session)
        booking_demo.load(db.session)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    yield FaultDatabase(url, raw, instance)
    drop()


@pytest.fixture(scope="package")
def servers(fault_db, tmp_path_factory):
    """Servers A and B on one database; a test may kill9() and start() them again."""
    logs = tmp_path_factory.mktemp("fault-logs")
    env = {**os.environ, "DATABASE_URL": fault_db.url, "FAULT_INSTANCE_PATH": str(fault_db.instance),
           "IDEMPOTENCY_TAKEOVER_SECONDS": str(TAKEOVER_SECONDS), "RATELIMIT_ENABLED": "0",
           "RATELIMIT_STORAGE_URI": "memory://", "PYTHONPATH": str(ROOT)}
    pair = [Server("A", env, logs / "a.log"), Server("B", env, logs / "b.log")]
    try:
        for server in pair:
            server.start()
        yield pair
    finally:
        for server in pair:
            server.stop()


@dataclass
class Resident:
    id: int
    nik: str
    full_name: str
    phone: str
    token: str

    def headers(self, key: str | None = None) -> dict:
        out = {"Authorization": f"Bearer {self.token}", "Accept-Language": "en"}
        if key:
            out["Idempotency-Key"] = key
        return out


@pytest.fixture(scope="package")
def make_resident(fault_db, servers):
    """make_resident() -> a resident in the database, signed in through POST /api/auth/login."""
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from backend.accounts.models import User
    from backend.accounts.passwords import hash_password

    engine = create_engine(fault_db.url)
    made = iter(range(1, 1000))

    def make() -> Resident:
        n = next(made)
        email = f"fault{n}-{uuid.uuid4().hex[:6]}@contoh.id"
        user = User(role="resident", full_name=f"Warga Uji {n}", email=email, nik=f"3574014507900{n:03d}"[-16:],
                    birth_date=date(1990, 7, 5), gender="P", phone=f"0812345{n:05d}",
                    address="Jl. Suroyo No. 1, Probolinggo", password_hash=hash_password(DEMO_PASSWORD))
        with Session(engine) as session:
            session.add(user)
            session.commit()
            fields = (user.id, user.nik, user.full_name, user.phone)
        base = next(s.base for s in servers if s.process is not None and s.process.poll() is None)
        answer = call(base, "POST", "/api/auth/login", {"identifier": email, "password": DEMO_PASSWORD})
        assert answer is not None and answer.status == 200, answer
        return Resident(*fields, token=answer.body["access_token"])

    yield make
    engine.dispose()


def application_body(resident: Resident, service_id: int) -> dict:
    """A valid POST /api/applications body (Kartu Keluarga at Kota Probolinggo, no documents)."""
    return {"service_id": service_id, "region_code": "35.74", "form_version": 1,
            "data": {"nik": resident.nik, "full_name": resident.full_name, "phone": resident.phone,
                     "request_type": "perubahan_data", "agree": True},
            "client_created_at": datetime.now(ZoneInfo("UTC")).isoformat()}


def next_working_day() -> date:
    """A working day 2..9 days ahead at WIB, so a 08:30 slot there is bookable now."""
    from backend.workdays import is_working_day

    day = datetime.now(ZoneInfo("Asia/Jakarta")).date() + timedelta(days=2)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def scalar(fault_db: FaultDatabase, sql: str, **params):
    """One value from the database, read with a fresh connection (as an outside observer)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(fault_db.url)
    try:
        with engine.connect() as connection:
            return connection.execute(text(sql), params).scalar()
    finally:
        engine.dispose()


def rows(fault_db: FaultDatabase, sql: str, **params) -> list[tuple]:
    from sqlalchemy import create_engine, text

    engine = create_engine(fault_db.url)
    try:
        with engine.connect() as connection:
            return [tuple(r) for r in connection.execute(text(sql), params)]
    finally:
        engine.dispose()


def until(predicate, timeout: float, interval: float = 0.25):
    """predicate()'s first truthy value within timeout seconds, else its last value."""
    deadline = time.monotonic() + timeout
    value = predicate()
    while not value and time.monotonic() < deadline:
        time.sleep(interval)
        value = predicate()
    return value
