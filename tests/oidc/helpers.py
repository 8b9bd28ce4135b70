"""An e-service for the tests: its key pair, registration, PKCE and signed client assertions (joserfc)."""
from __future__ import annotations

import base64
import hashlib
import secrets
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from joserfc import jwt
from joserfc.jwk import ECKey

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
REDIRECT = "https://izin.example.id/callback"


@dataclass
class EService:
    client_id: str
    key: ECKey
    redirect_uri: str = REDIRECT
    verifier: str = field(default_factory=lambda: secrets.token_urlsafe(48))

    def challenge(self) -> str:
        return base64.urlsafe_b64encode(hashlib.sha256(self.verifier.encode()).digest()).rstrip(b"=").decode()

    def assertion(self, audience: str, jti: str | None = None) -> str:
        now = int(time.time())
        claims = {"iss": self.client_id, "sub": self.client_id, "aud": audience, "iat": now, "exp": now + 60,
                  "jti": jti or uuid.uuid4().hex}
        return jwt.encode({"alg": "ES256", "kid": self.key.kid}, claims, self.key)

    def auth_params(self, **extra) -> dict:
        params = {"response_type": "code", "client_id": self.client_id, "redirect_uri": self.redirect_uri,
                  "scope": "openid profile nik", "state": secrets.token_urlsafe(8), "nonce": secrets.token_urlsafe(8),
                  "code_challenge": self.challenge(), "code_challenge_method": "S256"}
        params.update(extra)
        return {k: v for k, v in params.items() if v is not None}

    def client_auth(self, audience: str, jti: str | None = None) -> dict:
        return {"client_assertion_type": ASSERTION_TYPE, "client_assertion": self.assertion(audience, jti)}


def new_key() -> ECKey:
    key = ECKey.generate_key("P-256", private=True)
    key.ensure_kid()
    return key


def register(session, *, scopes=("openid", "profile", "nik", "birthdate", "address", "phone", "email", "document"),
             agency_code="DPMPTSP", **options) -> EService:
    from backend.catalogue import services as catalogue
    from backend.oauth import services as oauth
    from backend.timeutil import utcnow

    key = new_key()
    agency = catalogue.get_agency_by_code(session, agency_code)
    client, _ = oauth.register_client(
        session, name="Izin Usaha Mikro, Kota Probolinggo", agency_id=agency.id if agency else None, region_code="35.74",
        redirect_uris=[REDIRECT], post_logout_redirect_uris=["https://izin.example.id/"], scopes=list(scopes),
        jwks={"keys": [key.as_dict(private=False)]}, now=utcnow(), **options)
    session.commit()
    return EService(client.client_id, key)


def query(url: str) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
