"""A genuine software WebAuthn authenticator for the tests (EC P-256, fmt "none").

It builds real authenticator data, attestation objects and ECDSA assertion signatures
over authData || sha256(clientDataJSON), exactly as a platform authenticator would, and
returns what the browser's PublicKeyCredential.toJSON() gives the PWA.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import struct
from dataclasses import dataclass

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

FLAG_UP, FLAG_UV, FLAG_AT = 0x01, 0x04, 0x40


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Credential:
    credential_id: bytes
    private_key: ec.EllipticCurvePrivateKey
    rp_id: str
    user_handle: str  # base64url, as the RP sent it
    sign_count: int = 0


class SoftAuthenticator:
    def __init__(self, origin: str = "http://localhost:8000", user_verified: bool = True, counter_step: int = 1):
        self.origin = origin
        self.user_verified = user_verified
        self.counter_step = counter_step
        self.credentials: list[Credential] = []

    def _flags(self, extra: int = 0, user_verified: bool | None = None) -> int:
        uv = self.user_verified if user_verified is None else user_verified
        return FLAG_UP | (FLAG_UV if uv else 0) | extra

    @staticmethod
    def _client_data(kind: str, challenge: str, origin: str) -> bytes:
        return json.dumps({"type": kind, "challenge": challenge, "origin": origin, "crossOrigin": False}).encode()

    def create(self, options: dict, *, origin: str | None = None, user_verified: bool | None = None) -> dict:
        """navigator.credentials.create(): a new resident credential, attestation "none"."""
        rp_id = options["rp"]["id"]
        key = ec.generate_private_key(ec.SECP256R1())
        numbers = key.public_key().public_numbers()
        cose_key = cbor2.dumps({1: 2, 3: -7, -1: 1, -2: numbers.x.to_bytes(32, "big"), -3: numbers.y.to_bytes(32, "big")})
        credential = Credential(os.urandom(32), key, rp_id, options["user"]["id"])
        attested = bytes(16) + struct.pack(">H", len(credential.credential_id)) + credential.credential_id + cose_key
        auth_data = (
            hashlib.sha256(rp_id.encode()).digest()
            + bytes([self._flags(FLAG_AT, user_verified)])
            + struct.pack(">I", credential.sign_count)
            + attested
        )
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        self.credentials.append(credential)
        client_data = self._client_data("webauthn.create", options["challenge"], origin or self.origin)
        return {
            "id": b64url(credential.credential_id),
            "rawId": b64url(credential.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": b64url(client_data),
                "attestationObject": b64url(attestation),
                "transports": ["internal", "hybrid"],
            },
            "clientExtensionResults": {},
            "authenticatorAttachment": "platform",
        }

    def get(self, options: dict, *, origin: str | None = None, user_verified: bool | None = None,
            credential: Credential | None = None) -> dict:
        """navigator.credentials.get() with empty allowCredentials: the discoverable credential."""
        credential = credential or next(c for c in reversed(self.credentials) if c.rp_id == options["rpId"])
        credential.sign_count += self.counter_step
        auth_data = (
            hashlib.sha256(credential.rp_id.encode()).digest()
            + bytes([self._flags(0, user_verified)])
            + struct.pack(">I", credential.sign_count)
        )
        client_data = self._client_data("webauthn.get", options["challenge"], origin or self.origin)
        signature = credential.private_key.sign(auth_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256()))
        return {
            "id": b64url(credential.credential_id),
            "rawId": b64url(credential.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": b64url(client_data),
                "authenticatorData": b64url(auth_data),
                "signature": b64url(signature),
                "userHandle": credential.user_handle,
            },
            "clientExtensionResults": {},
            "authenticatorAttachment": "platform",
        }
