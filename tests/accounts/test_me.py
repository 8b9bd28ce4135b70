"""The profile, the access log, export and deletion; authorization of every /api/me endpoint."""
import pytest
from sqlalchemy import func, select, update

from backend.accounts.models import Passkey, RefreshToken, User
from backend.audit import services as audit
from backend.audit.models import AuditEntry
from backend.extensions import db
from backend.wiring import registry
from tests.conftest import DEMO_PASSWORD

from .authenticator import SoftAuthenticator
from .conftest import refresh_cookie

ME_ENDPOINTS = [
    ("get", "/api/me", None),
    ("patch", "/api/me", {"address": "Jl. Baru 1"}),
    ("get", "/api/me/passkeys", None),
    ("get", "/api/me/access-log", None),
    ("get", "/api/me/export", None),
    ("delete", "/api/me", {"password": DEMO_PASSWORD}),
    ("patch", "/api/me/passkeys/1", {"name": "x"}),
    ("delete", "/api/me/passkeys/1", None),
    ("post", "/api/auth/passkeys/register/options", None),
]


@pytest.mark.parametrize(("method", "url", "body"), ME_ENDPOINTS)
def test_every_me_endpoint_needs_a_token(client, method, url, body):
    response = getattr(client, method)(url, json=body)
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"


@pytest.mark.parametrize("role", ["resident", "officer", "admin"])
@pytest.mark.parametrize("url", ["/api/me", "/api/me/passkeys", "/api/me/access-log", "/api/me/export"])
def test_every_role_reads_its_own_data(client, make_user, auth_headers, role, url):
    user = make_user(role)
    response = client.get(url, headers=auth_headers(user))
    assert response.status_code == 200
    if url == "/api/me":
        assert response.get_json()["id"] == user.id and response.get_json()["role"] == role


def test_get_me_returns_the_whole_profile(client, resident, auth_headers):
    body = client.get("/api/me", headers=auth_headers(resident)).get_json()
    assert set(body) == {"id", "role", "nik", "full_name", "birth_date", "birth_place", "gender", "phone", "email",
                         "email_verified", "email_pending", "address", "kk_number", "language", "agency", "region_code"}
    assert body["nik"] == resident.nik and body["birth_date"] == "1990-07-05"


def test_patch_me_corrects_the_profile(client, app, resident, auth_headers):
    changes = {"full_name": "Dewi Lestari Putri", "address": "Jl. Merdeka 2", "phone": "+62 812-3456-7890",
               "kk_number": "3574010101100002", "email": "Dewi.Baru@Contoh.id", "language": "en", "birth_place": None}
    response = client.patch("/api/me", json=changes, headers=auth_headers(resident))
    assert response.status_code == 200
    body = response.get_json()
    # a new address waits for its confirmation link (tests/accounts/test_email_change.py)
    assert body["full_name"] == "Dewi Lestari Putri" and body["email"] == resident.email
    assert body["email_pending"] == "dewi.baru@contoh.id"
    assert body["language"] == "en" and body["birth_place"] is None and body["nik"] == resident.nik


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"nik": "3574014507900002"}, 422),
        ({"role": "admin"}, 422),
        ({"agency_id": 1}, 422),
        ({"phone": "abc"}, 422),
        ({"kk_number": "123"}, 422),
        ({"gender": "W"}, 422),
        ({"full_name": ""}, 422),
        ({"email": "bukan-email"}, 422),
        ({"phone": None, "email": None}, 422),
    ],
)
def test_patch_me_rejects_bad_or_forbidden_fields(client, app, resident, auth_headers, body, status):
    response = client.patch("/api/me", json=body, headers=auth_headers(resident))
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    with app.app_context():
        user = db.session.get(User, resident.id)
        assert (user.nik, user.role, user.phone) == (resident.nik, "resident", resident.phone)


def test_patch_me_with_someone_elses_email_tells_nothing(client, app, make_user, auth_headers):
    alice, bob = make_user(), make_user()
    response = client.patch("/api/me", json={"email": bob.email.upper()}, headers=auth_headers(alice))
    assert response.status_code == 200 and response.get_json()["email"] == alice.email
    with app.app_context():
        assert db.session.get(User, alice.id).email == alice.email


def test_officer_cannot_move_to_another_agency(client, officer, auth_headers):
    response = client.patch("/api/me", json={"region_code": "12.71"}, headers=auth_headers(officer))
    assert response.status_code == 422


def _audit(app, actor, subject, **kwargs):
    with app.app_context():
        actor = db.session.get(User, actor.id)
        audit.record(db.session, actor=actor, subject_user_id=subject.id, **kwargs)
        db.session.commit()


def test_access_log_lists_who_read_my_data(client, app, make_user, officer, admin, auth_headers):
    alice, bob = make_user(), make_user()
    _audit(app, officer, alice, action="read", object_type="application", object_id=7, detail="PRB-2026-000007")
    _audit(app, admin, alice, action="read", object_type="profile")
    _audit(app, officer, bob, action="read", object_type="document", object_id=3)
    body = client.get("/api/me/access-log?per_page=10", headers=auth_headers(alice)).get_json()
    assert body["total"] == 2 and body["page"] == 1
    newest, oldest = body["items"]
    assert newest["actor_role"] == "admin" and newest["agency"] is None
    assert oldest["actor_name"] == "Petugas Disdukcapil" and oldest["actor_role"] == "officer"
    assert oldest["agency"]["code"] == "DISDUKCAPIL"
    assert oldest["object_type"] == "application" and oldest["object_id"] == "7" and oldest["created_at"]
    assert client.get("/api/me/access-log", headers=auth_headers(officer)).get_json()["total"] == 0


def test_access_log_is_paged(client, app, resident, officer, auth_headers):
    for n in range(3):
        _audit(app, officer, resident, action="read", object_type="application", object_id=n)
    body = client.get("/api/me/access-log?per_page=2&page=2", headers=auth_headers(resident)).get_json()
    assert (body["total"], body["pages"], len(body["items"])) == (3, 2, 1)
    assert client.get("/api/me/access-log?per_page=1000", headers=auth_headers(resident)).status_code == 422


def test_export_contains_everything_about_me_and_other_domains_hooks(
    client, app, make_user, officer, auth_headers, add_passkey, login, monkeypatch
):
    alice, bob = make_user(), make_user()
    add_passkey(alice, SoftAuthenticator(), name="HP Alice")
    login(alice.nik)
    _audit(app, officer, alice, action="read", object_type="profile")
    _audit(app, officer, bob, action="read", object_type="profile")
    monkeypatch.setattr(registry(app), "exporters", [lambda session, user: ("applications", [{"owner": user.id}])])
    response = client.get("/api/me/export", headers=auth_headers(alice))
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = response.get_json()
    assert data["profile"]["nik"] == alice.nik and data["profile"]["email"] == alice.email
    assert [p["name"] for p in data["passkeys"]] == ["HP Alice"]
    assert "public_key" not in data["passkeys"][0] and "credential_id" not in data["passkeys"][0]
    assert len(data["sessions"]) == 3  # auth_headers makes a real session per call: add_passkey's, the sign-in, this one
    assert len(data["access_log"]) == 1 and data["access_log"][0]["actor_name"] == "Petugas Disdukcapil"
    assert data["applications"] == [{"owner": alice.id}]
    assert "password_hash" not in response.get_data(as_text=True)
    assert data["exported_at"].endswith("+00:00")


def test_delete_me_with_password_removes_everything(client, app, resident, officer, auth_headers, add_passkey, login):
    add_passkey(resident, SoftAuthenticator())
    body = login(resident.nik).get_json()
    _audit(app, officer, resident, action="read", object_type="profile")
    response = client.delete("/api/me", json={"password": DEMO_PASSWORD}, headers=auth_headers(resident))
    assert response.status_code == 204
    assert refresh_cookie(client) is None
    with app.app_context():
        assert db.session.get(User, resident.id) is None
        for model, column in ((Passkey, Passkey.user_id), (RefreshToken, RefreshToken.user_id), (AuditEntry, AuditEntry.subject_user_id)):
            assert db.session.scalar(select(func.count()).select_from(model).where(column == resident.id)) == 0
        assert db.session.get(User, officer.id) is not None
    assert login(resident.nik).status_code == 401
    assert client.get("/api/me", headers={"Authorization": f"Bearer {body['access_token']}"}).status_code == 401


@pytest.mark.parametrize(("body", "status"), [({"password": "Salah-Sandi-2026"}, 403), ({}, 422)])
def test_delete_me_needs_the_right_password(client, app, resident, auth_headers, body, status):
    response = client.delete("/api/me", json=body, headers=auth_headers(resident))
    assert response.status_code == status
    with app.app_context():
        assert db.session.get(User, resident.id) is not None


def test_passkey_only_account_deletes_with_a_fresh_assertion(client, app, make_user, auth_headers, add_passkey):
    alice, bob = make_user(), make_user()
    alice_key, bob_key = SoftAuthenticator(), SoftAuthenticator()
    add_passkey(alice, alice_key)
    add_passkey(bob, bob_key)
    with app.app_context():
        db.session.execute(update(User).where(User.id == alice.id).values(password_hash=None))
        db.session.commit()
    # Bob's passkey cannot confirm Alice's deletion
    options = client.post("/api/auth/passkeys/login/options", json={}).get_json()
    wrong = {"challenge_id": options["challenge_id"], "credential": bob_key.get(options["options"])}
    assert client.delete("/api/me", json=wrong, headers=auth_headers(alice)).status_code == 403
    options = client.post("/api/auth/passkeys/login/options", json={}).get_json()
    right = {"challenge_id": options["challenge_id"], "credential": alice_key.get(options["options"])}
    assert client.delete("/api/me", json=right, headers=auth_headers(alice)).status_code == 204
    with app.app_context():
        assert db.session.get(User, alice.id) is None
        assert db.session.get(User, bob.id) is not None


@pytest.mark.parametrize("role", ["officer", "admin"])
def test_staff_cannot_delete_their_own_account(client, app, make_user, auth_headers, role):
    user = make_user(role)
    response = client.delete("/api/me", json={"password": DEMO_PASSWORD}, headers=auth_headers(user))
    assert response.status_code == 403
    with app.app_context():
        assert db.session.get(User, user.id) is not None


def test_a_resident_cannot_reach_another_residents_data(client, app, make_user, auth_headers):
    alice, bob = make_user(), make_user()
    headers = auth_headers(alice)
    assert client.get("/api/me", headers=headers).get_json()["nik"] == alice.nik
    assert client.patch("/api/me", json={"address": "Jl. Lain"}, headers=headers).status_code == 200
    with app.app_context():
        assert db.session.get(User, bob.id).address == bob.address
    export = client.get("/api/me/export", headers=headers).get_data(as_text=True)
    assert bob.nik not in export and bob.email not in export
