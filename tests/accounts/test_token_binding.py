"""An access token names one account instance and one live session: deletion, logout, a revoked
session or a reused id never lets it in (issue 11, items 1 and 2)."""
from __future__ import annotations

from datetime import timedelta

import pytest
from flask_jwt_extended import create_access_token, decode_token
from sqlalchemy import func, insert, select, text, update

from backend.accounts.models import AuthSession, User
from backend.extensions import db
from backend.timeutil import utcnow
from tests.conftest import DEMO_PASSWORD, is_postgres

from .conftest import NIK_MAN, register_payload


def _bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def _register(client, **overrides):
    response = client.post("/api/auth/register", json=register_payload(**overrides))
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_deleted_accounts_token_never_opens_the_next_account(app):
    """The exact sequence of item 1, over the HTTP API, each account in its own browser."""
    c_browser, d_browser = app.test_client(), app.test_client()
    c = _register(c_browser)
    c_token, c_id = c["access_token"], c["user"]["id"]
    assert c_browser.get("/api/me", headers=_bearer(c_token)).status_code == 200

    assert c_browser.delete("/api/me", json={"password": DEMO_PASSWORD}, headers=_bearer(c_token)).status_code == 204
    assert c_browser.get("/api/me", headers=_bearer(c_token)).status_code == 401

    d = _register(d_browser, nik=NIK_MAN, full_name="Budi Santoso", birth_date="1985-08-17", gender="L",
                  email="budi.santoso@contoh.id", phone="081298765432")
    assert d["user"]["id"] != c_id  # ids are never reused
    assert d["user"]["id"] > c_id
    old = c_browser.get("/api/me", headers=_bearer(c_token))
    assert old.status_code == 401
    assert NIK_MAN not in old.get_data(as_text=True)
    assert d_browser.get("/api/me", headers=_bearer(d["access_token"])).get_json()["nik"] == NIK_MAN


def test_token_is_bound_to_the_account_instance_even_if_an_id_comes_back(app, client):
    """Ids are never reused, but if one ever were (a restored backup, a reset sequence), the
    token's session does not belong to the new account, so it does not get in."""
    c = _register(client)
    c_token, c_id = c["access_token"], c["user"]["id"]
    assert client.delete("/api/me", json={"password": DEMO_PASSWORD}, headers=_bearer(c_token)).status_code == 204
    with app.app_context():
        db.session.execute(insert(User).values(id=c_id, role="resident", nik=NIK_MAN, full_name="Budi Santoso",
                                               created_at=utcnow(), updated_at=utcnow()))
        db.session.commit()
    response = client.get("/api/me", headers=_bearer(c_token))
    assert response.status_code == 401
    assert NIK_MAN not in response.get_data(as_text=True)


def test_access_token_carries_its_session_id(app, client):
    body = _register(client)
    with app.app_context():
        claims = decode_token(body["access_token"])
        row = db.session.scalar(select(AuthSession).where(AuthSession.user_id == body["user"]["id"]))
    assert claims["sid"] == row.family_id
    assert claims["sub"] == str(body["user"]["id"])


@pytest.mark.parametrize("claims", [{}, {"sid": "0" * 32}, {"sid": None}, {"sid": 12}])
def test_a_token_without_a_live_session_of_its_user_is_refused(app, client, resident, claims):
    with app.app_context():
        token = create_access_token(identity=str(resident.id), additional_claims={"role": resident.role, **claims})
    response = client.get("/api/me", headers=_bearer(token))
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"


def test_another_users_session_id_does_not_lend_its_session(app, client, make_user, login):
    alice, bob = make_user(), make_user()
    alice_sid = decode_token_of(app, login(alice.nik).get_json()["access_token"])["sid"]
    with app.app_context():
        forged = create_access_token(identity=str(bob.id), additional_claims={"role": "resident", "sid": alice_sid})
    assert client.get("/api/me", headers=_bearer(forged)).status_code == 401


def decode_token_of(app, token: str) -> dict:
    with app.app_context():
        return decode_token(token)


def test_logout_stops_the_access_token_at_once(signed_in):
    client, body = signed_in
    token = body["access_token"]
    assert client.get("/api/me", headers=_bearer(token)).status_code == 200
    assert client.post("/api/auth/logout", headers={"X-CSRF-Token": body["csrf_token"]}).status_code == 204
    assert client.get("/api/me", headers=_bearer(token)).status_code == 401


def test_a_revoked_session_stops_its_access_tokens_and_only_those(app, make_user, login):
    user = make_user()
    phone, laptop = app.test_client(), app.test_client()
    on_phone = login(user.nik, test_client=phone).get_json()["access_token"]
    on_laptop = login(user.nik, test_client=laptop).get_json()["access_token"]
    listed = laptop.get("/api/me/sessions", headers=_bearer(on_laptop)).get_json()["items"]
    assert len(listed) == 2
    assert [s["current"] for s in listed].count(True) == 1
    phone_session = next(s for s in listed if not s["current"])
    assert laptop.delete(f"/api/me/sessions/{phone_session['id']}", headers=_bearer(on_laptop)).status_code == 204
    assert phone.get("/api/me", headers=_bearer(on_phone)).status_code == 401
    assert laptop.get("/api/me", headers=_bearer(on_laptop)).status_code == 200
    assert len(laptop.get("/api/me/sessions", headers=_bearer(on_laptop)).get_json()["items"]) == 1


def test_a_resident_cannot_revoke_someone_elses_session(app, make_user, login):
    alice, bob = make_user(), make_user()
    alice_client, bob_client = app.test_client(), app.test_client()
    alice_token = login(alice.nik, test_client=alice_client).get_json()["access_token"]
    bob_token = login(bob.nik, test_client=bob_client).get_json()["access_token"]
    bob_session = bob_client.get("/api/me/sessions", headers=_bearer(bob_token)).get_json()["items"][0]["id"]
    assert alice_client.delete(f"/api/me/sessions/{bob_session}", headers=_bearer(alice_token)).status_code == 404
    assert bob_client.get("/api/me", headers=_bearer(bob_token)).status_code == 200


def test_refresh_reuse_revokes_the_familys_access_tokens_too(app, signed_in):
    client, body = signed_in
    old = client.get_cookie("mpp_refresh", path="/api/auth").value
    fresh = client.post("/api/auth/refresh", headers={"X-CSRF-Token": body["csrf_token"]}).get_json()["access_token"]
    assert client.get("/api/me", headers=_bearer(fresh)).status_code == 200
    with app.app_context():
        db.session.execute(text("UPDATE refresh_token SET rotated_at = :t WHERE rotated_at IS NOT NULL"),
                           {"t": utcnow() - timedelta(minutes=5)})
        db.session.commit()
    client.set_cookie("mpp_refresh", old, path="/api/auth")
    assert client.post("/api/auth/refresh", headers={"X-CSRF-Token": body["csrf_token"]}).status_code == 401
    assert client.get("/api/me", headers=_bearer(fresh)).status_code == 401
    assert client.get("/api/me", headers=_bearer(body["access_token"])).status_code == 401


def test_an_expired_session_stops_its_access_tokens(app, signed_in):
    client, body = signed_in
    with app.app_context():
        db.session.execute(update(AuthSession).values(expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    assert client.get("/api/me", headers=_bearer(body["access_token"])).status_code == 401


def test_revoke_other_sessions_keeps_only_the_given_one(app, make_user, login):
    from backend.accounts import sessions

    user = make_user()
    clients = [app.test_client() for _ in range(3)]
    tokens = [login(user.nik, test_client=c).get_json()["access_token"] for c in clients]
    keep = decode_token_of(app, tokens[0])["sid"]
    with app.app_context():
        sessions.revoke_other_sessions(db.session, user.id, keep, now=utcnow())
        db.session.commit()
    assert [c.get("/api/me", headers=_bearer(t)).status_code for c, t in zip(clients, tokens, strict=True)] == [200, 401, 401]
    with app.app_context():
        sessions.revoke_all_sessions(db.session, user.id, now=utcnow())
        db.session.commit()
    assert clients[0].get("/api/me", headers=_bearer(tokens[0])).status_code == 401


def _integer_key_tables():
    return [t for t in db.metadata.sorted_tables
            if len(t.primary_key.columns) == 1 and t.primary_key.columns[0].type.python_type is int]


def test_every_integer_keyed_table_never_reuses_ids(app):
    """SQLite reuses the highest freed rowid unless the table is AUTOINCREMENT; PostgreSQL's
    sequences never go back. Checked on the schema itself, so a new table is covered too."""
    with app.app_context():
        tables = _integer_key_tables()
        assert {"user_account", "auth_session", "passkey", "refresh_token"} <= {t.name for t in tables}
        if is_postgres():
            for table in tables:
                column = table.primary_key.columns[0]
                assert db.session.scalar(text(f"SELECT pg_get_serial_sequence('{table.name}', '{column.name}')")), table.name
        else:
            ddl = dict(db.session.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'table'")).all())
            assert [t.name for t in tables if "AUTOINCREMENT" not in ddl[t.name].upper()] == []


def test_a_deleted_rows_id_is_never_handed_out_again(app, make_user):
    """Delete the newest row of a table whose ids appear in tokens and URLs, create another: a new id."""
    first = make_user()
    with app.app_context():
        db.session.execute(User.__table__.delete().where(User.id == first.id))
        db.session.commit()
    second = make_user()
    assert second.id > first.id
    with app.app_context():
        now = utcnow()
        row = AuthSession(family_id="a" * 32, user_id=second.id, created_at=now, last_refreshed_at=now,
                          expires_at=now + timedelta(days=1))
        db.session.add(row)
        db.session.commit()
        old_id = row.id
        db.session.delete(row)
        db.session.commit()
        again = AuthSession(family_id="b" * 32, user_id=second.id, created_at=now, last_refreshed_at=now,
                            expires_at=now + timedelta(days=1))
        db.session.add(again)
        db.session.commit()
        assert again.id > old_id
        assert db.session.scalar(select(func.count()).select_from(AuthSession)) == 1
