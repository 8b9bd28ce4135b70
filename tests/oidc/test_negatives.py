"""Everything an attacker or a broken e-service tries: each refused the way the specifications say."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from backend.extensions import db

from .conftest import ISSUER
from .helpers import query


def test_wrong_redirect_uri_gets_an_indonesian_page_not_a_redirect(client, eservice):
    response = client.get("/oauth/authorize", query_string=eservice.auth_params(redirect_uri="https://evil.example/cb"))
    assert response.status_code == 400 and "Location" not in response.headers
    assert response.mimetype == "text/html" and "Permintaan masuk tidak sah" in response.get_data(as_text=True)


@pytest.mark.parametrize("client_id", ["es-unknown", "", "x" * 500, "a\x00b"])
def test_unregistered_client_gets_an_error_page(client, eservice, client_id):
    response = client.get("/oauth/authorize", query_string=eservice.auth_params(client_id=client_id))
    assert response.status_code == 400 and "Location" not in response.headers
    assert "MPP Digital" in response.get_data(as_text=True)


@pytest.mark.parametrize("change", [{"code_challenge": None, "code_challenge_method": None}, {"code_challenge_method": "plain"},
                                    {"code_challenge_method": None}])
def test_authorization_without_s256_pkce_is_an_error_redirect(client, eservice, change):
    response = client.get("/oauth/authorize", query_string=eservice.auth_params(state="s1", **change))
    assert response.status_code == 302
    back = query(response.headers["Location"])
    assert back["error"] == "invalid_request" and back["state"] == "s1"


def test_disallowed_scope_is_invalid_scope(app, client, resident, authorize):
    from .helpers import register

    with app.app_context():
        es = register(db.session, scopes=("openid", "profile"))
        db.session.remove()
    response = client.get("/oauth/authorize", query_string=es.auth_params(scope="openid profile nik", state="s2"))
    back = query(response.headers["Location"])
    assert back["error"] == "invalid_scope" and back["state"] == "s2"


def test_repeated_parameter_is_refused(client, eservice):
    params = [*eservice.auth_params().items(), ("scope", "openid")]
    response = client.get("/oauth/authorize", query_string=params)
    assert response.status_code in (302, 400)
    assert "code=" not in response.headers.get("Location", "")


@pytest.mark.parametrize("verifier", ["", "x" * 50, "short"])
def test_missing_or_wrong_pkce_verifier_is_refused(eservice, resident, authorize, redeem, verifier):
    response = redeem(eservice, authorize(eservice, resident)["code"], verifier=verifier or "")
    if verifier == "":
        response = redeem(eservice, authorize(eservice, resident)["code"], code_verifier="")
    assert response.status_code == 400 and response.get_json()["error"] in ("invalid_request", "invalid_grant")


def test_code_reuse_is_refused_and_revokes_the_tokens_it_gave(client, eservice, resident, authorize, redeem):
    code = authorize(eservice, resident)["code"]
    tokens = redeem(eservice, code).get_json()
    again = redeem(eservice, code)
    assert again.status_code == 400 and again.get_json()["error"] == "invalid_grant"
    info = client.get("/oauth/userinfo", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert info.status_code == 401


def test_expired_code_is_refused(app, eservice, resident, authorize, redeem):
    from backend.oauth.models import OAuthAuthorizationCode
    from backend.timeutil import utcnow

    code = authorize(eservice, resident)["code"]
    with app.app_context():
        db.session.execute(update(OAuthAuthorizationCode).values(expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    response = redeem(eservice, code)
    assert response.status_code == 400 and response.get_json()["error"] == "invalid_grant"


def test_replayed_nonce_is_refused(client, eservice, resident, authorize):
    authorize(eservice, resident, nonce="same-nonce")
    response = client.get("/oauth/authorize", query_string=eservice.auth_params(nonce="same-nonce", state="s3"))
    back = query(response.headers["Location"])
    assert back["error"] == "invalid_request" and back["state"] == "s3"


def test_replayed_client_assertion_jti_is_refused(eservice, resident, authorize, redeem):
    assert redeem(eservice, authorize(eservice, resident)["code"], jti="jti-1").status_code == 200
    replay = redeem(eservice, authorize(eservice, resident)["code"], jti="jti-1")
    # 400, not 401: RFC 6749 5.2 keeps 401 for credentials sent in the Authorization header
    assert replay.status_code == 400 and replay.get_json()["error"] == "invalid_client"


def test_assertion_signed_by_another_key_or_for_another_audience_is_refused(eservice, resident, authorize, redeem):
    from .helpers import new_key

    code = authorize(eservice, resident)["code"]
    wrong_audience = redeem(eservice, code, client_assertion=eservice.assertion("https://other.example/token"))
    assert wrong_audience.get_json()["error"] == "invalid_client"
    eservice.key = new_key()
    assert redeem(eservice, authorize(eservice, resident)["code"]).get_json()["error"] == "invalid_client"


def test_code_of_client_a_cannot_be_redeemed_by_client_b(app, eservice, resident, authorize, redeem):
    from .helpers import register

    with app.app_context():
        other = register(db.session)
        db.session.remove()
    code = authorize(eservice, resident)["code"]
    other.verifier = eservice.verifier
    assert redeem(other, code).get_json()["error"] == "invalid_grant"


def test_token_of_client_a_is_refused_at_userinfo_after_withdrawal(client, eservice, resident, authorize, redeem, auth_headers):
    tokens = redeem(eservice, authorize(eservice, resident)["code"]).get_json()
    client.delete(f"/api/me/connected-apps/{eservice.client_id}", headers=auth_headers(resident))
    assert client.get("/oauth/userinfo", headers={"Authorization": f"Bearer {tokens['access_token']}"}).status_code == 401


def test_rotated_refresh_token_reused_revokes_the_line(client, eservice, resident, authorize, redeem):
    tokens = redeem(eservice, authorize(eservice, resident)["code"]).get_json()
    form = {"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]}
    first = client.post("/oauth/token", data={**form, **eservice.client_auth(f"{ISSUER}/oauth/token")}).get_json()
    stolen = client.post("/oauth/token", data={**form, **eservice.client_auth(f"{ISSUER}/oauth/token")})
    assert stolen.status_code == 400
    assert client.get("/oauth/userinfo", headers={"Authorization": f"Bearer {first['access_token']}"}).status_code == 401


def test_revocation_endpoint_stops_the_token(client, eservice, resident, authorize, redeem):
    tokens = redeem(eservice, authorize(eservice, resident)["code"]).get_json()
    response = client.post("/oauth/revoke", data={"token": tokens["refresh_token"], **eservice.client_auth(f"{ISSUER}/oauth/revoke")})
    assert response.status_code == 200
    assert client.get("/oauth/userinfo", headers={"Authorization": f"Bearer {tokens['access_token']}"}).status_code == 401


@pytest.mark.parametrize("body", [b"", b"grant_type=password&username=a&password=b", b"grant_type=authorization_code&code=x",
                                  b"\xff\xfe", b"grant_type=" + b"a" * 5000])
def test_token_endpoint_answers_json_errors_never_500(client, body):
    response = client.post("/oauth/token", data=body, content_type="application/x-www-form-urlencoded")
    assert 400 <= response.status_code < 500 and "error" in response.get_json()


def test_consent_request_belongs_to_the_first_resident_who_opens_it(client, eservice, make_user, auth_headers):
    first, second = make_user(), make_user()
    response = client.get("/oauth/authorize", query_string=eservice.auth_params())
    handle = response.headers["Location"].rsplit("/", 1)[1]
    assert client.get(f"/api/oidc/requests/{handle}", headers=auth_headers(first)).status_code == 200
    assert client.get(f"/api/oidc/requests/{handle}", headers=auth_headers(second)).status_code == 404
    assert client.post(f"/api/oidc/requests/{handle}", json={"approve": True}, headers=auth_headers(second)).status_code == 404
    assert client.get("/api/oidc/requests/nope", headers=auth_headers(first)).status_code == 404


def test_staff_cannot_consent(client, eservice, officer, auth_headers):
    handle = client.get("/oauth/authorize", query_string=eservice.auth_params()).headers["Location"].rsplit("/", 1)[1]
    assert client.get(f"/api/oidc/requests/{handle}", headers=auth_headers(officer)).status_code == 403
