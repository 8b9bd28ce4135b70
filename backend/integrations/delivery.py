"""The webhook worker: claim due events under a lease, sign and send them, record each outcome.

Rows are claimed with SELECT ... FOR UPDATE SKIP LOCKED in a short transaction that stamps them
with this worker's token and a lease, so two workers never send the same event at once; only the
token's holder records the outcome. An event waits while an earlier event of the same application
(or complaint) for the same system is undelivered, so a receiver sees them in order. A worker that
dies leaves its in-flight events to be sent again after the lease, with the same webhook-id.
"""
from __future__ import annotations

import json
import logging
import random
import secrets
import threading
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urljoin

import requests
from sqlalchemy import exists, or_, select, update
from sqlalchemy.orm import Session, aliased
from standardwebhooks.webhooks import Webhook

from ..timeutil import as_utc, utcnow
from .models import Integration, IntegrationEvent

log = logging.getLogger(__name__)

USER_AGENT = "MPP-Digital-Webhooks/1"
ERROR_LENGTH = 300
GROUP_WAIT_SECONDS = 0.01


@dataclass(frozen=True)
class WebhookSettings:
    batch: int = 50
    concurrency: int = 8
    lease: timedelta = timedelta(seconds=60)
    timeout: float = 10.0
    backoff_base: float = 10.0  # seconds before the first retry
    backoff_max: float = 6 * 3600.0  # the longest wait between two tries
    max_age: timedelta = timedelta(days=3)  # after this, a failing event is a dead letter
    base_url: str = "http://localhost:8000"

    @classmethod
    def from_config(cls, config, **overrides) -> WebhookSettings:
        base = config.get("PUBLIC_URL") or (config.get("WEBAUTHN_ORIGINS") or ["http://localhost:8000"])[0]
        values = {
            "batch": int(config.get("WEBHOOK_BATCH", 50)),
            "concurrency": int(config.get("WEBHOOK_CONCURRENCY", 8)),
            "lease": timedelta(seconds=float(config.get("WEBHOOK_LEASE_SECONDS", 60))),
            "timeout": float(config.get("WEBHOOK_TIMEOUT_SECONDS", 10)),
            "backoff_base": float(config.get("WEBHOOK_BACKOFF_BASE_SECONDS", 10)),
            "backoff_max": float(config.get("WEBHOOK_BACKOFF_MAX_SECONDS", 6 * 3600)),
            "max_age": timedelta(seconds=float(config.get("WEBHOOK_MAX_AGE_SECONDS", 3 * 86400))),
            "base_url": base,
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


@dataclass(frozen=True)
class Job:
    row_id: int
    token: str
    event_id: str
    url: str
    secret: str
    body: str


@dataclass(frozen=True)
class Outcome:
    status_code: int | None
    error: str | None = None


def body_for(payload: dict, base_url: str) -> str:
    """The JSON body sent: the stored payload with its links made absolute."""
    data = dict(payload["data"])
    data["links"] = {name: urljoin(base_url, path) for name, path in (data.get("links") or {}).items()}
    return json.dumps({**payload, "data": data}, separators=(",", ":"), ensure_ascii=False)


def sign(job: Job, at: datetime) -> dict[str, str]:
    """Standard Webhooks headers for job sent at `at`."""
    signature = Webhook(job.secret).sign(job.event_id, as_utc(at), job.body)
    return {"webhook-id": job.event_id, "webhook-timestamp": str(int(as_utc(at).timestamp())),
            "webhook-signature": signature}


def _claimable(now: datetime):
    earlier = aliased(IntegrationEvent)
    waits_for_earlier = exists().where(
        earlier.integration_id == IntegrationEvent.integration_id, earlier.ordering_key == IntegrationEvent.ordering_key,
        earlier.id < IntegrationEvent.id, earlier.status.in_(("pending", "dead")))
    live = select(Integration.id).where(Integration.revoked_at.is_(None), Integration.webhook_url.is_not(None))
    return (IntegrationEvent.status == "pending", IntegrationEvent.next_attempt_at <= now,
            or_(IntegrationEvent.claimed_until.is_(None), IntegrationEvent.claimed_until < now),
            IntegrationEvent.integration_id.in_(live), ~waits_for_earlier)


def claim(session: Session, settings: WebhookSettings, now: datetime | None = None) -> list[Job]:
    """Claim up to settings.batch due events (at most one per application) and commit; returns what to send."""
    now = now or utcnow()
    claimable = _claimable(now)
    ids = session.scalars(
        select(IntegrationEvent.id).where(*claimable).order_by(IntegrationEvent.id).limit(settings.batch)
        .with_for_update(skip_locked=True, of=IntegrationEvent)
    ).all()
    if not ids:
        session.commit()
        return []
    token = secrets.token_hex(16)
    session.execute(
        update(IntegrationEvent).where(IntegrationEvent.id.in_(ids), *claimable)
        .values(claim_token=token, claimed_until=now + settings.lease)
        .execution_options(synchronize_session=False))
    session.commit()
    rows = session.execute(
        select(IntegrationEvent, Integration.webhook_url, Integration.webhook_secret)
        .join(Integration, Integration.id == IntegrationEvent.integration_id)
        .where(IntegrationEvent.claim_token == token).order_by(IntegrationEvent.id)).all()
    jobs = [Job(event.id, token, event.event_id, url, secret, body_for(event.payload, settings.base_url))
            for event, url, secret in rows]
    session.commit()
    return jobs


def retry_delay(attempts: int, settings: WebhookSettings) -> float:
    """Exponential backoff with jitter: between half and all of base * 2^(attempts-1), capped."""
    delay = min(settings.backoff_max, settings.backoff_base * 2 ** max(0, attempts - 1))
    return delay / 2 + random.uniform(0, delay / 2)


def next_state(*, attempts: int, retry_from: datetime, outcome: Outcome, settings: WebhookSettings,
               now: datetime) -> tuple[str, datetime | None]:
    """(status, next attempt) after one more try: delivered, pending again later, or dead past the window."""
    if outcome.status_code is not None and 200 <= outcome.status_code < 300:
        return "delivered", None
    later = now + timedelta(seconds=retry_delay(attempts, settings))
    if later > as_utc(retry_from) + settings.max_age:
        return "dead", None
    return "pending", later


def _record_one(session: Session, job: Job, outcome: Outcome, settings: WebhookSettings, now: datetime) -> str:
    mine = (IntegrationEvent.id == job.row_id, IntegrationEvent.claim_token == job.token)
    row = session.execute(select(IntegrationEvent.attempts, IntegrationEvent.retry_from).where(*mine)).first()
    if row is None:
        return "released"
    attempts = row.attempts + 1
    status, later = next_state(attempts=attempts, retry_from=row.retry_from, outcome=outcome, settings=settings, now=now)
    values = {"status": status, "attempts": attempts, "last_status_code": outcome.status_code, "last_attempt_at": now,
              "claim_token": None, "claimed_until": None}
    if status == "delivered":
        values["delivered_at"] = now
    else:
        values["last_error"] = (outcome.error or f"HTTP {outcome.status_code}")[:ERROR_LENGTH]
        if later is not None:
            values["next_attempt_at"] = later
    session.execute(update(IntegrationEvent).where(*mine).values(**values).execution_options(synchronize_session=False))
    if status == "dead":
        log.warning("webhook event %s is a dead letter after %d attempts (%s)", job.event_id, attempts,
                    values.get("last_error"))
    return status


def record(session: Session, job: Job, outcome: Outcome, settings: WebhookSettings,
           now: datetime | None = None) -> str:
    """Store what happened to a claimed event and commit; returns its new status ('released' if no longer ours)."""
    status = _record_one(session, job, outcome, settings, now or utcnow())
    session.commit()
    return status


def record_all(session: Session, finished: list[tuple[Job, Outcome]], settings: WebhookSettings,
               now: datetime | None = None) -> None:
    """Record outcomes in one commit: deliveries with one statement per status code, failures one by one."""
    now = now or utcnow()
    delivered = [(job, outcome) for job, outcome in finished if outcome.status_code and 200 <= outcome.status_code < 300]
    for code in {outcome.status_code for _, outcome in delivered}:
        for token in {job.token for job, outcome in delivered if outcome.status_code == code}:
            ids = [job.row_id for job, outcome in delivered if outcome.status_code == code and job.token == token]
            session.execute(
                update(IntegrationEvent).where(IntegrationEvent.id.in_(ids), IntegrationEvent.claim_token == token)
                .values(status="delivered", delivered_at=now, attempts=IntegrationEvent.attempts + 1, last_attempt_at=now,
                        last_status_code=code, claim_token=None, claimed_until=None)
                .execution_options(synchronize_session=False))
    for job, outcome in finished:
        if not (outcome.status_code and 200 <= outcome.status_code < 300):
            _record_one(session, job, outcome, settings, now)
    session.commit()


class Sender:
    """Sends jobs over keep-alive connections, several at once (a batch holds one event per application)."""

    def __init__(self, settings: WebhookSettings):
        self.settings = settings
        self._local = threading.local()
        self._pool = ThreadPoolExecutor(max_workers=settings.concurrency, thread_name_prefix="webhook")

    def __enter__(self) -> Sender:
        return self

    def __exit__(self, *exc) -> None:
        self._pool.shutdown(wait=True)

    def _session(self) -> requests.Session:
        http = getattr(self._local, "http", None)
        if http is None:
            http = self._local.http = requests.Session()
        return http

    def send(self, job: Job) -> Outcome:
        headers = {"content-type": "application/json", "user-agent": USER_AGENT, **sign(job, utcnow())}
        try:
            response = self._session().post(job.url, data=job.body.encode(), headers=headers,
                                            timeout=self.settings.timeout, allow_redirects=False)
            response.close()
        except requests.RequestException as error:
            self._local.http = None  # a cut connection: start clean
            return Outcome(None, f"{type(error).__name__}: {str(error)[:200]}")
        return Outcome(response.status_code, None if response.ok else f"HTTP {response.status_code}")

    def send_as_completed(self, jobs: list[Job]) -> Iterator[list[tuple[Job, Outcome]]]:
        """Send all jobs at once; yields what has finished each time something does (a group commit)."""
        pending = {self._pool.submit(self.send, job): job for job in jobs}
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            # a few milliseconds more gather the sends finishing together into one commit
            more, _ = wait(set(pending) - done, timeout=GROUP_WAIT_SECONDS)
            yield [(pending.pop(future), future.result()) for future in done | more]


def process_batch(session: Session, settings: WebhookSettings, sender: Sender, now: datetime | None = None) -> int:
    """Claim, send and record one batch; returns how many events were handled."""
    jobs = claim(session, settings, now)
    for finished in sender.send_as_completed(jobs):
        # outcomes commit as soon as they are known: a killed worker resends only what was in flight
        record_all(session, finished, settings)
    return len(jobs)


def deliver_due(session: Session, settings: WebhookSettings, sender: Sender, *, rounds: int = 20) -> int:
    """Deliver batches until nothing is due (at most `rounds` batches); the push worker's periodic job."""
    total = 0
    for _ in range(rounds):
        count = process_batch(session, settings, sender)
        total += count
        if count == 0:
            break
    return total
