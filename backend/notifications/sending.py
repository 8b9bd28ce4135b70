"""Sending pushes: the payload, the Web Push headers, and the encrypted, VAPID-signed request.

Nothing here touches the database; delivery.py claims the rows and records what happened.
"""
from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import timedelta
from itertools import islice
from urllib.parse import urlsplit

import requests
from pywebpush import WebPushException, webpush

from ..timeutil import utcnow
from . import kinds, vapid
from .models import Notification

PAYLOAD_LIMIT = 3000  # bytes of JSON before encryption (push services accept about 4 KB)
VAPID_LIFETIME = 12 * 3600


@dataclass(frozen=True)
class PushSettings:
    vapid_private_key: str
    subject: str
    ttl: int = 2 * 24 * 3600
    max_attempts: int = 8
    backoff_base: float = 30
    backoff_max: float = 6 * 3600
    timeout: float = 10
    batch: int = 50
    concurrency: int = 8

    @classmethod
    def from_config(cls, config, **overrides) -> PushSettings:
        values = dict(
            vapid_private_key=config["VAPID_PRIVATE_KEY"], subject=config["VAPID_SUBJECT"],
            ttl=max(86400, config["PUSH_TTL_SECONDS"]), max_attempts=config["PUSH_MAX_ATTEMPTS"],
            backoff_base=config["PUSH_BACKOFF_BASE_SECONDS"], backoff_max=config["PUSH_BACKOFF_MAX_SECONDS"],
            timeout=config["PUSH_TIMEOUT_SECONDS"], batch=config["PUSH_BATCH"],
            concurrency=max(1, config["PUSH_CONCURRENCY"]),
        )
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    @property
    def lease(self) -> timedelta:
        # long enough to send a whole batch even if every request times out
        return timedelta(seconds=self.batch * self.timeout / max(1, self.concurrency) + 60)


@dataclass(frozen=True)
class Job:
    delivery_id: int
    token: str
    subscription_id: int
    subscription_info: dict
    payload: str
    headers: dict


@dataclass(frozen=True)
class Outcome:
    status_code: int | None
    retry_after: str | None = None
    error: str | None = None


def payload(notification: Notification, lang: str) -> str:
    """The JSON the service worker receives, kept under PAYLOAD_LIMIT bytes."""
    title, body = kinds.render(notification.kind, notification.params, lang)
    tag = f"application-{notification.application_id}" if notification.application_id else f"notification-{notification.id}"
    data = {"id": notification.id, "kind": notification.kind, "title": title, "body": body,
            "url": notification.url or "/", "tag": tag, "application_id": notification.application_id, "lang": lang}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    while len(text.encode()) > PAYLOAD_LIMIT and data["body"]:
        excess = len(text.encode()) - PAYLOAD_LIMIT
        data["body"] = data["body"][: -(excess + 1)].rstrip() + "…" if len(data["body"]) > excess + 1 else ""
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text


_TOPIC_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


def topic(notification: Notification) -> str:
    """The Web Push Topic (RFC 8030: at most 32 characters of the URL-safe base64 alphabet).

    A message sent again (a worker died before recording it) carries the same Topic, so the push
    service replaces the undelivered copy. A status change is topic-bound to its application,
    so a newer status also replaces an undelivered older one; anything else to its notification.
    """
    if notification.kind == "application_status" and notification.application_id is not None:
        text = f"application-{notification.application_id}"
    else:
        text = f"notification-{notification.id}"
    return _TOPIC_UNSAFE.sub("-", text)[:32]


def push_headers(notification: Notification) -> dict:
    return {"Urgency": kinds.urgency(notification.kind, notification.params), "Topic": topic(notification)}


def send(job: Job, settings: PushSettings, http: requests.Session | None = None) -> Outcome:
    """One push request (encrypted aes128gcm, VAPID-signed); never raises."""
    parts = urlsplit(job.subscription_info["endpoint"])
    claims = {"sub": settings.subject, "aud": f"{parts.scheme}://{parts.netloc}",
              "exp": int(utcnow().timestamp()) + VAPID_LIFETIME}
    try:
        response = webpush(job.subscription_info, data=job.payload, vapid_private_key=vapid.load(settings.vapid_private_key),
                           vapid_claims=claims, ttl=settings.ttl, headers=job.headers, timeout=settings.timeout,
                           requests_session=http)
        return Outcome(response.status_code)
    except WebPushException as error:
        response = error.response
        if response is None:
            return Outcome(None, error=str(error.message)[:300])
        return Outcome(response.status_code, response.headers.get("Retry-After"), f"HTTP {response.status_code}")
    except requests.RequestException as error:
        return Outcome(None, error=f"network: {type(error).__name__}")
    except Exception as error:  # a bad subscription key must not stop the worker
        return Outcome(None, error=f"{type(error).__name__}: {error}"[:300])


class Sender:
    """Sends a batch, settings.concurrency requests at a time (push services answer in tens of
    milliseconds, so one worker keeps several in flight); each thread keeps its own keep-alive session."""

    def __init__(self, settings: PushSettings) -> None:
        self.settings = settings
        self._local = threading.local()
        self._sessions: list[requests.Session] = []
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(settings.concurrency) if settings.concurrency > 1 else None

    def _http(self) -> requests.Session:
        http = getattr(self._local, "http", None)
        if http is None:
            http = self._local.http = requests.Session()
            http.max_redirects = 0  # push services never redirect; following one could reach internal hosts
            with self._lock:
                self._sessions.append(http)
        return http

    def send_as_completed(self, jobs: list[Job]) -> Iterator[list[tuple[Job, Outcome]]]:
        """Send the jobs; each time some have finished, yield those (job, outcome) pairs.

        The caller records each group before asking for the next, and a new request starts only
        then: sent-but-unrecorded never exceeds settings.concurrency, so a worker killed mid-batch
        sends again at most that many.
        """
        if self._pool is None or len(jobs) < 2:
            for job in jobs:
                yield [(job, send(job, self.settings, self._http()))]
            return
        waiting = iter(jobs)

        def start(count: int) -> set:
            return {self._pool.submit(lambda job=job: (job, send(job, self.settings, self._http())))
                    for job in islice(waiting, count)}

        pending = start(self.settings.concurrency)
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            yield [future.result() for future in done]
            pending |= start(len(done))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
        for http in self._sessions:
            http.close()

    def __enter__(self) -> Sender:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
