"""Registration, password sign-in, and the login rate limit."""
import os
import secrets
import uuid

import pytest
from sqlalchemy import select

from backend.accounts.models import User
from backend.app import create_app
from backend.extensions import db, limiter
from tests.conftest import DEMO_PASSWORD

from .conftest import NIK_WOMAN, csrf_cookie, refresh_cookie, register_payload


def test_register_creates_a_resident_signs_in_and_sets_cookies(client, app):
    response = client.post("/api/auth/register", json=register_payload())
    assert response.status_code == 201
    body = response.get_json()
    assert body["warnings"] == []
    assert body["user"]["nik"] == NIK_WOMAN
    assert body["user"]["role"] == "resident"
    assert body["user"]["birth_date"] == "1990-07-05"
    assert body["user"]["agency"] is None
    assert body["access_token"] and body["csrf_token"] == csrf_cookie(client)
    assert refresh_cookie(client)
    cookies = response.headers.getlist("Set-Cookie")
    refresh = next(c for c in cookies if c.startswith("mpp_refresh="))
    assert "HttpOnly" in refresh and "SameSite=Strict" in refresh and "Path=/api/auth" in refresh
    csrf = next(c for c in cookies if c.startswith("mpp_csrf="))
    assert "HttpOnly" not in csrf and "SameSite=Strict" in csrf and "Path=/" in csrf
    me = client.get("/api/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.get_json()["full_name"] == "Dewi Lestari"
    with app.app_context():
        user = db.session.scalar(select(User).where(User.nik == NIK_WOMAN))
        assert user.password_hash.startswith("$argon2id$")
        assert DEMO_PASSWORD not in user.password_hash


def test_register_with_mismatching_birth_date_and_gender_is_accepted_with_warnings(client):
    response = client.post(
        "/api/auth/register",
        json=register_payload(birth_date="1990-07-06", gender="L"),
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 201
    warnings = response.get_json()["warnings"]
    assert [w["code"] for w in warnings] == ["nik.birth_date_mismatch", "nik.gender_mismatch"]
    assert "birth date" in warnings[0]["message"]


def test_register_with_phone_only_and_email_lower_cased(client):
    assert client.post("/api/auth/register", json=register_payload(email=None)).status_code == 201
    other = register_payload(nik="1271021708850042", gender="L", birth_date="1985-08-17", email="Budi@Contoh.ID", phone=None)
    response = client.post("/api/auth/register", json=other)
    assert response.status_code == 201
    assert response.get_json()["user"]["email"] == "budi@contoh.id"


@pytest.mark.parametrize(
    "second",
    [
        {"email": "lain@contoh.id"},  # same NIK
        {"nik": "1271021708850042", "gender": "L", "birth_date": "1985-08-17", "email": "DEWI.LESTARI@contoh.id"},  # same email
    ],
)
def test_duplicate_registration_is_409_with_one_message(client, second):
    assert client.post("/api/auth/register", json=register_payload()).status_code == 201
    fresh = client.application.test_client()
    response = fresh.post("/api/auth/register", json=register_payload(**second))
    assert response.status_code == 409
    body = response.get_json()
    assert body["code"] == "already-registered"
    assert body["detail"] == "NIK atau email ini sudah terdaftar. Silakan masuk dengan akun tersebut."
    assert "errors" not in body


@pytest.mark.parametrize("by", ["nik", "email", "EMAIL"])
def test_login_with_nik_or_email(client, resident, by, login):
    identifier = {"nik": resident.nik, "email": resident.email, "EMAIL": f"  {resident.email.upper()} "}[by]
    response = login(identifier)
    assert response.status_code == 200
    body = response.get_json()
    assert body["user"]["id"] == resident.id
    assert body["csrf_token"] == csrf_cookie(client)
    assert refresh_cookie(client)


def test_officer_login_returns_agency_and_region(officer, login):
    body = login(officer.email).get_json()
    assert body["user"]["role"] == "officer"
    assert body["user"]["agency"]["code"] == "DISDUKCAPIL"
    assert body["user"]["region_code"] == "35.74"


@pytest.mark.parametrize("identifier", ["wrong-password", "3574010101010099", "nobody@contoh.id", "not an id"])
def test_unknown_user_and_wrong_password_get_the_same_answer(client, resident, identifier):
    ident = resident.nik if identifier == "wrong-password" else identifier
    response = client.post("/api/auth/login", json={"identifier": ident, "password": "Salah-Sandi-2026"})
    assert response.status_code == 401
    body = response.get_json()
    assert body["code"] == "invalid-credentials"
    assert body["detail"] == "NIK/email atau kata sandi salah."
    assert refresh_cookie(client) is None


@pytest.fixture
def limited_client(test_config):
    """A second app on the same database with rate limits on (the suite runs without).

    Buckets live in the limiter's storage (Redis when RATELIMIT_STORAGE_URI says so), which
    outlives a test, so every test below uses its own IP addresses and NIKs.
    """
    storage = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    app = create_app({**test_config, "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": storage,
                      "LOGIN_RATE_LIMIT": "10 per minute"})
    yield app.test_client()
    limiter.enabled = False
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _ip() -> str:
    return "10.{}.{}.{}".format(*secrets.token_bytes(3))


def _resident(make_user):
    return make_user(nik=f"357401450790{secrets.randbelow(9000) + 1000}")


def test_login_rate_limit_per_account_gives_429_with_retry_after(limited_client, make_user):
    resident = _resident(make_user)
    for _ in range(10):
        response = limited_client.post("/api/auth/login", json={"identifier": resident.nik, "password": "Salah-Sandi-2026"},
                                       environ_base={"REMOTE_ADDR": _ip()})
        assert response.status_code == 401
    # the 11th attempt, even from a new IP and with the right password, is refused
    response = limited_client.post("/api/auth/login", json={"identifier": resident.nik, "password": DEMO_PASSWORD},
                                   environ_base={"REMOTE_ADDR": _ip()})
    assert response.status_code == 429
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["code"] == "rate-limited"
    assert int(response.headers["Retry-After"]) > 0
    other = limited_client.post("/api/auth/login", json={"identifier": f"{uuid.uuid4().hex}@contoh.id", "password": "x"},
                                environ_base={"REMOTE_ADDR": _ip()})
    assert other.status_code == 401  # other accounts are not affected


def test_login_rate_limit_per_ip(limited_client, make_user):
    ip = {"REMOTE_ADDR": _ip()}
    for _ in range(10):
        response = limited_client.post("/api/auth/login", json={"identifier": f"{uuid.uuid4().hex}@contoh.id", "password": "x"},
                                       environ_base=ip)
        assert response.status_code == 401
    resident = _resident(make_user)
    response = limited_client.post("/api/auth/login", json={"identifier": resident.nik, "password": DEMO_PASSWORD}, environ_base=ip)
    assert response.status_code == 429
    assert "Retry-After" in response.headers
    elsewhere = limited_client.post("/api/auth/login", json={"identifier": resident.nik, "password": DEMO_PASSWORD},
                                    environ_base={"REMOTE_ADDR": _ip()})
    assert elsewhere.status_code == 200


def test_successful_logins_do_not_use_up_the_limit(limited_client, make_user):
    resident, ip = _resident(make_user), {"REMOTE_ADDR": _ip()}
    for _ in range(12):
        response = limited_client.post("/api/auth/login", json={"identifier": resident.nik, "password": DEMO_PASSWORD}, environ_base=ip)
        assert response.status_code == 200


def test_registration_probing_is_rate_limited_but_typing_mistakes_are_not(limited_client, make_user):
    ip = {"REMOTE_ADDR": _ip()}
    resident = _resident(make_user)
    for _ in range(12):
        bad = limited_client.post("/api/auth/register", json=register_payload(nik="123"), environ_base=ip)
        assert bad.status_code == 422
    for _ in range(10):
        taken = limited_client.post("/api/auth/register", json=register_payload(nik=resident.nik, email=None), environ_base=ip)
        assert taken.status_code == 409
    blocked = limited_client.post("/api/auth/register", json=register_payload(nik=resident.nik, email=None), environ_base=ip)
    assert blocked.status_code == 429
