"""Environment for an app started with MPP_ENV=production: every key of config.PRODUCTION_SECRETS, freshly made."""
from __future__ import annotations

import base64
import json
import secrets

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519


def _vapid() -> str:
    scalar = ec.generate_private_key(ec.SECP256R1()).private_numbers().private_value.to_bytes(32, "big")
    return base64.urlsafe_b64encode(scalar).rstrip(b"=").decode()


def _booking() -> str:
    return ed25519.Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()


def _oidc() -> str:
    from backend.oidc.keys import _new_keys

    return json.dumps({"keys": _new_keys()})


MAKERS = {"VAPID_PRIVATE_KEY": _vapid, "BOOKING_SIGNING_KEY": _booking, "OIDC_SIGNING_KEYS": _oidc}


def production_secrets() -> dict[str, str]:
    """One value per required secret; a key another domain adds to PRODUCTION_SECRETS needs a maker here
    unless a random string is a valid value for it."""
    from backend.config import PRODUCTION_SECRETS

    return {name: MAKERS.get(name, lambda: secrets.token_urlsafe(48))() for name in PRODUCTION_SECRETS}
