"""A real SMTP server for tests (aiosmtpd on a free port) and the messages it received."""
from __future__ import annotations

import email
import email.policy
import re
import socket
import threading
import time
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller


class _Handler:
    def __init__(self, box: Mailbox) -> None:
        self.box = box

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        with self.box.lock:
            self.box.messages.append((list(envelope.rcpt_tos), message))
        return "250 OK"


class _FreePortController(Controller):
    """aiosmtpd's Controller on a socket the OS picked (port 0), so parallel runs never clash."""

    def __init__(self, handler, **kwargs) -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.bind(("127.0.0.1", 0))
        super().__init__(handler, hostname="127.0.0.1", port=self._sock.getsockname()[1], **kwargs)

    def _create_server(self):
        return self.loop.create_server(self._factory_invoker, sock=self._sock, ssl=self.ssl_context)


class Mailbox:
    def __init__(self, **smtp_options) -> None:
        """smtp_options go to aiosmtpd's SMTP (tls_context, require_starttls, authenticator, ...)."""
        self.lock = threading.Lock()
        self.messages: list[tuple[list[str], EmailMessage]] = []
        self.controller = _FreePortController(_Handler(self), **smtp_options)

    @property
    def port(self) -> int:
        return self.controller.port

    def wait_for(self, to: str, count: int = 1, timeout: float = 10.0) -> list[EmailMessage]:
        """The messages to this address, once there are `count` of them (they are sent in the background)."""
        deadline = time.monotonic() + timeout
        while True:
            with self.lock:
                found = [m for rcpt, m in self.messages if to.lower() in [r.lower() for r in rcpt]]
            if len(found) >= count or time.monotonic() > deadline:
                assert len(found) >= count, f"expected {count} message(s) to {to}, got {len(found)}"
                return found

    def to(self, address: str) -> list[EmailMessage]:
        with self.lock:
            return [m for rcpt, m in self.messages if address.lower() in [r.lower() for r in rcpt]]


def body_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def token_from(message: EmailMessage, path: str) -> str:
    """The token of the link to `path` (e.g. /pulihkan) in the message."""
    match = re.search(rf"https?://[^\s]+{re.escape(path)}#token=([A-Za-z0-9_\-]+)", body_of(message))
    assert match, body_of(message)
    return match.group(1)


def settle() -> None:
    """Wait until the app's background sender has tried every queued message."""
    from backend import mail

    mail.wait_idle()


@pytest.fixture
def mailbox(app):
    """A running SMTP server; the app sends to it (plain SMTP, no STARTTLS, no login) during the test."""
    box = Mailbox()
    box.controller.start()
    keys = ("SMTP_HOST", "SMTP_PORT", "SMTP_TLS", "SMTP_USER", "SMTP_PASSWORD")
    saved = {k: app.config.get(k) for k in keys}
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=box.port, SMTP_TLS=False, SMTP_USER="", SMTP_PASSWORD="")
    yield box
    settle()
    box.controller.stop()
    app.config.update(saved)
