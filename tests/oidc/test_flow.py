"""The code flow end to end through the Flask client: consent, tokens, ID token, userinfo, access log."""
from __future__ import annotations

from joserfc import jwt
from joserfc.jwk import KeySet

from .conftest import ISSUER


def _verify(client, id_token: str, es) -> dict:
    keys = KeySet.import_key_set(client.get("/oauth/jwks").get_json())
    token = jwt.decode(id_token, keys, algorithms=["ES256"])
    registry = jwt.JWTClaimsRegistry(iss={"essential": True, "value": ISSUER}, aud={"essential": True, "value": es.client_id})
    registry.validate(token.claims)
    return token.claims


def test_resident_signs_in_to_an_eservice_and_it_receives_what_was_allowed(client, eservice, resident, authorize, redeem,
                                                                           auth_headers):
    params = eservice.auth_params()
    back = authorize(eservice, resident, state=params["state"], nonce="n-0S6_WzA2Mj")
    shown = back["_shown"]
    assert shown["client"]["name"] == "Izin Usaha Mikro, Kota Probolinggo"
    assert shown["client"]["agency"]["code"] == "DPMPTSP"
    assert [i["scope"] for i in shown["items"]] == ["profile", "nik"]
    nik_item = next(i for i in shown["items"] if i["scope"] == "nik")
    assert nik_item["value"].endswith(resident.nik[-4:]) and resident.nik not in str(shown)
    assert back["state"] == params["state"] and back["_to"].startswith(eservice.redirect_uri)

    response = redeem(eservice, back["code"])
    assert response.status_code == 200, response.get_json()
    tokens = response.get_json()
    assert response.headers["Cache-Control"] == "no-store"
    claims = _verify(client, tokens["id_token"], eservice)
    assert claims["nonce"] == "n-0S6_WzA2Mj"
    assert claims["name"] == resident.full_name and claims["nik"] == resident.nik
    assert "birthdate" not in claims and "email" not in claims
    assert claims["sub"] != str(resident.id)

    info = client.get("/oauth/userinfo", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert info.status_code == 200
    assert info.get_json() == {"sub": claims["sub"], "name": resident.full_name, "nik": resident.nik}

    log = client.get("/api/me/access-log", headers=auth_headers(resident)).get_json()["items"]
    releases = [e for e in log if e["action"] == "release"]
    assert len(releases) == 2
    assert all(e["actor_name"] == "Izin Usaha Mikro, Kota Probolinggo" and e["detail"] == "nama, NIK" for e in releases)
    assert releases[0]["agency"]["code"] == "DPMPTSP"

    export = client.get("/api/me/export", headers=auth_headers(resident)).get_json()
    assert export["connected_apps"][0]["client_id"] == eservice.client_id
    assert export["connected_apps"][0]["scopes"] == ["nik", "openid", "profile"]


def test_pairwise_sub_differs_between_eservices(app, client, resident, authorize, redeem):
    from backend.extensions import db

    from .helpers import register

    with app.app_context():
        first, second = register(db.session), register(db.session)
        db.session.remove()
    subs = []
    for es in (first, second):
        tokens = redeem(es, authorize(es, resident)["code"]).get_json()
        subs.append(_verify(client, tokens["id_token"], es)["sub"])
    assert subs[0] != subs[1]


def test_unticked_optional_item_is_not_released_and_a_new_scope_asks_again(client, eservice, resident, authorize, redeem):
    back = authorize(eservice, resident, scope="openid profile nik email", scopes=["openid", "profile", "email"])
    claims = _verify(client, redeem(eservice, back["code"]).get_json()["id_token"], eservice)
    assert "nik" not in claims and claims["email"] == resident.email
    again = authorize(eservice, resident, scope="openid profile email")
    assert again["_shown"]["already_granted"] is True
    more = authorize(eservice, resident, scope="openid profile email birthdate")
    assert more["_shown"]["already_granted"] is False


def test_refusal_redirects_with_access_denied_and_state(eservice, resident, authorize):
    back = authorize(eservice, resident, approve=False, state="xyz")
    assert back["error"] == "access_denied" and back["state"] == "xyz" and "code" not in back


def test_withdrawal_revokes_refresh_and_access_tokens_at_once(client, eservice, resident, authorize, redeem, auth_headers):
    tokens = redeem(eservice, authorize(eservice, resident)["code"]).get_json()
    refreshed = client.post("/oauth/token", data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"],
                                                   **eservice.client_auth(f"{ISSUER}/oauth/token")})
    assert refreshed.status_code == 200, refreshed.get_json()
    tokens = refreshed.get_json()
    apps = client.get("/api/me/connected-apps", headers=auth_headers(resident)).get_json()["items"]
    assert apps[0]["released_claims"] == ["name", "nik", "nonce"] or "name" in apps[0]["released_claims"]
    assert client.delete(f"/api/me/connected-apps/{eservice.client_id}", headers=auth_headers(resident)).status_code == 204
    again = client.post("/oauth/token", data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"],
                                               **eservice.client_auth(f"{ISSUER}/oauth/token")})
    assert again.status_code == 400 and again.get_json()["error"] == "invalid_grant"
    info = client.get("/oauth/userinfo", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert info.status_code == 401 and info.get_json()["error"] == "invalid_token"


def test_discovery_names_the_endpoints_and_only_s256(client):
    meta = client.get("/.well-known/openid-configuration").get_json()
    assert meta["issuer"] == ISSUER
    assert meta["code_challenge_methods_supported"] == ["S256"]
    assert meta["pushed_authorization_request_endpoint"] == f"{ISSUER}/oauth/par"
    assert meta["subject_types_supported"] == ["pairwise"]
    keys = client.get("/oauth/jwks").get_json()["keys"]
    assert {k["alg"] for k in keys} == {"ES256", "RS256"}
    assert all("d" not in k and "p" not in k and k["kid"] for k in keys)
