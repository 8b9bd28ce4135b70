"""Writing notifications with their push deliveries (the outbox), the inbox and push subscriptions.

Callers add notifications in their own transaction (no commit here), so a status change and
its notification commit or roll back together.
"""
from __future__ import annotations

import base64
import binascii
from datetime import datetime
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ..errors import Problem
from ..i18n import t
from ..pagination import Page, paginate
from ..timeutil import utcnow
from . import kinds
from .models import Notification, PushDelivery, PushSubscription

APPLICATION_URL = "/permohonan/{id}"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


def enqueue(
    session: Session,
    *,
    user_id: int,
    kind: str,
    params: dict,
    application_id: int | None = None,
    url: str | None = None,
) -> Notification:
    """Add a notification for user_id and a push delivery per subscription of theirs.

    Everything commits or rolls back with the caller's change. A newer status of an
    application supersedes that application's status pushes not yet sent (nor in flight).
    """
    if url is None and application_id is not None:
        url = APPLICATION_URL.format(id=application_id)
    notification = Notification(user_id=user_id, kind=kind, params=params, application_id=application_id, url=url)
    session.add(notification)
    now = utcnow()
    # lock order everywhere: subscription rows first, then delivery rows (no deadlock with the worker);
    # KEY SHARE keeps a subscription from being deleted before this transaction commits
    subscription_ids = session.scalars(
        select(PushSubscription.id).where(PushSubscription.user_id == user_id)
        .with_for_update(read=True, key_share=True)
    ).all()
    if kind == "application_status" and application_id is not None:
        _supersede(session, user_id, application_id, now)
    for subscription_id in subscription_ids:
        session.add(PushDelivery(notification=notification, subscription_id=subscription_id, next_attempt_at=now, created_at=now))
    session.flush()
    return notification


def _supersede(session: Session, user_id: int, application_id: int, now: datetime) -> None:
    older = (
        select(Notification.id)
        .where(Notification.user_id == user_id, Notification.application_id == application_id,
               Notification.kind == "application_status")
        .scalar_subquery()
    )
    session.execute(
        update(PushDelivery)
        .where(PushDelivery.notification_id.in_(older), PushDelivery.status == "pending",
               (PushDelivery.claimed_until.is_(None)) | (PushDelivery.claimed_until < now))
        .values(status="superseded", claimed_until=None, claim_token=None)
        .execution_options(synchronize_session=False)
    )


# --- inbox -------------------------------------------------------------------------------

def inbox(session: Session, user_id: int, page: int, per_page: int) -> tuple[Page, int]:
    """A page of the user's notifications, newest first, and their unread count."""
    query = select(Notification).where(Notification.user_id == user_id).order_by(
        Notification.created_at.desc(), Notification.id.desc()
    )
    return paginate(session, query, page, per_page), unread_count(session, user_id)


def unread_count(session: Session, user_id: int) -> int:
    return session.scalar(
        select(func.count(Notification.id)).where(Notification.user_id == user_id, Notification.read_at.is_(None))
    ) or 0


def mark_read(session: Session, user_id: int, notification_id: int) -> Notification:
    notification = session.get(Notification, notification_id)
    # someone else's notification is as unknown as a missing one
    if notification is None or notification.user_id != user_id:
        raise Problem(404, "notification-not-found", "notifications.not_found")
    if notification.read_at is None:
        notification.read_at = utcnow()
    return notification


def mark_all_read(session: Session, user_id: int) -> int:
    result = session.execute(
        update(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


def render(notification: Notification, lang: str) -> dict:
    """The inbox item / push payload text of a notification in lang."""
    title, body = kinds.render(notification.kind, notification.params, lang)
    return {"title": title, "body": body}


# --- subscriptions -------------------------------------------------------------------------

def has_subscription(session: Session, user_id: int) -> bool:
    """Whether the user gets push messages on at least one device."""
    return session.scalar(select(PushSubscription.id).where(PushSubscription.user_id == user_id).limit(1)) is not None


def _b64url(value: str, field: str, length: int) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != length or "=" in value.rstrip("="):
        raise Problem(422, "validation-error", "error.validation", errors={field: [t("push.key_invalid")]})
    return raw


def validate_subscription(endpoint: str, p256dh: str, auth: str, *, allow_local: bool) -> None:
    """An https endpoint on a named host (plain http to this machine only when testing) and real keys."""
    parts = urlsplit(endpoint)
    host = (parts.hostname or "").lower()
    is_local = host in LOCAL_HOSTS
    secure = parts.scheme == "https" and host and not is_local and not host.replace(".", "").isdigit()
    local_ok = allow_local and is_local and parts.scheme in ("http", "https")
    if not (secure or local_ok) or parts.username or parts.password:
        raise Problem(422, "validation-error", "error.validation", errors={"endpoint": [t("push.endpoint_invalid")]})
    point = _b64url(p256dh, "keys.p256dh", 65)
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
    except ValueError:
        raise Problem(422, "validation-error", "error.validation", errors={"keys.p256dh": [t("push.key_invalid")]}) from None
    if point[0] != 4:
        raise Problem(422, "validation-error", "error.validation", errors={"keys.p256dh": [t("push.key_invalid")]})
    _b64url(auth, "keys.auth", 16)


def subscribe(session: Session, user_id: int, endpoint: str, p256dh: str, auth: str, *, allow_local: bool = False) -> PushSubscription:
    """Add or update (by endpoint) a device's subscription; the browser's current user owns it."""
    validate_subscription(endpoint, p256dh, auth, allow_local=allow_local)
    subscription = session.scalar(select(PushSubscription).where(PushSubscription.endpoint == endpoint).with_for_update())
    if subscription is None:
        subscription = PushSubscription(user_id=user_id, endpoint=endpoint, p256dh=p256dh.rstrip("="), auth=auth.rstrip("="))
        session.add(subscription)
    else:
        if subscription.user_id != user_id:
            # another account signed in on this browser: the old owner's queued pushes must not reach it
            _forget_deliveries(session, subscription.id, "reassigned")
        subscription.user_id = user_id
        subscription.p256dh = p256dh.rstrip("=")
        subscription.auth = auth.rstrip("=")
    session.flush()
    return subscription


def unsubscribe(session: Session, user_id: int, endpoint: str) -> None:
    """Remove one of the user's subscriptions (idempotent; others' subscriptions are untouched)."""
    subscription = session.scalar(
        select(PushSubscription).where(PushSubscription.endpoint == endpoint, PushSubscription.user_id == user_id)
        .with_for_update()
    )
    if subscription is not None:
        delete_subscription(session, subscription, "unsubscribed")


def delete_subscription(session: Session, subscription: PushSubscription, reason: str) -> None:
    """Delete a subscription; its unsent deliveries are kept as "gone" for the record."""
    _forget_deliveries(session, subscription.id, reason)
    session.delete(subscription)
    session.flush()


def _forget_deliveries(session: Session, subscription_id: int, reason: str) -> None:
    session.execute(
        update(PushDelivery)
        .where(PushDelivery.subscription_id == subscription_id, PushDelivery.status == "pending")
        .values(status="gone", last_error=reason, claimed_until=None, claim_token=None)
        .execution_options(synchronize_session=False)
    )
