"""Passkey ceremonies for real (software authenticator), their failure modes, management."""
import logging
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from backend.accounts.models import Passkey, User, WebAuthnChallenge
from backend.extensions import db
from backend.timeutil import utcnow

from .authenticator import SoftAuthenticator, b64url, unb64url
from .conftest import refresh_cookie


def _login_options(client):
    response = client.post("/api/auth/passkeys/login/options", json={})
    assert response.status_code == 200
    return response.get_json()


def _login(client, authenticator, **kwargs):
    options = _login_options(client)
    credential = authenticator.get(options["options"], **kwargs)
    return client.post("/api/auth/passkeys/login/verify", json={"challenge_id": options["challenge_id"], "credential": credential})


def test_registration_options_ask_for_a_discoverable_user_verifying_passkey(client, resident, auth_headers):
    response = client.post("/api/auth/passkeys/register/options", headers=auth_headers(resident))
    assert response.status_code == 200
    options = response.get_json()["options"]
    assert options["rp"] == {"id": "localhost", "name": "MPP Digital"}
    assert options["authenticatorSelection"]["residentKey"] == "required"
    assert options["authenticatorSelection"]["userVerification"] == "required"
    assert options["attestation"] == "none"
    assert options["user"]["displayName"] == resident.full_name
    assert resident.nik not in unb64url(options["user"]["id"]).decode("latin-1")
    assert {p["alg"] for p in options["pubKeyCredParams"]} >= {-7, -257}


def test_register_then_sign_in_with_the_passkey(client, app, resident, authenticator, add_passkey):
    passkey = add_passkey(resident, authenticator, name="HP Android saya")
    assert passkey["name"] == "HP Android saya"
    assert passkey["last_used_at"] is None
    options = _login_options(client)
    assert options["options"]["allowCredentials"] == []
    assert options["options"]["userVerification"] == "required"
    assert options["options"]["rpId"] == "localhost"
    credential = authenticator.get(options["options"])
    response = client.post("/api/auth/passkeys/login/verify", json={"challenge_id": options["challenge_id"], "credential": credential})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["user"]["id"] == resident.id
    assert body["access_token"] and body["csrf_token"]
    assert refresh_cookie(client)
    with app.app_context():
        stored = db.session.scalar(select(Passkey))
        assert stored.sign_count == 1
        assert stored.last_used_at is not None
        assert db.session.scalar(select(WebAuthnChallenge).where(WebAuthnChallenge.id == options["challenge_id"])) is None


def test_default_passkey_names_are_numbered(client, resident, add_passkey):
    assert add_passkey(resident, SoftAuthenticator())["name"] == "Kunci sandi 1"
    assert add_passkey(resident, SoftAuthenticator())["name"] == "Kunci sandi 2"


def test_registration_excludes_existing_credentials(client, resident, authenticator, add_passkey, auth_headers):
    add_passkey(resident, authenticator)
    options = client.post("/api/auth/passkeys/register/options", headers=auth_headers(resident)).get_json()["options"]
    assert [c["id"] for c in options["excludeCredentials"]] == [b64url(authenticator.credentials[0].credential_id)]


@pytest.mark.parametrize("ceremony", ["register", "login"])
def test_wrong_origin_is_rejected(client, resident, auth_headers, add_passkey, ceremony):
    authenticator = SoftAuthenticator()
    if ceremony == "register":
        headers = auth_headers(resident)
        options = client.post("/api/auth/passkeys/register/options", headers=headers).get_json()
        credential = authenticator.create(options["options"], origin="https://evil.example")
        response = client.post(
            "/api/auth/passkeys/register/verify", json={"challenge_id": options["challenge_id"], "credential": credential}, headers=headers
        )
        assert response.status_code == 400
    else:
        add_passkey(resident, authenticator)
        response = _login(client, authenticator, origin="https://evil.example")
        assert response.status_code == 401
    assert response.get_json()["code"] == "passkey-invalid"
    assert refresh_cookie(client) is None


@pytest.mark.parametrize("ceremony", ["register", "login"])
def test_user_not_verified_is_rejected(client, resident, auth_headers, add_passkey, ceremony):
    authenticator = SoftAuthenticator()
    if ceremony == "register":
        headers = auth_headers(resident)
        options = client.post("/api/auth/passkeys/register/options", headers=headers).get_json()
        credential = authenticator.create(options["options"], user_verified=False)
        response = client.post(
            "/api/auth/passkeys/register/verify", json={"challenge_id": options["challenge_id"], "credential": credential}, headers=headers
        )
        assert response.status_code == 400
    else:
        add_passkey(resident, authenticator)
        response = _login(client, authenticator, user_verified=False)
        assert response.status_code == 401
    assert response.get_json()["code"] == "passkey-invalid"


def test_replayed_login_challenge_is_rejected(client, resident, authenticator, add_passkey):
    add_passkey(resident, authenticator)
    options = _login_options(client)
    body = {"challenge_id": options["challenge_id"], "credential": authenticator.get(options["options"])}
    assert client.post("/api/auth/passkeys/login/verify", json=body).status_code == 200
    replay = client.post("/api/auth/passkeys/login/verify", json=body)
    assert replay.status_code == 400
    assert replay.get_json()["code"] == "challenge-invalid"


def test_a_failed_attempt_also_uses_up_the_challenge(client, resident, authenticator, add_passkey):
    add_passkey(resident, authenticator)
    options = _login_options(client)
    bad = {"challenge_id": options["challenge_id"], "credential": authenticator.get(options["options"], user_verified=False)}
    assert client.post("/api/auth/passkeys/login/verify", json=bad).status_code == 401
    good = {"challenge_id": options["challenge_id"], "credential": authenticator.get(options["options"])}
    assert client.post("/api/auth/passkeys/login/verify", json=good).status_code == 400


def test_replayed_registration_challenge_is_rejected(client, resident, auth_headers):
    headers = auth_headers(resident)
    options = client.post("/api/auth/passkeys/register/options", headers=headers).get_json()
    body = {"challenge_id": options["challenge_id"], "credential": SoftAuthenticator().create(options["options"])}
    assert client.post("/api/auth/passkeys/register/verify", json=body, headers=headers).status_code == 201
    again = {"challenge_id": options["challenge_id"], "credential": SoftAuthenticator().create(options["options"])}
    assert client.post("/api/auth/passkeys/register/verify", json=again, headers=headers).status_code == 400


@pytest.mark.parametrize("ceremony", ["register", "login"])
def test_expired_challenge_is_rejected(client, app, resident, auth_headers, add_passkey, ceremony):
    authenticator = SoftAuthenticator()
    if ceremony == "login":
        add_passkey(resident, authenticator)
        options = _login_options(client)
        credential = authenticator.get(options["options"])
        url, headers = "/api/auth/passkeys/login/verify", {}
    else:
        headers = auth_headers(resident)
        options = client.post("/api/auth/passkeys/register/options", headers=headers).get_json()
        credential = authenticator.create(options["options"])
        url = "/api/auth/passkeys/register/verify"
    with app.app_context():
        db.session.execute(update(WebAuthnChallenge).values(expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    response = client.post(url, json={"challenge_id": options["challenge_id"], "credential": credential}, headers=headers)
    assert response.status_code == 400
    assert response.get_json()["code"] == "challenge-invalid"


def test_challenges_expire_within_five_minutes(client, app):
    before = utcnow()
    options = _login_options(client)
    with app.app_context():
        row = db.session.get(WebAuthnChallenge, options["challenge_id"])
        assert row.expires_at <= before + timedelta(minutes=5, seconds=1)
    assert options["options"]["timeout"] <= 300000


def test_another_users_registration_challenge_cannot_be_used(client, make_user, auth_headers):
    alice, bob = make_user(), make_user()
    options = client.post("/api/auth/passkeys/register/options", headers=auth_headers(alice)).get_json()
    body = {"challenge_id": options["challenge_id"], "credential": SoftAuthenticator().create(options["options"])}
    response = client.post("/api/auth/passkeys/register/verify", json=body, headers=auth_headers(bob))
    assert response.status_code == 400


def test_forged_signature_is_rejected(client, resident, authenticator, add_passkey):
    add_passkey(resident, authenticator)
    options = _login_options(client)
    credential = authenticator.get(options["options"])
    impostor = SoftAuthenticator()
    impostor_cred = impostor.create({"rp": {"id": "localhost"}, "user": {"id": "eA"}, "challenge": "eA"})
    assert impostor_cred
    forged = impostor.get(options["options"])
    credential["response"]["signature"] = forged["response"]["signature"]
    response = client.post("/api/auth/passkeys/login/verify", json={"challenge_id": options["challenge_id"], "credential": credential})
    assert response.status_code == 401


def test_unknown_credential_and_garbage_are_rejected_without_500(client):
    options = _login_options(client)
    stranger = SoftAuthenticator()
    stranger.create({"rp": {"id": "localhost"}, "user": {"id": "eA"}, "challenge": "eA"})
    response = client.post("/api/auth/passkeys/login/verify",
                           json={"challenge_id": options["challenge_id"], "credential": stranger.get(options["options"])})
    assert response.status_code == 401
    for credential in ({}, {"id": 5}, {"id": "x", "rawId": "x", "response": "nope"}):
        options = _login_options(client)
        response = client.post("/api/auth/passkeys/login/verify", json={"challenge_id": options["challenge_id"], "credential": credential})
        assert 400 <= response.status_code < 500
        assert response.mimetype == "application/problem+json"


def test_sign_count_regression_is_logged_not_locked_out(client, app, resident, add_passkey, caplog):
    authenticator = SoftAuthenticator()
    add_passkey(resident, authenticator)
    assert _login(client, authenticator).status_code == 200
    assert _login(client, authenticator).status_code == 200
    authenticator.credentials[0].sign_count = 0  # a cloned or restored authenticator
    with caplog.at_level(logging.WARNING, logger="backend.accounts.passkeys"):
        assert _login(client, authenticator).status_code == 200
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("sign count did not increase" in m for m in warnings)
    assert not any(resident.nik in m or resident.full_name in m for m in warnings)


def test_synced_passkeys_reporting_zero_keep_working(client, resident, add_passkey):
    authenticator = SoftAuthenticator(counter_step=0)
    add_passkey(resident, authenticator)
    for _ in range(3):
        assert _login(client, authenticator).status_code == 200


def test_passkey_endpoints_need_a_bearer_token(client):
    assert client.post("/api/auth/passkeys/register/options").status_code == 401
    assert client.post("/api/auth/passkeys/register/verify", json={"challenge_id": "x", "credential": {}}).status_code == 401
    assert client.get("/api/me/passkeys").status_code == 401


def test_list_rename_delete_my_passkeys(client, app, resident, auth_headers, add_passkey):
    headers = auth_headers(resident)
    first = add_passkey(resident, SoftAuthenticator())
    add_passkey(resident, SoftAuthenticator(), name="Laptop kantor")
    items = client.get("/api/me/passkeys", headers=headers).get_json()["items"]
    assert [p["name"] for p in items] == ["Kunci sandi 1", "Laptop kantor"]
    assert set(items[0]) == {"id", "name", "created_at", "last_used_at"}
    renamed = client.patch(f"/api/me/passkeys/{first['id']}", json={"name": "HP Ibu"}, headers=headers)
    assert renamed.status_code == 200 and renamed.get_json()["name"] == "HP Ibu"
    assert client.patch(f"/api/me/passkeys/{first['id']}", json={"name": ""}, headers=headers).status_code == 422
    assert client.delete(f"/api/me/passkeys/{first['id']}", headers=headers).status_code == 204
    assert [p["name"] for p in client.get("/api/me/passkeys", headers=headers).get_json()["items"]] == ["Laptop kantor"]


def test_a_deleted_passkey_can_no_longer_sign_in(client, resident, auth_headers, add_passkey):
    authenticator = SoftAuthenticator()
    passkey = add_passkey(resident, authenticator)
    assert client.delete(f"/api/me/passkeys/{passkey['id']}", headers=auth_headers(resident)).status_code == 204
    assert _login(client, authenticator).status_code == 401


def test_a_resident_cannot_touch_anothers_passkeys(client, app, make_user, auth_headers, add_passkey):
    alice, bob = make_user(), make_user()
    passkey = add_passkey(alice, SoftAuthenticator(), name="Milik Alice")
    bob_headers = auth_headers(bob)
    assert client.get("/api/me/passkeys", headers=bob_headers).get_json()["items"] == []
    assert client.patch(f"/api/me/passkeys/{passkey['id']}", json={"name": "curian"}, headers=bob_headers).status_code == 404
    assert client.delete(f"/api/me/passkeys/{passkey['id']}", headers=bob_headers).status_code == 404
    with app.app_context():
        assert db.session.get(Passkey, passkey["id"]).name == "Milik Alice"


def test_user_handle_is_opaque_and_stable(client, app, resident, add_passkey, auth_headers):
    add_passkey(resident, SoftAuthenticator())
    options = client.post("/api/auth/passkeys/register/options", headers=auth_headers(resident)).get_json()["options"]
    with app.app_context():
        handle = db.session.get(User, resident.id).webauthn_handle
    assert options["user"]["id"] == handle
    assert str(resident.id) != handle


def test_passkey_user_name_shows_the_name_and_a_masked_nik_never_the_nik(client, resident, auth_headers):
    """The phone's passkey picker (and a synced password manager) shows user.name."""
    options = client.post("/api/auth/passkeys/register/options", headers=auth_headers(resident)).get_json()["options"]
    name = options["user"]["name"]
    assert resident.nik not in name and resident.nik[:12] not in name
    assert name == f"{resident.full_name} (************{resident.nik[-4:]})"
    assert resident.email not in name


def test_staff_passkey_user_name_is_the_work_email(client, officer, auth_headers):
    options = client.post("/api/auth/passkeys/register/options", headers=auth_headers(officer)).get_json()["options"]
    assert options["user"]["name"] == officer.email


@pytest.fixture
def limited_app(test_config):
    """The same database with rate limits on (the suite runs without); its own small limit."""
    import os

    from backend.app import create_app
    from backend.extensions import limiter

    storage = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    app = create_app({**test_config, "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": storage,
                      "PASSKEY_OPTIONS_RATE_LIMIT": "5 per minute"})
    yield app
    limiter.enabled = False
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_anonymous_passkey_sign_in_options_are_rate_limited_per_ip(limited_app):
    import secrets

    client = limited_app.test_client()
    ip = {"REMOTE_ADDR": "10.{}.{}.{}".format(*secrets.token_bytes(3))}
    for _ in range(5):
        assert client.post("/api/auth/passkeys/login/options", json={}, environ_base=ip).status_code == 200
    refused = client.post("/api/auth/passkeys/login/options", json={}, environ_base=ip)
    assert refused.status_code == 429
    assert refused.mimetype == "application/problem+json"
    assert int(refused.headers["Retry-After"]) > 0
    with limited_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(WebAuthnChallenge)) == 5  # no row for the refused call
    other = {"REMOTE_ADDR": "10.{}.{}.{}".format(*secrets.token_bytes(3))}
    assert client.post("/api/auth/passkeys/login/options", json={}, environ_base=other).status_code == 200
