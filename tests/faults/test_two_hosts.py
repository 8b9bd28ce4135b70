"""Two hosts with nothing shared but PostgreSQL, Redis and an S3 endpoint (no shared disk, own instance folders,
MPP_ENV=production with the keys from the environment): what one host did, the other one honours."""
from __future__ import annotations

import os
import uuid
from datetime import date
from types import SimpleNamespace

import pytest
import requests

from tests.conftest import DEMO_PASSWORD
from tests.production_env import production_secrets
from tests.s3server import s3_server

from .conftest import ROOT, Server, application_body, call, scalar, until

REDIS = os.environ.get("RATELIMIT_STORAGE_URI", "")
pytestmark = pytest.mark.skipif(
    not (os.environ.get("DATABASE_URL") or "").startswith("postgres") or not REDIS.startswith("redis"),
    reason="two hosts need PostgreSQL (DATABASE_URL) and Redis (RATELIMIT_STORAGE_URI) to share; SQLite is one host")
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n" + os.urandom(40_000) + b"\n%%EOF\n"


@pytest.fixture(scope="module")
def s3():
    with s3_server() as server:
        yield server


@pytest.fixture(scope="module")
def s3_settings(s3):
    return s3.settings()


@pytest.fixture(scope="module")
def hosts(fault_db, s3_settings, tmp_path_factory):
    """Hosts A and B: the same environment except each one's instance folder (which must stay empty)."""
    shared = {**os.environ, **production_secrets(), **{k: str(v) for k, v in s3_settings.items()},
              "MPP_ENV": "production", "DATABASE_URL": fault_db.url, "RATELIMIT_ENABLED": "1",
              "RATELIMIT_STORAGE_URI": REDIS, "LOGIN_RATE_LIMIT": "4 per minute", "PROXY_FIX_X_FOR": "1",
              "PYTHONPATH": str(ROOT)}
    shared.pop("DOCUMENT_STORAGE_PATH", None)
    logs = tmp_path_factory.mktemp("two-hosts")
    pair = []
    for name in ("A", "B"):
        instance = tmp_path_factory.mktemp(f"instance-{name}")
        pair.append(Server(name, {**shared, "FAULT_INSTANCE_PATH": str(instance)}, logs / f"{name}.log"))
        pair[-1].instance = instance
    try:
        for host in pair:
            _start(host)
        yield pair
    finally:
        for host in pair:
            host.stop()


def _start(host: Server) -> None:
    """Server.start, with two more minutes to answer (on a loaded 2-core machine its workers can take over 60 s)."""
    try:
        host.start()
    except RuntimeError:
        if host.process is None or host.process.poll() is not None:
            raise
        if not until(lambda: (answer := call(host.base, "GET", "/api/health", timeout=5)) is not None
                     and answer.status == 200, timeout=120):
            raise


def _resident(fault_db) -> SimpleNamespace:
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from backend.accounts.models import User
    from backend.accounts.passwords import hash_password

    n = uuid.uuid4().int % 10**6
    email = f"dua-host-{uuid.uuid4().hex[:8]}@contoh.id"
    user = User(role="resident", full_name=f"Warga Dua Host {n}", email=email, nik=f"3574014507{n:06d}",
                birth_date=date(1990, 7, 5), gender="P", phone=f"0813{n:08d}", address="Jl. Suroyo No. 2, Probolinggo",
                password_hash=hash_password(DEMO_PASSWORD))
    engine = create_engine(fault_db.url)
    with Session(engine) as session:
        session.add(user)
        session.commit()
        made = SimpleNamespace(id=user.id, email=email, nik=user.nik, full_name=user.full_name, phone=user.phone)
    engine.dispose()
    return made


def _login(base: str, email: str, password: str = DEMO_PASSWORD, ip: str = "198.51.100.1"):
    return call(base, "POST", "/api/auth/login", {"identifier": email, "password": password},
                {"X-Forwarded-For": ip})


def test_what_one_host_did_the_other_honours(fault_db, hosts, s3, s3_settings):
    a, b = hosts
    resident = _resident(fault_db)
    signed_in = _login(a.base, resident.email)
    assert signed_in is not None and signed_in.status == 200, signed_in
    headers = {"Authorization": f"Bearer {signed_in.body['access_token']}", "Accept-Language": "en"}

    # a token issued by A works on B
    me = call(b.base, "GET", "/api/me", headers=headers)
    assert me.status == 200 and me.body["id"] == resident.id

    # a document uploaded through A downloads through B (bytes in the bucket, not on either host)
    uploaded = requests.post(f"{a.base}/api/documents", headers=headers, data={"document_type": "kk"},
                             files={"file": ("kk.pdf", PDF, "application/pdf")}, timeout=30)
    assert uploaded.status_code == 201, uploaded.text
    downloaded = requests.get(f"{b.base}/api/documents/{uploaded.json()['id']}/content", headers=headers, timeout=30)
    assert downloaded.status_code == 200 and downloaded.content == PDF
    assert len(s3.keys(s3_settings["S3_PREFIX"])) == 1

    # an application sent to A and replayed with the same key on B is one application
    service_id = scalar(fault_db, "SELECT id FROM service WHERE code = 'kartu-keluarga'")
    body = application_body(resident, service_id)
    key = str(uuid.uuid4())
    first = call(a.base, "POST", "/api/applications", body, {**headers, "Idempotency-Key": key})
    again = call(b.base, "POST", "/api/applications", body, {**headers, "Idempotency-Key": key})
    assert first.status == 201, first.body
    assert again.status == 201 and again.body == first.body
    assert scalar(fault_db, "SELECT count(*) FROM application WHERE user_id = :u AND idempotency_key = :k",
                  u=resident.id, k=key) == 1

    # /api/health of both: the object store is a checked dependency
    for host in hosts:
        assert call(host.base, "GET", "/api/health").body["checks"]["documents"] == "ok"
    # no shared disk: neither host wrote anything into its instance folder
    assert [list(host.instance.iterdir()) for host in hosts] == [[], []]


def test_sign_in_limits_hold_across_both_hosts(fault_db, hosts):
    a, b = hosts
    ip, other_ip = (f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}" for n in (uuid.uuid4().int, uuid.uuid4().int))
    target = _resident(fault_db).email
    answers = [_login((a, b)[i % 2].base, target, "Salah-Sandi-2026", ip).status for i in range(6)]
    assert answers == [401, 401, 401, 401, 429, 429]  # "4 per minute" counted once for both hosts

    bystander = _resident(fault_db).email
    # the limit is on the client address the proxy forwarded (ProxyFix), not on the proxy's own
    assert _login(a.base, bystander, "Salah-Sandi-2026", ip).status == 429
    assert _login(b.base, bystander, "Salah-Sandi-2026", other_ip).status == 401
