"""Signed ticket tokens (Ed25519) the counter app can verify offline with the public key.

Format: "MPP1." + base64url(JSON payload) + "." + base64url(signature), the signature
covering the ASCII text before the second dot. Payload keys: v (1), id (booking id),
tn (ticket number), r (region code), a (agency code), c (counter id), d (local date
YYYY-MM-DD), s (local start HH:MM).
"""
from __future__ import annotations

import base64
import binascii
import json
import os
import threading
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

PREFIX = "MPP1"
_cache: dict[str, Ed25519PrivateKey] = {}
_lock = threading.Lock()


class BadToken(Exception):
    """The token is malformed or its signature does not verify."""


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64url(text: str) -> bytes:
    if not text or "=" in text:
        raise BadToken("padding")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as error:
        raise BadToken("base64") from error


def _generate_file(path: Path) -> None:
    """Write a new key once; a concurrent process that loses the race keeps the winner's key."""
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(pem)
    os.chmod(tmp, 0o600)
    try:
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        tmp.unlink(missing_ok=True)


def load_private_key(pem: str | None, path: str | Path) -> Ed25519PrivateKey:
    """The signing key: PEM text from the environment, else the instance file (made on first use)."""
    cache_key = pem or f"file:{path}"
    with _lock:
        key = _cache.get(cache_key)
        if key is None:
            if pem:
                # an env var often carries the PEM on one line with literal "\n"
                data = pem.replace("\\n", "\n").encode()
            else:
                path = Path(path)
                if not path.exists():
                    _generate_file(path)
                data = path.read_bytes()
            loaded = serialization.load_pem_private_key(data, password=None)
            if not isinstance(loaded, Ed25519PrivateKey):
                raise ValueError("booking signing key must be an Ed25519 key")
            key = _cache[cache_key] = loaded
    return key


def public_key_b64url(private_key: Ed25519PrivateKey) -> str:
    raw = private_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return b64url(raw)


def sign(private_key: Ed25519PrivateKey, payload: dict) -> str:
    body = f"{PREFIX}.{b64url(json.dumps(payload, separators=(',', ':'), sort_keys=True).encode())}"
    return f"{body}.{b64url(private_key.sign(body.encode()))}"


def verify(public_key: Ed25519PublicKey, token: str) -> dict:
    """The payload of a genuine token; BadToken for anything else."""
    if not isinstance(token, str) or len(token) > 1000:
        raise BadToken("shape")
    parts = token.strip().split(".")
    if len(parts) != 3 or parts[0] != PREFIX:
        raise BadToken("shape")
    signature = _unb64url(parts[2])
    try:
        public_key.verify(signature, f"{parts[0]}.{parts[1]}".encode())
    except InvalidSignature as error:
        raise BadToken("signature") from error
    try:
        payload = json.loads(_unb64url(parts[1]))
    except ValueError as error:
        raise BadToken("payload") from error
    if not isinstance(payload, dict) or payload.get("v") != 1 or not isinstance(payload.get("id"), int):
        raise BadToken("payload")
    return payload
