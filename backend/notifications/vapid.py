"""The server's VAPID key pair (RFC 8292): signs push requests; its public half is the applicationServerKey."""
from __future__ import annotations

import base64
from functools import lru_cache

from cryptography.hazmat.primitives import serialization
from py_vapid import Vapid


@lru_cache(maxsize=4)
def load(private_key: str) -> Vapid:
    """A Vapid from a base64url raw P-256 private key (as instance/vapid.json keeps it) or a PEM."""
    text = private_key.strip()
    if text.startswith("-----BEGIN"):
        return Vapid.from_pem(text.encode())
    raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    return Vapid.from_raw(base64.urlsafe_b64encode(raw).rstrip(b"="))


def public_key(private_key: str) -> str:
    """The uncompressed public point, base64url without padding (for pushManager.subscribe)."""
    point = load(private_key).public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return base64.urlsafe_b64encode(point).rstrip(b"=").decode()
