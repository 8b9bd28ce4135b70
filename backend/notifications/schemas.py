"""In/Out schemas of the inbox and push subscription API."""
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
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))
    lang = fields.String(load_default=None, validate=validate.OneOf(("id", "en")))


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
    p256dh = fields.String(required=True, validate=validate.Length(min=1, max=200))
    auth = fields.String(required=True, validate=validate.Length(min=1, max=100))


class SubscriptionIn(Schema):
    """PushSubscription.toJSON() as the browser gives it."""

    endpoint = fields.String(required=True, validate=validate.Length(min=1, max=1024))
    keys = fields.Nested(SubscriptionKeysIn, required=True)
    expiration_time = fields.Raw(data_key="expirationTime", allow_none=True, load_default=None)


class SubscriptionOut(Schema):
    id = fields.Integer()
    endpoint = fields.String()
    created_at = fields.DateTime()


class UnsubscribeIn(Schema):
    endpoint = fields.String(required=True, validate=validate.Length(min=1, max=1024))
