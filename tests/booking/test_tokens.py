"""Ticket token signing: format, verification, key file made once, key from the environment."""
from __future__ import annotations

import os

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from backend.booking import tokens

PAYLOAD = {"v": 1, "id": 7, "tn": "A-014", "r": "35.74", "a": "DISDUKCAPIL", "c": 3, "d": "2026-12-07", "s": "08:30"}


def test_token_round_trip():
    key = Ed25519PrivateKey.generate()
    token = tokens.sign(key, PAYLOAD)
    assert token.count(".") == 2 and token.startswith("MPP1.")
    assert tokens.verify(key.public_key(), token) == PAYLOAD


@pytest.mark.parametrize("bad", ["", "MPP1", "MPP1.a.b.c", "MPP1.!!!.AAAA", "x" * 2000, "MPP1.e30.AAAA="])
def test_malformed_tokens_are_bad(bad):
    with pytest.raises(tokens.BadToken):
        tokens.verify(Ed25519PrivateKey.generate().public_key(), bad)


def test_payload_without_version_is_bad_even_when_signed():
    key = Ed25519PrivateKey.generate()
    with pytest.raises(tokens.BadToken):
        tokens.verify(key.public_key(), tokens.sign(key, {"id": 1}))


def test_key_file_is_made_once_and_private(tmp_path):
    path = tmp_path / "booking_ed25519.pem"
    first = tokens.load_private_key(None, path)
    assert path.exists() and (os.stat(path).st_mode & 0o777) == 0o600
    tokens._cache.clear()
    second = tokens.load_private_key(None, path)
    assert tokens.public_key_b64url(first) == tokens.public_key_b64url(second)
    assert len(tokens.public_key_b64url(first)) == 43  # 32 raw bytes, base64url without padding


def test_key_from_environment_pem_wins(tmp_path):
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    loaded = tokens.load_private_key(pem, tmp_path / "unused.pem")
    assert tokens.public_key_b64url(loaded) == tokens.public_key_b64url(key)
    assert not (tmp_path / "unused.pem").exists()
