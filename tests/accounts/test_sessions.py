"""Refresh rotation, reuse detection with a grace window, logout, CSRF, token errors."""
from datetime import timedelta

from sqlalchemy import select, update

from backend.accounts.models import RefreshToken
from backend.extensions import db
from backend.timeutil import utcnow
from tests.conftest import issue_access_token

from .conftest import csrf_cookie, refresh_cookie


def _refresh(client, csrf, **headers):
    return client.post("/api/auth/refresh", headers={"X-CSRF-Token": csrf, **headers})


def _age_rotations(app, seconds=60):
    """Pretend every rotation happened `seconds` ago (past the grace window)."""
    with app.app_context():
        db.session.execute(
            update(RefreshToken).where(RefreshToken.rotated_at.is_not(None)).values(rotated_at=utcnow() - timedelta(seconds=seconds))
        )
        db.session.commit()


def test_refresh_rotates_the_cookie_and_keeps_the_csrf_value(signed_in, resident):
    client, body = signed_in
    first = refresh_cookie(client)
    response = _refresh(client, body["csrf_token"])
    assert response.status_code == 200
    out = response.get_json()
    assert out["user"]["id"] == resident.id
    assert out["access_token"]
    assert out["csrf_token"] == body["csrf_token"] == csrf_cookie(client)
    assert refresh_cookie(client) != first
    me = client.get("/api/me", headers={"Authorization": f"Bearer {out['access_token']}"})
    assert me.status_code == 200


def test_refresh_tokens_are_stored_hashed(signed_in, app):
    client, _ = signed_in
    raw = refresh_cookie(client)
    with app.app_context():
        hashes = db.session.scalars(select(RefreshToken.token_hash)).all()
    assert raw not in hashes and len(hashes) == 1 and len(hashes[0]) == 64


def test_reuse_within_grace_window_gets_a_fresh_pair_of_the_same_family(signed_in, app):
    client, body = signed_in
    old = refresh_cookie(client)
    assert _refresh(client, body["csrf_token"]).status_code == 200  # response "lost"
    client.set_cookie("mpp_refresh", old, path="/api/auth")
    retry = _refresh(client, body["csrf_token"])
    assert retry.status_code == 200
    newest = refresh_cookie(client)
    assert newest != old
    with app.app_context():
        families = set(db.session.scalars(select(RefreshToken.family_id)))
        assert len(families) == 1
    assert _refresh(client, body["csrf_token"]).status_code == 200


def test_reuse_after_grace_window_revokes_the_whole_family(signed_in, app):
    client, body = signed_in
    old = refresh_cookie(client)
    assert _refresh(client, body["csrf_token"]).status_code == 200
    current = refresh_cookie(client)
    _age_rotations(app)
    client.set_cookie("mpp_refresh", old, path="/api/auth")
    reused = _refresh(client, body["csrf_token"])
    assert reused.status_code == 401
    assert reused.get_json()["code"] == "session-reused"
    # the legitimate holder's newer token is dead too
    client.set_cookie("mpp_refresh", current, path="/api/auth")
    assert _refresh(client, body["csrf_token"]).status_code == 401
    with app.app_context():
        assert all(r.revoked_at for r in db.session.scalars(select(RefreshToken)))


def test_other_sessions_survive_a_family_revocation(client, app, resident, login):
    phone = app.test_client()
    login(resident.nik)
    phone_body = login(resident.nik, test_client=phone).get_json()
    csrf = csrf_cookie(client)
    old = refresh_cookie(client)
    assert _refresh(client, csrf).status_code == 200
    _age_rotations(app)
    client.set_cookie("mpp_refresh", old, path="/api/auth")
    assert _refresh(client, csrf).status_code == 401
    assert _refresh(phone, phone_body["csrf_token"]).status_code == 200


def test_expired_refresh_token_is_refused(signed_in, app):
    client, body = signed_in
    with app.app_context():
        db.session.execute(update(RefreshToken).values(expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    response = _refresh(client, body["csrf_token"])
    assert response.status_code == 401
    assert response.get_json()["code"] == "session-invalid"


def test_refresh_without_cookie_is_401(client):
    client.set_cookie("mpp_csrf", "abc")
    response = _refresh(client, "abc")
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"


def test_logout_revokes_the_family_and_clears_cookies(signed_in, app):
    client, body = signed_in
    old = refresh_cookie(client)
    response = client.post("/api/auth/logout", headers={"X-CSRF-Token": body["csrf_token"]})
    assert response.status_code == 204
    assert refresh_cookie(client) is None and csrf_cookie(client) is None
    client.set_cookie("mpp_refresh", old, path="/api/auth")
    client.set_cookie("mpp_csrf", body["csrf_token"])
    assert _refresh(client, body["csrf_token"]).status_code == 401
    with app.app_context():
        assert all(r.revoked_at for r in db.session.scalars(select(RefreshToken)))


def test_logout_without_a_session_is_harmless(client):
    assert client.post("/api/auth/logout").status_code == 204


def test_refresh_without_csrf_header_is_403(signed_in):
    client, _ = signed_in
    response = client.post("/api/auth/refresh")
    assert response.status_code == 403
    assert response.get_json()["code"] == "csrf-failed"


def test_refresh_with_wrong_csrf_header_is_403(signed_in):
    client, _ = signed_in
    assert _refresh(client, "forged-value").status_code == 403


def test_csrf_value_planted_in_both_places_but_not_minted_for_the_session_is_403(signed_in):
    client, _ = signed_in
    client.set_cookie("mpp_csrf", "planted")
    assert _refresh(client, "planted").status_code == 403


def test_logout_without_csrf_header_is_403_and_keeps_the_session(signed_in):
    client, body = signed_in
    assert client.post("/api/auth/logout").status_code == 403
    assert _refresh(client, body["csrf_token"]).status_code == 200


def test_cross_site_origin_is_refused(signed_in):
    client, body = signed_in
    response = _refresh(client, body["csrf_token"], Origin="https://evil.example")
    assert response.status_code == 403
    assert response.get_json()["code"] == "origin-denied"
    assert _refresh(client, body["csrf_token"], Origin="http://localhost:8000").status_code == 200


def test_login_from_a_foreign_origin_is_refused(client, resident):
    response = client.post(
        "/api/auth/login", json={"identifier": resident.nik, "password": "x"}, headers={"Origin": "https://evil.example"}
    )
    assert response.status_code == 403


def test_expired_access_token_is_a_401_problem(client, app, resident):
    with app.app_context():
        token = issue_access_token(resident, expires_delta=timedelta(seconds=-5))
    response = client.get("/api/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["code"] == "token-expired"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_invalid_and_missing_access_tokens_are_401_problems(client):
    bad = client.get("/api/me", headers={"Authorization": "Bearer not.a.jwt"})
    assert bad.status_code == 401 and bad.get_json()["code"] == "token-invalid"
    missing = client.get("/api/me", headers={"Accept-Language": "en"})
    assert missing.status_code == 401
    assert missing.mimetype == "application/problem+json"
    assert missing.get_json()["detail"] == "Please sign in first."


def test_access_token_of_a_deleted_user_is_refused(client, auth_headers, make_user, app):
    from backend.accounts.models import User

    user = make_user()
    headers = auth_headers(user)
    with app.app_context():
        db.session.delete(db.session.get(User, user.id))
        db.session.commit()
    assert client.get("/api/me", headers=headers).status_code == 401
