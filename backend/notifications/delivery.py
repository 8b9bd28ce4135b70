"""The push delivery worker's steps: claim due outbox rows under a lease, send them, record each outcome.

Several workers may run at once on PostgreSQL: rows are claimed with SELECT ... FOR UPDATE
SKIP LOCKED in a short transaction that stamps them with this worker's claim token and a
lease; only the holder of the token records the outcome, committed as soon as it is known.
A worker that dies leaves only its in-flight sends unrecorded; they are sent again after the
lease, with the same Topic and tag, so the phone shows them once. SQLite runs one worker.
"""
from __future__ import annotations

import logging
import random
import secrets
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, joinedload

from ..accounts.models import User
from ..timeutil import utcnow
from .models import Notification, PushDelivery, PushSubscription
from .sending import Job, Outcome, PushSettings, Sender, payload, push_headers, send
from .services import delete_subscription

__all__ = ["PushSettings", "Sender", "claim", "payload", "process_batch", "record", "record_all", "send"]

log = logging.getLogger(__name__)

RETRY_AFTER_CAP = 24 * 3600


def claim(session: Session, settings: PushSettings, now: datetime | None = None) -> list[Job]:
    """Claim up to settings.batch due deliveries for this worker and commit; returns what to send."""
    now = now or utcnow()
    claimable = (
        PushDelivery.status == "pending",
        PushDelivery.next_attempt_at <= now,
        PushDelivery.subscription_id.is_not(None),
        or_(PushDelivery.claimed_until.is_(None), PushDelivery.claimed_until < now),
    )
    ids = session.scalars(
        select(PushDelivery.id).where(*claimable).order_by(PushDelivery.next_attempt_at, PushDelivery.id)
        .limit(settings.batch).with_for_update(skip_locked=True)
    ).all()
    if not ids:
        session.commit()
        return []
    token = secrets.token_hex(16)
    session.execute(
        update(PushDelivery).where(PushDelivery.id.in_(ids), *claimable)
        .values(claim_token=token, claimed_until=now + settings.lease)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    rows = session.execute(
        select(PushDelivery, User.language)
        .join(Notification, PushDelivery.notification_id == Notification.id)
        .join(User, Notification.user_id == User.id)
        .where(PushDelivery.claim_token == token)
        .options(joinedload(PushDelivery.notification), joinedload(PushDelivery.subscription))
        .order_by(PushDelivery.id)
    ).all()
    jobs = []
    for delivery, language in rows:
        sub = delivery.subscription
        info = {"endpoint": sub.endpoint, "keys": {"p256dh": sub.p256dh, "auth": sub.auth}}
        jobs.append(Job(delivery.id, token, sub.id, info, payload(delivery.notification, language),
                        push_headers(delivery.notification)))
    session.commit()
    return jobs


def retry_delay(attempts: int, settings: PushSettings) -> float:
    """Exponential backoff with jitter: between half and all of base * 2^(attempts-1), capped."""
    delay = min(settings.backoff_max, settings.backoff_base * 2 ** max(0, attempts - 1))
    return delay / 2 + random.uniform(0, delay / 2)


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """Retry-After as delta-seconds or an HTTP date (RFC 9110), or None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), RETRY_AFTER_CAP)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return min(max(0.0, (when - now).total_seconds()), RETRY_AFTER_CAP)


def record(session: Session, job: Job, outcome: Outcome, settings: PushSettings, now: datetime | None = None) -> str:
    """Store what happened to a claimed delivery and commit; returns its new status."""
    now = now or utcnow()
    code = outcome.status_code
    mine = (PushDelivery.id == job.delivery_id, PushDelivery.claim_token == job.token)
    release = {"claim_token": None, "claimed_until": None, "last_status_code": code}
    if code is not None and 200 <= code < 300:
        status, values = "sent", {"status": "sent", "sent_at": now, "last_error": None}
    elif code in (404, 410):
        # the subscription row is locked before any delivery row, as enqueue does
        session.scalar(select(PushSubscription.id).where(PushSubscription.id == job.subscription_id).with_for_update())
        status, values = "gone", {"status": "gone", "last_error": f"expired ({code})"}
    elif code is not None and 400 <= code < 500 and code != 429:
        status, values = "failed", {"status": "failed", "last_error": outcome.error or f"HTTP {code}"}
    else:
        attempts = session.scalar(select(PushDelivery.attempts).where(*mine))
        if attempts is None:  # no longer ours (unsubscribed meanwhile)
            session.commit()
            return "released"
        attempts += 1
        wait = retry_after_seconds(outcome.retry_after, now) if code == 429 else None
        delay = wait if wait is not None else retry_delay(attempts, settings)
        error = outcome.error or f"HTTP {code}"
        if attempts >= settings.max_attempts:
            status, values = "failed", {"status": "failed", "attempts": attempts, "last_error": error}
        else:
            status = "pending"
            values = {"attempts": attempts, "last_error": error, "next_attempt_at": now + timedelta(seconds=delay)}
    if status != "pending" and "attempts" not in values:
        values["attempts"] = PushDelivery.attempts + 1
    session.execute(update(PushDelivery).where(*mine).values(**values, **release).execution_options(synchronize_session=False))
    if status == "gone":
        subscription = session.get(PushSubscription, job.subscription_id)
        if subscription is not None:
            delete_subscription(session, subscription, f"expired ({code})")
    session.commit()
    if status in ("failed", "gone"):
        log.info("push delivery %s %s (%s)", job.delivery_id, status, values.get("last_error"))
    return status


def record_all(session: Session, jobs: list[Job], outcomes: list[Outcome], settings: PushSettings,
               now: datetime | None = None) -> None:
    """Record a batch: all successes in one statement, anything else one by one."""
    now = now or utcnow()
    sent = [(job, outcome) for job, outcome in zip(jobs, outcomes, strict=True) if outcome.status_code and 200 <= outcome.status_code < 300]
    for code in {outcome.status_code for _, outcome in sent}:
        ids = [job.delivery_id for job, outcome in sent if outcome.status_code == code]
        session.execute(
            update(PushDelivery)
            .where(PushDelivery.id.in_(ids), PushDelivery.claim_token == jobs[0].token)
            .values(status="sent", sent_at=now, last_error=None, attempts=PushDelivery.attempts + 1,
                    last_status_code=code, claim_token=None, claimed_until=None)
            .execution_options(synchronize_session=False)
        )
    session.commit()
    for job, outcome in zip(jobs, outcomes, strict=True):
        if not (outcome.status_code and 200 <= outcome.status_code < 300):
            record(session, job, outcome, settings, now)


def process_batch(session: Session, settings: PushSettings, sender: Sender | None = None,
                  now: datetime | None = None) -> int:
    """Claim, send and record one batch; returns how many deliveries were handled."""
    jobs = claim(session, settings, now)
    if not jobs:
        return 0
    if sender is None:
        with Sender(settings) as own:
            _send_and_record(session, own, jobs, settings, now)
    else:
        _send_and_record(session, sender, jobs, settings, now)
    return len(jobs)


def _send_and_record(session: Session, sender: Sender, jobs: list[Job], settings: PushSettings,
                     now: datetime | None) -> None:
    # each outcome is committed as soon as it is known, not once per batch: a worker killed
    # mid-batch sends again only what was in flight, never what was already delivered
    for finished in sender.send_as_completed(jobs):
        record_all(session, [job for job, _ in finished], [outcome for _, outcome in finished], settings, now)
