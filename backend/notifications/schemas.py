"""In/Out schemas of the inbox and push subscription API."""
from typing import ClassVar

from marshmallow import Schema, fields, validate


class NotificationOut(Schema):
    id = fields.Integer()
    kind = fields.String()
    title = fields.String()
    body = fields.String()
    url = fields.String(allow_none=True)
    application_id = fields.Integer(allow_none=True)
    created_at = fields.DateTime()
    read_at = fields.DateTime(allow_none=True)


class InboxArgs(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100000), metadata={"description": "Page number, from 1"})
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100),
                              metadata={"description": "Items per page (1-100, default 20)"})
    lang = fields.String(load_default=None, validate=validate.OneOf(("id", "en")),
                         metadata={"description": "Language of the texts (default: my account's)"})


class NotificationPageOut(Schema):
    items = fields.List(fields.Nested(NotificationOut))
    unread = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()
    total = fields.Integer()
    pages = fields.Integer()


class ReadAllOut(Schema):
    updated = fields.Integer()
    unread = fields.Integer()


class PublicKeyOut(Schema):
    public_key = fields.String()


class SubscriptionKeysIn(Schema):
    p256dh = fields.String(required=True, validate=validate.Length(min=1, max=200),
                           metadata={"description": "The subscription's P-256 public key, base64url"})
    auth = fields.String(required=True, validate=validate.Length(min=1, max=100),
                         metadata={"description": "The subscription's auth secret, base64url"})


class SubscriptionIn(Schema):
    """PushSubscription.toJSON() as the browser gives it."""

    EXAMPLE: ClassVar[dict] = {"endpoint": "https://fcm.googleapis.com/fcm/send/dQw4w9WgXcQ:APA91bH",
                               "keys": {"p256dh": "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM",
                                        "auth": "tBHItJI5svbpez7KI4CCXg"},
                               "expirationTime": None}

    endpoint = fields.String(required=True, validate=validate.Length(min=1, max=1024),
                             metadata={"description": "The push service URL of the subscription"})
    keys = fields.Nested(SubscriptionKeysIn, required=True, metadata={"description": "The subscription's keys"})
    expiration_time = fields.Raw(data_key="expirationTime", allow_none=True, load_default=None,
                                 metadata={"description": "When the subscription expires (epoch milliseconds) or null"})


class SubscriptionOut(Schema):
    id = fields.Integer()
    endpoint = fields.String()
    created_at = fields.DateTime()


class UnsubscribeIn(Schema):
    EXAMPLE: ClassVar[dict] = {"endpoint": "https://fcm.googleapis.com/fcm/send/dQw4w9WgXcQ:APA91bH"}

    endpoint = fields.String(required=True, validate=validate.Length(min=1, max=1024),
                             metadata={"description": "The push service URL of the subscription to remove"})
