"""Inbox and push subscription API: every resident sees and changes only their own."""
from flask import current_app, request
from sqlalchemy.exc import IntegrityError

from ..accounts.auth import auth_required, current_user
from ..api import Blueprint
from ..extensions import db
from . import services, vapid
from .schemas import (
    InboxArgs,
    NotificationOut,
    NotificationPageOut,
    PublicKeyOut,
    ReadAllOut,
    SubscriptionIn,
    SubscriptionOut,
    UnsubscribeIn,
)

blp = Blueprint("notifications", __name__, url_prefix="/api", description="Inbox and web push")


def _language(user, override: str | None = None) -> str:
    """?lang=, else the request's Accept-Language (the app's current language), else the profile's."""
    if override:
        return override
    if request.headers.get("Accept-Language"):
        return request.accept_languages.best_match(("id", "en"), default=user.language or "id")
    return user.language or "id"


def _item(notification, lang: str) -> dict:
    return {
        "id": notification.id, "kind": notification.kind, "url": notification.url,
        "application_id": notification.application_id, "created_at": notification.created_at,
        "read_at": notification.read_at, **services.render(notification, lang),
    }


@blp.get("/notifications")
@auth_required()
@blp.arguments(InboxArgs, location="query")
@blp.response(200, NotificationPageOut)
def list_notifications(args):
    """My notifications, newest first, with the unread count."""
    user = current_user()
    page, unread = services.inbox(db.session, user.id, args["page"], args["per_page"])
    lang = _language(user, args["lang"])
    return {**page.envelope([_item(n, lang) for n in page.items]), "unread": unread}


@blp.post("/notifications/<id:notification_id>/read")
@blp.response(200, NotificationOut)
@auth_required()
def read_notification(notification_id: int):
    """Mark one of my notifications as read."""
    user = current_user()
    notification = services.mark_read(db.session, user.id, notification_id)
    db.session.commit()
    return _item(notification, _language(user))


@blp.post("/notifications/read-all")
@blp.response(200, ReadAllOut)
@auth_required()
def read_all_notifications():
    """Mark all my notifications as read."""
    updated = services.mark_all_read(db.session, current_user().id)
    db.session.commit()
    return {"updated": updated, "unread": 0}


@blp.get("/push/public-key")
@blp.response(200, PublicKeyOut)
def push_public_key():
    """The VAPID public key to pass to pushManager.subscribe as applicationServerKey."""
    return {"public_key": vapid.public_key(current_app.config["VAPID_PRIVATE_KEY"])}


@blp.post("/push/subscriptions")
@auth_required()
@blp.arguments(SubscriptionIn)
@blp.response(201, SubscriptionOut)
def subscribe(args):
    """Register this device for push (updates it if the endpoint is already known)."""
    user = current_user()
    keys = args["keys"]
    allow_local = bool(current_app.config.get("TESTING"))
    try:
        subscription = services.subscribe(db.session, user.id, args["endpoint"], keys["p256dh"], keys["auth"], allow_local=allow_local)
        db.session.commit()
    except IntegrityError:
        # the same device subscribed twice at once: the other request inserted it, update that row
        db.session.rollback()
        subscription = services.subscribe(db.session, user.id, args["endpoint"], keys["p256dh"], keys["auth"], allow_local=allow_local)
        db.session.commit()
    return subscription


@blp.delete("/push/subscriptions")
@auth_required()
@blp.arguments(UnsubscribeIn)
@blp.response(204)
def unsubscribe(args):
    """Stop push to this device."""
    services.unsubscribe(db.session, current_user().id, args["endpoint"])
    db.session.commit()
