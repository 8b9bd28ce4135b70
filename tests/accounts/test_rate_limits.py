"""Sign-in limits that hold across processes, cannot lock the owner out, and survive Redis going down."""
from __future__ import annotations

import http.client
import json
import logging
import os
import secrets
import socket
import subprocess
import time
from pathlib import Path

import pytest
from itsdangerous import URLSafeTimedSerializer

from backend.app import create_app
from backend.extensions import db, limiter
from tests.conftest import DEMO_PASSWORD

from .conftest import register_payload

ROOT = Path(__file__).resolve().parents[2]
WRONG = "Salah-Sandi-2026"
REDIS_URL = "redis://127.0.0.1:6379/13"  # a Redis database number of this test's own


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _redis_or_skip():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    return client


def _ip() -> dict:
    return {"REMOTE_ADDR": "10.{}.{}.{}".format(*secrets.token_bytes(3))}


def _nik() -> str:
    return f"357401450790{secrets.randbelow(9000) + 1000}"


@pytest.fixture
def limited_app(test_config):
    """make(**config) -> a second app on the suite's database with the limits on (the suite runs without)."""
    made = []

    def make(**config):
        storage = os.environ.get("RATELIMIT_STORAGE_URI") or "database://"
        app = create_app({**test_config, "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": storage,
                          "LOGIN_RATE_LIMIT": "10 per minute", **config})
        made.append(app)
        return app

    yield make
    limiter.enabled = False
    for app in made:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def _login(client, identifier, password=WRONG, ip=None):
    return client.post("/api/auth/login", json={"identifier": identifier, "password": password}, environ_base=ip or _ip())


def _lock_account(app, identifier):
    """Ten wrong passwords from ten addresses the owner has never used."""
    for _ in range(10):
        assert _login(app.test_client(), identifier).status_code == 401


# --- the documented limit across the processes of `make run` -------------------------------------

@pytest.fixture
def gunicorn(app, database_url, tmp_path):
    """start(storage_uri) -> (port, access log): `make run`'s gunicorn, 2 workers, on a free port."""
    procs = []

    def start(storage_uri: str | None):
        port, log = _free_port(), tmp_path / "access.log"
        env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": secrets.token_urlsafe(32),
               "JWT_SECRET_KEY": secrets.token_urlsafe(32), "RATELIMIT_ENABLED": "1", "VAPID_PRIVATE_KEY": ""}
        env.pop("RATELIMIT_STORAGE_URI", None)
        if storage_uri:
            env["RATELIMIT_STORAGE_URI"] = storage_uri
        # a key prefix of its own: counters of an earlier run (or of anyone sharing this Redis) for 127.0.0.1
        config = json.dumps({"INSTANCE_PATH": str(tmp_path / "instance"), "RATELIMIT_KEY_PREFIX": secrets.token_hex(8)})
        cmd = [str(ROOT / ".venv/bin/gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "4",
               "--access-logfile", str(log), "--access-logformat", "%(p)s %(s)s", f"backend.app:create_app({config})"]
        procs.append(subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=tmp_path.joinpath("err.log").open("w")))
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:  # until both workers have answered (the second boots later)
            try:
                _request(port, "GET", "/api/health")
            except OSError:
                time.sleep(0.2)
                continue
            if len(_workers(log)) == 2:
                log.write_text("")
                return port, log
        raise AssertionError((tmp_path / "err.log").read_text()[-2000:])

    yield start
    for proc in procs:
        proc.terminate()
        proc.wait(timeout=30)


def _workers(log: Path, statuses: tuple[str, ...] = ("200", "401", "429")) -> set[str]:
    """The pids that wrote an access-log line with one of these statuses."""
    lines = log.read_text().splitlines() if log.exists() else []
    return {line.split()[0] for line in lines if line.split()[-1:] and line.split()[-1] in statuses}


def _request(port: int, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
    """One request on a new TCP connection, closed after the answer (no keep-alive)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        payload = json.dumps(body).encode() if body is not None else None
        connection.request(method, path, body=payload, headers={"Content-Type": "application/json", "Connection": "close"})
        response = connection.getresponse()
        return response.status, dict(response.getheaders())
    finally:
        connection.close()


@pytest.mark.parametrize("storage", ["database://", REDIS_URL], ids=["database", "redis"])
def test_eleventh_wrong_password_over_new_connections_to_two_workers_gets_429(gunicorn, make_user, storage):
    if storage.startswith("redis"):
        _redis_or_skip()
    resident = make_user(nik=_nik())
    port, log = gunicorn(None if storage == "database://" else storage)
    statuses = [_request(port, "POST", "/api/auth/login", {"identifier": resident.nik, "password": WRONG})[0]
                for _ in range(11)]
    assert statuses == [401] * 10 + [429]
    status, headers = _request(port, "POST", "/api/auth/login", {"identifier": resident.nik, "password": DEMO_PASSWORD})
    assert status == 429 and int(headers["Retry-After"]) > 0
    time.sleep(0.5)  # the access log is written after the response
    assert len(_workers(log, ("401", "429"))) == 2, "both workers must have answered for the test to show anything"


# --- the owner cannot be locked out --------------------------------------------------------------

def test_owner_signs_in_with_a_passkey_while_the_account_is_limited(limited_app, make_user, add_passkey, authenticator):
    app = limited_app()
    resident = make_user(nik=_nik())
    add_passkey(resident, authenticator)
    _lock_account(app, resident.nik)
    assert _login(app.test_client(), resident.nik, DEMO_PASSWORD).status_code == 429  # the password is limited
    owner = app.test_client()
    options = owner.post("/api/auth/passkeys/login/options", json={}, environ_base=_ip()).get_json()
    body = {"challenge_id": options["challenge_id"], "credential": authenticator.get(options["options"])}
    response = owner.post("/api/auth/passkeys/login/verify", json=body, environ_base=_ip())
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["user"]["id"] == resident.id


def test_a_device_that_signed_in_before_gets_in_with_the_password_while_the_account_is_limited(limited_app, make_user):
    app = limited_app()
    resident = make_user(nik=_nik())
    phone, home = app.test_client(), _ip()
    assert _login(phone, resident.nik, DEMO_PASSWORD, home).status_code == 200
    _lock_account(app, resident.nik)
    assert _login(app.test_client(), resident.nik, DEMO_PASSWORD).status_code == 429  # a new device: limited
    response = _login(phone, resident.nik, DEMO_PASSWORD, home)
    assert response.status_code == 200, response.get_json()
    assert _login(phone, resident.email, DEMO_PASSWORD, _ip()).status_code == 200  # by e-mail, from another network


def test_the_device_cookie_is_signed_http_only_and_names_no_account(limited_app, make_user):
    app = limited_app()
    resident = make_user(nik=_nik())
    response = _login(app.test_client(), resident.nik, DEMO_PASSWORD)
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("mpp_device="))
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/api/auth" in cookie and "Max-Age=" in cookie
    signed_ok, payload = URLSafeTimedSerializer("not the key", salt="mpp-device-cookie").loads_unsafe(cookie.split(";")[0][11:])
    assert signed_ok is False and set(payload) == {"d", "a"}  # a random device id and keyed account tags
    assert all(len(tag) == 32 and str(resident.id) != tag for tag in payload["a"])
    assert resident.nik not in json.dumps(payload) and resident.email not in json.dumps(payload)


def test_a_forged_or_foreign_device_cookie_is_not_trusted(limited_app, make_user):
    app = limited_app()
    victim, attacker = make_user(nik=_nik()), make_user(nik=_nik())
    client = app.test_client()
    assert _login(client, attacker.nik, DEMO_PASSWORD).status_code == 200  # a valid cookie, for the attacker's account
    _lock_account(app, victim.nik)
    assert _login(client, victim.nik, DEMO_PASSWORD).status_code == 429
    forged = app.test_client()
    forged.set_cookie("mpp_device", "eyJkIjoiYWJjIiwiYSI6W119.forged.signature", path="/api/auth")
    assert _login(forged, victim.nik, DEMO_PASSWORD).status_code == 429


def test_failures_from_a_trusted_device_count_against_that_device_only(limited_app, make_user):
    app = limited_app()
    resident = make_user(nik=_nik())
    phone, home = app.test_client(), _ip()
    assert _login(phone, resident.nik, DEMO_PASSWORD, home).status_code == 200
    for _ in range(10):
        assert _login(phone, resident.nik, WRONG, home).status_code == 401
    assert _login(phone, resident.nik, DEMO_PASSWORD, home).status_code == 429  # this device is limited
    laptop = app.test_client()
    assert _login(laptop, resident.nik, DEMO_PASSWORD, home).status_code == 200  # neither the account nor the IP


def test_nik_and_email_of_one_account_share_its_limit(limited_app, make_user):
    app = limited_app()
    resident = make_user(nik=_nik())
    for n in range(10):
        assert _login(app.test_client(), resident.nik if n % 2 else resident.email).status_code == 401
    assert _login(app.test_client(), resident.email.upper()).status_code == 429


def test_profile_changes_are_rate_limited_per_user(limited_app, make_user, auth_headers):
    app = limited_app(PROFILE_RATE_LIMIT="3 per minute")
    resident, other = make_user(nik=_nik()), make_user(nik=_nik())
    client = app.test_client()
    for n in range(3):
        response = client.patch("/api/me", json={"address": f"Jl. Suroyo No. {n}"}, headers=auth_headers(resident),
                                environ_base=_ip())
        assert response.status_code == 200, response.get_json()
    limited = client.patch("/api/me", json={"email": "admin@mpp.id"}, headers=auth_headers(resident), environ_base=_ip())
    assert limited.status_code == 429 and limited.get_json()["code"] == "rate-limited"
    assert int(limited.headers["Retry-After"]) > 0
    assert client.patch("/api/me", json={"address": "Jl. Baru"}, headers=auth_headers(other)).status_code == 200


# --- Redis down: sign-in keeps working, still limited, per process ---------------------------------

def test_with_redis_unreachable_sign_in_and_registration_work_and_stay_limited(limited_app, make_user, caplog):
    app = limited_app(RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{_free_port()}/0")  # nothing listens there
    resident, ip = make_user(nik=_nik()), _ip()
    client = app.test_client()
    with caplog.at_level(logging.WARNING):
        assert _login(client, resident.nik, DEMO_PASSWORD, ip).status_code == 200
    assert any(r.levelno == logging.WARNING and "falling back to in-memory" in r.getMessage() for r in caplog.records)
    _lock_account(app, resident.nik)
    assert _login(app.test_client(), resident.nik, DEMO_PASSWORD).status_code == 429
    assert _login(client, resident.nik, DEMO_PASSWORD, ip).status_code == 200  # the trusted device still gets in
    probe = _ip()
    for _ in range(10):
        taken = client.post("/api/auth/register", json=register_payload(nik=resident.nik, email=None), environ_base=probe)
        assert taken.status_code == 409
    blocked = client.post("/api/auth/register", json=register_payload(nik=resident.nik, email=None), environ_base=probe)
    assert blocked.status_code == 429
    fresh = client.post("/api/auth/register", json=register_payload(nik=_nik(), email=None), environ_base=_ip())
    assert fresh.status_code == 201, fresh.get_json()


@pytest.mark.parametrize("body", [
    b'{"identifier": "\\u0000357401", "password": "x"}',
    b'{"identifier": 3574014507901001, "password": "x"}',
    b'{"identifier": "' + b"9" * 5000 + b'@x", "password": "x"}',
    b"[" * 1000 + b"]" * 1000,
    b'{"a":' * 1000 + b"1" + b"}" * 1000,
    b'{"identifier": 1' + b"0" * 5000 + b', "password": "x"}',
    b"\xff\xfe not json",
    b'"just a string"',
], ids=["nul", "number", "long", "deep-array", "deep-object", "huge-int", "bad-utf8", "string"])
def test_hostile_login_bodies_are_4xx_with_the_limits_on(limited_app, body):
    client = limited_app().test_client()
    response = client.post("/api/auth/login", data=body, content_type="application/json", environ_base=_ip())
    assert 400 <= response.status_code < 500 and response.mimetype == "application/problem+json"
