"""Outgoing e-mail over SMTP (smtplib), sent off the request thread.

Sending in the background keeps the API's answer and timing the same whether or not a
message goes out (an account that exists must not answer slower than one that does not),
and an SMTP server that is down never turns into an error for the resident: the failure
is logged as a warning that names the purpose of the message, never its address.
"""
from __future__ import annotations

import logging
import os
import smtplib
import ssl
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Mail:
    """One message to send: plain text, already in the recipient's language."""

    to: str
    subject: str
    body: str
    purpose: str  # for logs: "recovery", "confirm-email", ... (never the address)


@dataclass(frozen=True)
class MailSettings:
    host: str
    port: int
    user: str
    password: str
    sender: str
    tls: bool
    timeout: float
    ca_file: str = ""  # a private CA for the SMTP server's certificate; empty: the system's

    @classmethod
    def from_config(cls, config) -> MailSettings:
        return cls(
            host=config.get("SMTP_HOST") or "",
            port=int(config.get("SMTP_PORT") or 587),
            user=config.get("SMTP_USER") or "",
            password=config.get("SMTP_PASSWORD") or "",
            sender=config.get("SMTP_FROM") or "MPP Digital <noreply@mpp.example.id>",
            tls=bool(config.get("SMTP_TLS", True)),
            timeout=float(config.get("SMTP_TIMEOUT") or 10),
            ca_file=config.get("SMTP_CA_FILE") or "",
        )

    def __repr__(self) -> str:  # never print the password, even in a traceback's locals
        return f"MailSettings(host={self.host!r}, port={self.port}, tls={self.tls})"


def compose(settings: MailSettings, mail: Mail) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.sender
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=settings.sender.rsplit("@", 1)[-1].strip("> ") or None)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(mail.body)
    return message


def deliver(settings: MailSettings, mail: Mail) -> None:
    """Send now, in this thread; raises on any SMTP or network failure."""
    with smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout) as smtp:
        smtp.ehlo()
        if settings.tls:
            # STARTTLS or nothing: credentials and links never travel in clear text.
            smtp.starttls(context=ssl.create_default_context(cafile=settings.ca_file or None))
            smtp.ehlo()
        if settings.user:
            smtp.login(settings.user, settings.password)
        smtp.send_message(compose(settings, mail))


_lock = threading.Lock()
_executor: ThreadPoolExecutor | None = None
_executor_pid: int | None = None
_pending: set[Future] = set()


def _pool() -> ThreadPoolExecutor:
    """One small pool per process (gunicorn forks workers: threads do not survive a fork)."""
    global _executor, _executor_pid  # noqa: PLW0603 - the pool is per process, made on first use after a fork
    with _lock:
        if _executor is None or _executor_pid != os.getpid():
            _executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="mail")
            _executor_pid = os.getpid()
            _pending.clear()
        return _executor


def _send_logged(settings: MailSettings, mail: Mail) -> bool:
    if not settings.host:
        log.warning("mail not sent (%s): SMTP_HOST is not set", mail.purpose)
        return False
    try:
        deliver(settings, mail)
    except (OSError, smtplib.SMTPException) as exc:
        log.warning("mail not sent (%s): %s", mail.purpose, type(exc).__name__)
        return False
    log.info("mail sent (%s)", mail.purpose)
    return True


def in_background(job, *args) -> Future:
    """Run job(*args) on the mail pool (wait_idle waits for it too)."""
    future = _pool().submit(job, *args)
    with _lock:
        _pending.add(future)
    future.add_done_callback(_pending.discard)
    return future


def send(settings: MailSettings, mails: list[Mail]) -> list[Future]:
    """Queue the messages for the background sender; returns their futures (True = sent)."""
    return [in_background(_send_logged, settings, mail) for mail in mails]


def send_now(settings: MailSettings, mails: list[Mail]) -> None:
    """Send in this thread, logging failures (for work that already runs in the background)."""
    for mail in mails:
        _send_logged(settings, mail)


def wait_idle(timeout: float = 10.0) -> None:
    """Block until every queued message was tried (tests, and the CLI before it exits)."""
    with _lock:
        pending = list(_pending)
    for future in pending:
        future.result(timeout=timeout)
