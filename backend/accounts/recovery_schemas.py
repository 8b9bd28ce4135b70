"""In/Out schemas of password change, account recovery and e-mail confirmation."""
from __future__ import annotations

from typing import ClassVar

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from ..api import JsonBoolean
from ..i18n import t
from .schemas import check_nik, check_password


class RecoveryLinkIn(Schema):
    EXAMPLE: ClassVar[dict] = {"identifier": "siti.rahmawati@contoh.id"}

    identifier = fields.String(required=True, validate=validate.Length(min=1, max=254),
                               metadata={"description": "NIK or e-mail address"})


class RecoveryRequestedOut(Schema):
    detail = fields.String(metadata={"description": "The same text whether or not the account exists"})


class RecoveryResetIn(Schema):
    EXAMPLE: ClassVar[dict] = {"token": "Yk3m9QpTz1vW8cRf2LhN5sJd", "password": "Senja-di-Pantai-Bentar"}

    token = fields.String(required=True, validate=validate.Length(min=1, max=200),
                          metadata={"description": "The token of the link in the recovery e-mail"})
    password = fields.String(required=True, validate=check_password,
                             metadata={"description": "New password: at least 10 characters, not a common one"})


class RecoveryCodeIn(Schema):
    EXAMPLE: ClassVar[dict] = {"nik": "3574014507900001", "code": "K7QM-4RZP", "password": "Senja-di-Pantai-Bentar"}

    nik = fields.String(required=True, validate=validate.Length(min=1, max=16), metadata={"description": "My NIK"})
    code = fields.String(required=True, validate=validate.Length(min=1, max=20),
                         metadata={"description": "The one-time code the MPP counter gave me"})
    password = fields.String(required=True, validate=check_password,
                             metadata={"description": "New password: at least 10 characters, not a common one"})


class CounterCodeIn(Schema):
    EXAMPLE: ClassVar[dict] = {"nik": "3574014507900001", "ktp_checked": True}

    nik = fields.String(required=True, validate=check_nik,
                        metadata={"description": "The resident's NIK, read from the KTP-el shown at the counter"})
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
    EXAMPLE: ClassVar[dict] = {"current_password": "Pagi-Cerah-di-Probolinggo", "new_password": "Senja-di-Pantai-Bentar"}

    new_password = fields.String(required=True, validate=check_password,
                                 metadata={"description": "New password: at least 10 characters, not a common one"})
    current_password = fields.String(validate=validate.Length(min=1, max=1024),
                                     metadata={"description": "My current password, to confirm (or sign with a passkey instead)"})
    challenge_id = fields.String(validate=validate.Length(min=1, max=64),
                                 metadata={"description": "With a passkey: the challenge_id of POST /api/auth/passkeys/login/options"})
    credential = fields.Dict(metadata={"description": "With a passkey: PublicKeyCredential.toJSON() answering that challenge"})


class EmailConfirmIn(Schema):
    EXAMPLE: ClassVar[dict] = {"token": "Hq8vL2mXc5TzR9pWk3Nd7sBf"}

    token = fields.String(required=True, validate=validate.Length(min=1, max=200),
                          metadata={"description": "The token of the link in the confirmation e-mail"})


class EmailConfirmedOut(Schema):
    email = fields.String()


class EmailPendingOut(Schema):
    email_pending = fields.String(allow_none=True)
