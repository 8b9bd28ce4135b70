"""The user's inbox, push deliveries and push subscriptions in their data export (UU PDP right of access)."""
from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Notification, PushDelivery, PushSubscription


def export_notifications(session: Session, user) -> tuple[str, list[dict]]:
    """Every inbox entry, with what became of its push to each device."""
    rows = list(session.scalars(select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)))
    deliveries = defaultdict(list)
    if rows:
        query = (select(PushDelivery).join(Notification, Notification.id == PushDelivery.notification_id)
                 .where(Notification.user_id == user.id).order_by(PushDelivery.id))
        for d in session.scalars(query):
            deliveries[d.notification_id].append(
                {"subscription_id": d.subscription_id, "status": d.status, "attempts": d.attempts,
                 "created_at": d.created_at, "sent_at": d.sent_at})
    return "notifications", [
        {"id": n.id, "kind": n.kind, "params": n.params, "application_id": n.application_id, "url": n.url,
         "created_at": n.created_at, "read_at": n.read_at, "push_deliveries": deliveries.get(n.id, [])}
        for n in rows
    ]


def export_push_subscriptions(session: Session, user) -> tuple[str, list[dict]]:
    """The devices that receive push; the encryption keys are secrets of the device and stay out."""
    rows = session.scalars(select(PushSubscription).where(PushSubscription.user_id == user.id).order_by(PushSubscription.id))
    return "push_subscriptions", [
        {"id": s.id, "endpoint": s.endpoint, "created_at": s.created_at, "last_sent_at": s.last_sent_at} for s in rows
    ]


def register(registry) -> None:
    """Add the inbox and the push devices to the data export (notifications.init_app)."""
    registry.export(export_notifications, {"notification.user_id": "notifications"})
    registry.export(export_push_subscriptions, {"push_subscription.user_id": "push_subscriptions"})
