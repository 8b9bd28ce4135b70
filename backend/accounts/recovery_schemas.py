"""In/Out schemas of password change, account recovery and e-mail confirmation."""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from ..api import JsonBoolean
from ..i18n import t
from . import messages  # noqa: F401  (registers the messages)
from .schemas import check_nik, check_password


class RecoveryLinkIn(Schema):
    identifier = fields.String(required=True, validate=validate.Length(min=1, max=254),
                               metadata={"description": "NIK or e-mail address"})


class RecoveryRequestedOut(Schema):
    detail = fields.String(metadata={"description": "The same text whether or not the account exists"})


class RecoveryResetIn(Schema):
    token = fields.String(required=True, validate=validate.Length(min=1, max=200))
    password = fields.String(required=True, validate=check_password)


class RecoveryCodeIn(Schema):
    nik = fields.String(required=True, validate=validate.Length(min=1, max=16))
    code = fields.String(required=True, validate=validate.Length(min=1, max=20))
    password = fields.String(required=True, validate=check_password)


class CounterCodeIn(Schema):
    nik = fields.String(required=True, validate=check_nik)
    ktp_checked = JsonBoolean(required=True, metadata={"description": "The officer saw the original KTP-el"})

    @validates_schema
    def ktp_seen(self, data, **kwargs):
        if data.get("ktp_checked") is not True:
            raise ValidationError(t("accounts.ktp_check_required"), field_name="ktp_checked")


class CounterResidentOut(Schema):
    full_name = fields.String()
    masked_nik = fields.String()


class CounterCodeOut(Schema):
    code = fields.String(metadata={"description": "Shown once; the resident types it with their NIK"})
    expires_at = fields.DateTime()
    resident = fields.Nested(CounterResidentOut)


class PasswordChangeIn(Schema):
    new_password = fields.String(required=True, validate=check_password)
    current_password = fields.String(validate=validate.Length(min=1, max=1024))
    challenge_id = fields.String(validate=validate.Length(min=1, max=64))
    credential = fields.Dict()


class EmailConfirmIn(Schema):
    token = fields.String(required=True, validate=validate.Length(min=1, max=200))


class EmailConfirmedOut(Schema):
    email = fields.String()


class EmailPendingOut(Schema):
    email_pending = fields.String(allow_none=True)
