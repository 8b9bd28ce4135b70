"""An independent relying party, idpyoidc (not used by the server), talks to a gunicorn-served provider over
HTTP: discovery, PAR with private_key_jwt, code + PKCE S256, ID token validation (signature, iss, aud,
nonce), userinfo. Only the resident's clicks on the consent screen are played by plain HTTP calls."""
from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from backend.extensions import db

from ..conftest import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[2]
REDIRECT = "https://izin.example.id/callback"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def provider(app, database_url, tmp_path):
    """The app under gunicorn (one worker) on a free port, on the tests' database; yields its issuer URL."""
    port = _free_port()
    issuer = f"http://localhost:{port}"
    env = {**os.environ, "DATABASE_URL": database_url, "RATELIMIT_ENABLED": "0", "PUBLIC_URL": issuer, "PORT": str(port),
           "SECRET_KEY": secrets.token_urlsafe(32), "JWT_SECRET_KEY": secrets.token_urlsafe(32), "VAPID_PRIVATE_KEY": ""}
    config = json.dumps({"INSTANCE_PATH": str(tmp_path / "instance")})
    log = (tmp_path / "err.log").open("w")
    proc = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "4",
                             f"backend.app:create_app({config})"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)
    deadline = time.monotonic() + 60
    while True:
        try:
            requests.get(f"{issuer}/api/health", timeout=10)
            break
        except requests.RequestException:
            if time.monotonic() > deadline or proc.poll() is not None:
                raise AssertionError((tmp_path / "err.log").read_text()[-2000:]) from None
            time.sleep(0.2)
    yield issuer
    proc.terminate()
    proc.wait(timeout=30)


def http_201_as_200(method, url, **kwargs):
    """idpyoidc 5.0.0 takes only 200 from the PAR endpoint; RFC 9126 2.2 answers 201 Created."""
    response = requests.request(method, url, **kwargs)
    if response.status_code == 201:
        response.status_code = 200
    return response


def _rp(issuer: str, client_id: str, key_path: Path):
    from idpyoidc.client.oauth2.stand_alone_client import StandAloneClient

    config = {
        "issuer": issuer,
        "client_id": client_id,
        "redirect_uris": [REDIRECT],
        "response_types_supported": ["code"],
        "token_endpoint_auth_methods_supported": ["private_key_jwt"],
        "token_endpoint_auth_signing_alg_values_supported": ["ES256"],
        "id_token_signing_alg_values_supported": ["ES256"],
        "scope": ["openid", "profile", "nik", "birthdate"],
        "key_conf": {"private_path": str(key_path), "key_defs": [{"type": "EC", "crv": "P-256", "use": ["sig"]},
                                                                  {"type": "RSA", "use": ["sig"]}],
                     "read_only": False},
        "services": {
            "discovery": {"class": "idpyoidc.client.oidc.provider_info_discovery.ProviderInfoDiscovery"},
            "authorization": {"class": "idpyoidc.client.oidc.authorization.Authorization"},
            "access_token": {"class": "idpyoidc.client.oidc.access_token.AccessToken"},
            "userinfo": {"class": "idpyoidc.client.oidc.userinfo.UserInfo"},
        },
        "add_ons": {
            "pkce": {"function": "idpyoidc.client.oauth2.add_on.pkce.add_support",
                     "kwargs": {"code_challenge_length": 64, "code_challenge_method": "S256"}},
            "par": {"function": "idpyoidc.client.oauth2.add_on.par.add_support",
                    "kwargs": {"authn_method": "private_key_jwt", "http_client": f"{__name__}.http_201_as_200"}},
        },
    }
    client = StandAloneClient(config=config, client_type="oidc")
    client.do_provider_info()
    return client


def test_idpyoidc_signs_in_with_par_pkce_and_private_key_jwt(app, provider, make_user, tmp_path):
    from backend.oauth import services as oauth
    from backend.timeutil import utcnow

    resident = make_user()
    key_path = tmp_path / "rp_keys.json"
    rp = _rp(provider, "es-pending", key_path)  # makes the RP's key pair
    public = rp.keyjar.export_jwks(issuer_id="")
    with app.app_context():
        client, _ = oauth.register_client(db.session, name="Uji idpyoidc", redirect_uris=[REDIRECT], jwks=public,
                                          scopes=["openid", "profile", "nik", "birthdate"], now=utcnow())
        db.session.commit()
        client_id = client.client_id
        db.session.remove()
    rp = _rp(provider, client_id, key_path)
    assert rp.get_context().provider_info["issuer"] == provider

    url = rp.init_authorization(req_args={"scope": "openid profile nik birthdate"})
    sent = parse_qs(urlsplit(url).query)
    assert sent["request_uri"][0].startswith("urn:ietf:params:oauth:request_uri:") and "code_challenge" not in sent

    # the resident's browser: to the consent screen, signed in, "Izinkan"
    hop = requests.get(url, allow_redirects=False, timeout=10)
    assert hop.status_code == 303 and hop.headers["Location"].startswith("/izin/")
    handle = hop.headers["Location"].rsplit("/", 1)[1]
    login = requests.post(f"{provider}/api/auth/login", json={"identifier": resident.nik, "password": DEMO_PASSWORD}, timeout=10)
    bearer = {"Authorization": f"Bearer {login.json()['access_token']}", "Origin": provider}
    shown = requests.get(f"{provider}/api/oidc/requests/{handle}", headers=bearer, timeout=10).json()
    assert [i["scope"] for i in shown["items"]] == ["profile", "nik", "birthdate"]
    decided = requests.post(f"{provider}/api/oidc/requests/{handle}", json={"approve": True}, headers=bearer, timeout=10)
    callback = {k: v[0] for k, v in parse_qs(urlsplit(decided.json()["redirect_to"]).query).items()}

    result = rp.finalize(callback)  # token request (private_key_jwt + code_verifier), ID token checks, userinfo
    assert "error" not in result, result
    id_token = result["id_token"]
    assert id_token["iss"] == provider and id_token["aud"] == [client_id]
    assert result["userinfo"]["nik"] == resident.nik and result["userinfo"]["name"] == resident.full_name
    assert result["userinfo"]["birthdate"] == "1990-07-05" and result["userinfo"]["sub"] == id_token["sub"]

    # the same code again, from the same RP: refused
    again = requests.post(rp.get_context().provider_info["token_endpoint"], data={
        "grant_type": "authorization_code", "code": callback["code"], "redirect_uri": REDIRECT, "client_id": client_id}, timeout=10)
    assert again.status_code in (400, 401) and again.json()["error"] in ("invalid_client", "invalid_grant")
