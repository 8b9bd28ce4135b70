"""Demo e-service "Izin Usaha Mikro, Kota Probolinggo": signs residents in with MPP Digital (OpenID Connect,
Authlib's Flask client, private_key_jwt, PKCE S256) and prefills its own form from the claims released.

    python examples/izin-usaha/app.py keys      # make instance/key.json once, print the public JWKS
    python examples/izin-usaha/app.py           # serve on http://localhost:8001 (DEMO_PORT)

Settings (environment): MPP_ISSUER (http://localhost:8000), IZIN_CLIENT_ID (es-izin-usaha-probolinggo),
DEMO_PORT (8001), IZIN_INSTANCE (examples/izin-usaha/instance).
"""
from __future__ import annotations

import json
import os
import secrets
import sys
from pathlib import Path

import requests
from authlib.integrations.base_client import OAuthError
from authlib.integrations.flask_client import OAuth
from authlib.oauth2.rfc7523 import PrivateKeyJWT
from flask import Flask, redirect, render_template, request, session, url_for
from joserfc.jwk import ECKey

HERE = Path(__file__).resolve().parent
SCOPES = "openid profile nik birthdate gender address phone email document"
BUSINESS_TYPES = ["Makanan dan minuman", "Kerajinan", "Jasa", "Perdagangan eceran", "Lainnya"]


def load_key(instance: Path) -> ECKey:
    """The e-service's signing key, made once; only its public half is registered at MPP Digital."""
    path = instance / "key.json"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        key = ECKey.generate_key("P-256", parameters={"use": "sig", "alg": "ES256"}, private=True)
        key.ensure_kid()
        path.write_text(json.dumps(key.as_dict(private=True)))
        os.chmod(path, 0o600)
    return ECKey.import_key(json.loads(path.read_text()))


def public_jwks(key: ECKey) -> dict:
    return {"keys": [key.as_dict(private=False)]}


def create_app(config: dict | None = None) -> Flask:
    config = config or {}
    instance = Path(config.get("INSTANCE") or os.environ.get("IZIN_INSTANCE") or HERE / "instance")
    issuer = (config.get("ISSUER") or os.environ.get("MPP_ISSUER") or "http://localhost:8000").rstrip("/")
    app = Flask(__name__, template_folder=str(HERE / "templates"), static_folder=str(HERE / "static"))
    app.secret_key = config.get("SECRET_KEY") or secrets.token_urlsafe(32)
    app.config["ISSUER"] = issuer
    app.config["SESSION_COOKIE_NAME"] = "izin_session"  # not the provider's cookies, even on the same host
    key = load_key(instance)
    oauth = OAuth(app)
    oauth.register(
        "mpp",
        client_id=config.get("CLIENT_ID") or os.environ.get("IZIN_CLIENT_ID") or "es-izin-usaha-probolinggo",
        client_secret=key,  # private_key_jwt: the assertion is signed with this key, never sent
        server_metadata_url=f"{issuer}/.well-known/openid-configuration",
        client_kwargs={"scope": SCOPES, "code_challenge_method": "S256", "token_endpoint_auth_method": "private_key_jwt"},
        client_auth_methods=[PrivateKeyJWT(alg="ES256", headers={"kid": key.kid})],
    )
    app.extensions["submissions"] = []

    @app.get("/")
    def home():
        return render_template("home.html", user=session.get("user"), error=request.args.get("error"))

    @app.get("/masuk")
    def login():
        return oauth.mpp.authorize_redirect(url_for("callback", _external=True), nonce=secrets.token_urlsafe(16))

    @app.get("/callback")
    def callback():
        if request.args.get("error"):  # refused on the consent screen, or a request error
            return redirect(url_for("home", error=request.args["error"]))
        token = oauth.mpp.authorize_access_token()  # checks state, PKCE, the ID token's signature, iss, aud, nonce
        claims = dict(token["userinfo"])
        session["user"] = claims
        session["tokens"] = {"access_token": token["access_token"], "refresh_token": token.get("refresh_token"),
                             "id_token": token.get("id_token"), "scope": token.get("scope")}
        document = claims.get("document")
        if document:  # single use, 5 minutes: fetch it now, with the access token
            got = requests.get(document["url"], headers={"Authorization": f"Bearer {token['access_token']}"}, timeout=10)
            session["document"] = {"type": document["type"], "bytes": len(got.content)} if got.ok else None
        return redirect(url_for("form"))

    @app.route("/permohonan", methods=["GET", "POST"])
    def form():
        claims = session.get("user")
        if not claims:
            return redirect(url_for("home"))
        if request.method == "POST":
            app.extensions["submissions"].append({"sub": claims["sub"], **request.form.to_dict()})
            return render_template("done.html", user=claims, business=request.form.get("business_name", ""))
        return render_template("form.html", user=claims, document=session.get("document"), types=BUSINESS_TYPES,
                               notice=request.args.get("notice"))

    @app.post("/perbarui")
    def refresh():
        """Read the data again with the refresh token (refused once the resident disconnected this e-service)."""
        tokens = session.get("tokens") or {}
        try:
            # the scope granted, not the one asked for: the resident may have unticked some of it
            new = oauth.mpp.fetch_access_token(grant_type="refresh_token", refresh_token=tokens.get("refresh_token"),
                                               scope=tokens.get("scope"))
        except OAuthError as error:  # refused by the provider: the resident withdrew the consent
            app.logger.warning("refresh refused: %s %s", error.error, error.description)
            session.pop("user", None)
            return redirect(url_for("home", error="access_withdrawn"))
        info = requests.get(oauth.mpp.server_metadata["userinfo_endpoint"],
                            headers={"Authorization": f"Bearer {new['access_token']}"}, timeout=10).json()
        session["tokens"] = {**tokens, "access_token": new["access_token"], "refresh_token": new.get("refresh_token")}
        session["user"] = {**session["user"], **info}
        return redirect(url_for("form", notice="refreshed"))

    @app.post("/keluar")
    def logout():
        id_token = (session.get("tokens") or {}).get("id_token")
        session.clear()
        end = oauth.mpp.load_server_metadata()["end_session_endpoint"]
        back = url_for("home", _external=True)
        return redirect(f"{end}?{requests.compat.urlencode({'id_token_hint': id_token, 'post_logout_redirect_uri': back})}")

    return app


if __name__ == "__main__":
    if sys.argv[1:] == ["keys"]:
        instance = Path(os.environ.get("IZIN_INSTANCE") or HERE / "instance")
        print(json.dumps(public_jwks(load_key(instance))))
    else:
        port = int(os.environ.get("DEMO_PORT") or 8001)
        create_app().run(host="127.0.0.1", port=port)
