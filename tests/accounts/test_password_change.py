"""Changing the password while signed in: proven with the current password or a passkey, and
every other session ends at once (its access token and its refresh cookie)."""
import os
import secrets

import pytest
from sqlalchemy import func, select, update

from backend.accounts.models import User
from backend.accounts.tokens_models import AccountToken
from backend.app import create_app
from backend.extensions import db, limiter
from backend.timeutil import utcnow
from tests.conftest import DEMO_PASSWORD
from tests.mailbox import body_of, mailbox  # noqa: F401  (fixture)

from .authenticator import SoftAuthenticator

NEW_PASSWORD = "Sandi-Baru-Ganti-2026"


def _device(app, identifier, password=DEMO_PASSWORD):
    device = app.test_client()
    body = device.post("/api/auth/login", json={"identifier": identifier, "password": password}).get_json()
    return device, {"Authorization": f"Bearer {body['access_token']}"}, body["csrf_token"]


def _login(client, identifier, password):
    return client.post("/api/auth/login", json={"identifier": identifier, "password": password}).status_code


def test_change_with_the_current_password_ends_every_other_session(client, app, resident):
    this, this_headers, this_csrf = _device(app, resident.nik)
    other, other_headers, other_csrf = _device(app, resident.email)
    response = this.post("/api/me/password", json={"current_password": DEMO_PASSWORD, "new_password": NEW_PASSWORD},
                         headers=this_headers)
    assert response.status_code == 204
    # this device goes on; the other one is signed out at once, access token and refresh cookie
    assert this.get("/api/me", headers=this_headers).status_code == 200
    assert this.post("/api/auth/refresh", headers={"X-CSRF-Token": this_csrf}).status_code == 200
    assert other.get("/api/me", headers=other_headers).status_code == 401
    assert other.post("/api/auth/refresh", headers={"X-CSRF-Token": other_csrf}).status_code == 401
    assert _login(client, resident.nik, DEMO_PASSWORD) == 401
    assert _login(client, resident.nik, NEW_PASSWORD) == 200
    with app.app_context():
        assert db.session.get(User, resident.id).password_hash.startswith("$argon2id$")


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"current_password": "Salah-Sandi-2026", "new_password": NEW_PASSWORD}, 403, "reauthentication-failed"),
        ({"new_password": NEW_PASSWORD}, 422, "reauthentication-required"),
        ({"current_password": DEMO_PASSWORD, "new_password": "password123"}, 422, "validation-error"),
        ({"current_password": DEMO_PASSWORD, "new_password": "pendek"}, 422, "validation-error"),
        ({"current_password": DEMO_PASSWORD}, 422, "validation-error"),
        ({"current_password": DEMO_PASSWORD, "new_password": NEW_PASSWORD, "role": "admin"}, 422, "validation-error"),
    ],
)
def test_change_is_refused_without_proof_or_with_a_weak_password(client, app, resident, body, status, code):
    other, other_headers, _ = _device(app, resident.nik)
    _, headers, _ = _device(app, resident.nik)
    response = client.post("/api/me/password", json=body, headers=headers)
    assert (response.status_code, response.get_json()["code"]) == (status, code)
    assert _login(client, resident.nik, DEMO_PASSWORD) == 200
    assert other.get("/api/me", headers=other_headers).status_code == 200


def test_change_needs_a_session(client):
    assert client.post("/api/me/password", json={"current_password": "x", "new_password": NEW_PASSWORD}).status_code == 401


def test_change_with_a_passkey_of_the_same_account_only(client, app, make_user, add_passkey):
    alice, bob = make_user(), make_user()
    alice_key, bob_key = SoftAuthenticator(), SoftAuthenticator()
    add_passkey(alice, alice_key)
    add_passkey(bob, bob_key)
    _, headers, _ = _device(app, alice.nik)
    options = client.post("/api/auth/passkeys/login/options", json={}).get_json()
    wrong = {"challenge_id": options["challenge_id"], "credential": bob_key.get(options["options"]), "new_password": NEW_PASSWORD}
    assert client.post("/api/me/password", json=wrong, headers=headers).status_code == 403
    options = client.post("/api/auth/passkeys/login/options", json={}).get_json()
    right = {"challenge_id": options["challenge_id"], "credential": alice_key.get(options["options"]), "new_password": NEW_PASSWORD}
    assert client.post("/api/me/password", json=right, headers=headers).status_code == 204
    # the challenge was single use
    replay = client.post("/api/me/password", json=right, headers=headers)
    assert (replay.status_code, replay.get_json()["code"]) == (400, "challenge-invalid")
    assert _login(client, alice.nik, NEW_PASSWORD) == 200 and _login(client, bob.nik, DEMO_PASSWORD) == 200


def test_a_passkey_only_account_can_set_a_first_password(client, app, make_user, add_passkey, auth_headers):
    user = make_user()
    key = SoftAuthenticator()
    add_passkey(user, key)
    with app.app_context():
        db.session.execute(update(User).where(User.id == user.id).values(password_hash=None))
        db.session.commit()
    options = client.post("/api/auth/passkeys/login/options", json={}).get_json()
    body = {"challenge_id": options["challenge_id"], "credential": key.get(options["options"]), "new_password": NEW_PASSWORD}
    assert client.post("/api/me/password", json=body, headers=auth_headers(user)).status_code == 204
    assert _login(client, user.nik, NEW_PASSWORD) == 200


def test_change_voids_pending_recovery_and_tells_the_confirmed_address(client, app, make_user, auth_headers, mailbox):
    user = make_user(email_verified_at=utcnow())
    client.post("/api/auth/recovery/link", json={"identifier": user.nik})
    mailbox.wait_for(user.email)
    _, headers, _ = _device(app, user.nik)
    assert client.post("/api/me/password", json={"current_password": DEMO_PASSWORD, "new_password": NEW_PASSWORD},
                       headers=headers).status_code == 204
    with app.app_context():
        live = db.session.scalar(select(func.count()).select_from(AccountToken)
                                 .where(AccountToken.user_id == user.id, AccountToken.used_at.is_(None)))
        assert live == 0
    notice = mailbox.wait_for(user.email, count=2)[1]
    assert notice["Subject"] == "Kata sandi MPP Digital Anda diubah" and "dari pengaturan akun" in body_of(notice)


@pytest.fixture
def limited(test_config):
    storage = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    app = create_app({**test_config, "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": storage,
                      "LOGIN_RATE_LIMIT": "3 per minute"})
    yield app
    limiter.enabled = False
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_wrong_current_passwords_are_rate_limited(limited, make_user):
    user = make_user()
    _, headers, _ = _device(limited, user.nik)
    client = limited.test_client()
    ip = {"REMOTE_ADDR": f"10.9.{secrets.randbelow(250)}.{secrets.randbelow(250) + 1}"}
    statuses = [client.post("/api/me/password", json={"current_password": "Salah-Sandi-2026", "new_password": NEW_PASSWORD},
                            headers=headers, environ_base=ip).status_code for _ in range(4)]
    assert statuses == [403, 403, 403, 429]
    # from another address too: the bucket is per account as well
    other_ip = {"REMOTE_ADDR": f"10.8.{secrets.randbelow(250)}.{secrets.randbelow(250) + 1}"}
    again = client.post("/api/me/password", json={"current_password": DEMO_PASSWORD, "new_password": NEW_PASSWORD},
                        headers=headers, environ_base=other_ip)
    assert again.status_code == 429
