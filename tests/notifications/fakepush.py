"""A fake push service on 127.0.0.1 (records requests, answers as scripted) and a fake browser
subscription that can decrypt what it receives. Used by the tests and bench/notifications.py.
"""
from __future__ import annotations

import base64
import json
import os
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import http_ece
import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Received:
    path: str
    headers: dict[str, str]  # lower-case names
    body: bytes


class _Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # a sender killed mid-request (tests/notifications/test_crash.py) is expected, not an error
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


class FakePushService:
    """ThreadingHTTPServer recording every POST; answers 201 unless a path has scripted answers."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self._script: dict[str, list[tuple[int, dict[str, str]]]] = {}
        self._lock = threading.Lock()
        self.delay = 0.0  # seconds each answer takes (after the request is recorded as received)
        service = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                headers = {k.lower(): v for k, v in self.headers.items()}
                with service._lock:
                    service.received.append(Received(self.path, headers, body))
                    queue = service._script.get(self.path)
                    status, extra = queue.pop(0) if queue else (201, {})
                if service.delay:
                    time.sleep(service.delay)
                self.send_response(status)
                for name, value in extra.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> FakePushService:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def url(self, path: str) -> str:
        return self.origin + path

    def respond(self, path: str, status: int, headers: dict[str, str] | None = None, times: int = 1) -> None:
        """The next `times` requests to path get this answer."""
        with self._lock:
            self._script.setdefault(path, []).extend([(status, headers or {})] * times)

    def requests_to(self, path: str) -> list[Received]:
        with self._lock:
            return [r for r in self.received if r.path == path]

    def clear(self) -> None:
        with self._lock:
            self.received.clear()
            self._script.clear()
            self.delay = 0.0


@dataclass
class FakeBrowser:
    """A push subscription as a browser would make it: its own P-256 key pair and auth secret."""

    endpoint: str
    private_key: ec.EllipticCurvePrivateKey = field(default_factory=lambda: ec.generate_private_key(ec.SECP256R1()))
    auth_secret: bytes = field(default_factory=lambda: os.urandom(16))

    @property
    def path(self) -> str:
        return urlsplit(self.endpoint).path

    @property
    def p256dh(self) -> str:
        return b64url(self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint))

    @property
    def auth(self) -> str:
        return b64url(self.auth_secret)

    def subscription_json(self) -> dict:
        return {"endpoint": self.endpoint, "expirationTime": None, "keys": {"p256dh": self.p256dh, "auth": self.auth}}

    def decrypt(self, received: Received) -> dict:
        assert received.headers.get("content-encoding") == "aes128gcm"
        plain = http_ece.decrypt(received.body, private_key=self.private_key, auth_secret=self.auth_secret, version="aes128gcm")
        return json.loads(plain)


def verify_vapid(received: Received, public_key_b64: str, origin: str) -> dict:
    """Check the `Authorization: vapid t=<JWT>, k=<key>` header (RFC 8292); returns the claims."""
    scheme, _, params = received.headers["authorization"].partition(" ")
    assert scheme.lower() == "vapid"
    values = dict(part.strip().split("=", 1) for part in params.split(","))
    assert values["k"] == public_key_b64
    point = b64url_decode(public_key_b64)
    key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
    return jwt.decode(values["t"], key=key, algorithms=["ES256"], audience=origin,
                      options={"require": ["aud", "exp", "sub"]})
