"""Accounts In/Out schemas. Field errors come back in the request's language."""
from __future__ import annotations

import re
from typing import ClassVar

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from ..catalogue.fieldrules import PATTERNS, PHONE_STRIP  # the one phone rule, also the forms' and the PWA's
from ..datebounds import check_birth_date  # the one rule for birth dates (1900-01-01 to today)
from ..i18n import t
from .nik import validate_nik
from .passwords import password_errors

_PHONE = re.compile(PATTERNS["phone"])


def _codes_to_error(codes: list[str]) -> None:
    if codes:
        raise ValidationError([t(code) for code in codes])


def check_nik(value: str) -> None:
    _codes_to_error(validate_nik(value))


def check_password(value: str) -> None:
    _codes_to_error(password_errors(value))


def check_phone(value: str | None) -> None:
    if value is not None and not _PHONE.match(re.sub(PHONE_STRIP, "", value)):
        raise ValidationError(t("phone.invalid"))


def check_kk(value: str | None) -> None:
    if value is not None and not (len(value) == 16 and value.isascii() and value.isdigit()):
        raise ValidationError(t("kk.invalid"))


def check_name(value: str) -> None:
    if not value.strip():
        raise ValidationError(t("name.blank"))


class ProfileFields(Schema):
    """The editable profile (NIK and role never are)."""

    full_name = fields.String(validate=[validate.Length(min=1, max=100), check_name],
                              metadata={"description": "Full name as on the KTP-el"})
    birth_date = fields.Date(allow_none=True, validate=check_birth_date,
                             metadata={"description": "Date of birth (YYYY-MM-DD, 1900-01-01 to today)"})
    birth_place = fields.String(allow_none=True, validate=validate.Length(max=100), metadata={"description": "Place of birth"})
    gender = fields.String(allow_none=True, validate=validate.OneOf(["L", "P"]),
                           metadata={"description": "L (laki-laki, male) or P (perempuan, female), as on the KTP-el"})
    phone = fields.String(allow_none=True, validate=[validate.Length(max=20), check_phone],
                          metadata={"description": "Mobile number, e.g. 081234567801 or +6281234567801"})
    email = fields.Email(allow_none=True, validate=validate.Length(max=254),
                         metadata={"description": "E-mail address; a new one is used once its mailed link is confirmed"})
    address = fields.String(allow_none=True, validate=validate.Length(max=300), metadata={"description": "Home address"})
    kk_number = fields.String(allow_none=True, validate=check_kk,
                              metadata={"description": "Family card (Kartu Keluarga) number, 16 digits"})
    language = fields.String(validate=validate.OneOf(["id", "en"]),
                             metadata={"description": "Language of messages and e-mails: id (Bahasa Indonesia) or en"})


class RegisterIn(ProfileFields):
    EXAMPLE: ClassVar[dict] = {"nik": "3574014507900001",
                               "full_name": "Siti Rahmawati",
                               "birth_date": "1990-07-05",
                               "gender": "P",
                               "birth_place": "Probolinggo",
                               "phone": "081234567801",
                               "email": "siti.rahmawati@contoh.id",
                               "password": "Pagi-Cerah-di-Probolinggo",
                               "language": "id"}

    nik = fields.String(required=True, validate=check_nik,
                        metadata={"description": "NIK (Nomor Induk Kependudukan), the 16 digits on the KTP-el"})
    full_name = fields.String(required=True, validate=[validate.Length(min=1, max=100), check_name],
                              metadata={"description": "Full name as on the KTP-el"})
    birth_date = fields.Date(required=True, validate=check_birth_date,
                             metadata={"description": "Date of birth (YYYY-MM-DD); must match the NIK's date digits"})
    gender = fields.String(required=True, validate=validate.OneOf(["L", "P"]),
                           metadata={"description": "L (laki-laki, male) or P (perempuan, female); must match the NIK"})
    password = fields.String(required=True, validate=check_password,
                             metadata={"description": "New password: at least 10 characters, not a common one"})

    @validates_schema
    def contact_needed(self, data, **kwargs):
        if not (data.get("phone") or data.get("email")):
            raise ValidationError(t("contact.required"), field_name="phone")


class MePatchIn(ProfileFields):
    EXAMPLE: ClassVar[dict] = {"phone": "081234567801",
                               "address": "Jl. Suroyo No. 12, Kel. Tisnonegaran, Kota Probolinggo",
                               "language": "id"}

    pass


class LoginIn(Schema):
    EXAMPLE: ClassVar[dict] = {"identifier": "siti.rahmawati@contoh.id", "password": "Pagi-Cerah-di-Probolinggo"}

    identifier = fields.String(required=True, validate=validate.Length(min=1, max=254),
                               metadata={"description": "The account's NIK (16 digits) or e-mail address"})
    password = fields.String(required=True, validate=validate.Length(min=1, max=1024), metadata={"description": "The account's password"})


class AgencyBriefOut(Schema):
    id = fields.Integer()
    code = fields.String()
    short = fields.String()
    name = fields.Dict(keys=fields.String(), values=fields.String())


class MeOut(Schema):
    id = fields.Integer()
    role = fields.String()
    nik = fields.String(allow_none=True)
    full_name = fields.String()
    birth_date = fields.Date(allow_none=True)
    birth_place = fields.String(allow_none=True)
    gender = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    email_verified = fields.Boolean(metadata={"description": "The address was confirmed with its mailed link"})
    email_pending = fields.String(allow_none=True, metadata={"description": "A new address waiting for its confirmation link"})
    address = fields.String(allow_none=True)
    kk_number = fields.String(allow_none=True)
    language = fields.String()
    agency = fields.Nested(AgencyBriefOut, allow_none=True)
    region_code = fields.String(allow_none=True)


class WarningOut(Schema):
    code = fields.String()
    message = fields.String()


class SessionOut(Schema):
    access_token = fields.String()
    csrf_token = fields.String()
    user = fields.Nested(MeOut)


class RegisterOut(SessionOut):
    warnings = fields.List(fields.Nested(WarningOut))


class ChallengeOut(Schema):
    challenge_id = fields.String()
    options = fields.Dict(metadata={"description": "PublicKeyCredentialCreationOptionsJSON / RequestOptionsJSON"})


class CredentialIn(Schema):
    EXAMPLE: ClassVar[dict] = {"challenge_id": "q2ZPd0cm9rYWtzYW5h",
                               "credential": {"id": "Xb1kR3p9QmVtYXNzYWdl",
                                              "rawId": "Xb1kR3p9QmVtYXNzYWdl",
                                              "type": "public-key",
                                              "response": {"clientDataJSON": "eyJ0eXBlIjoid2ViYXV0aG4uZ2V0In0",
                                                           "authenticatorData": "SZYN5YgOjGh0NBcPZHZgW4",
                                                           "signature": "MEUCIQDx",
                                                           "userHandle": "MTIz"},
                                              "clientExtensionResults": {}}}

    challenge_id = fields.String(required=True, validate=validate.Length(min=1, max=64),
                                 metadata={"description": "The challenge_id of the options this credential answers"})
    credential = fields.Dict(required=True, metadata={"description": "PublicKeyCredential.toJSON()"})


class PasskeyRegisterIn(CredentialIn):
    EXAMPLE: ClassVar[dict] = {"challenge_id": "q2ZPd0cm9rYWtzYW5h",
                               "name": "HP Siti",
                               "credential": {"id": "Xb1kR3p9QmVtYXNzYWdl",
                                              "rawId": "Xb1kR3p9QmVtYXNzYWdl",
                                              "type": "public-key",
                                              "response": {"clientDataJSON": "eyJ0eXBlIjoid2ViYXV0aG4uY3JlYXRlIn0",
                                                           "attestationObject": "o2NmbXRkbm9uZQ",
                                                           "transports": ["internal"]},
                                              "clientExtensionResults": {}}}

    name = fields.String(validate=validate.Length(min=1, max=60),
                         metadata={"description": "A name for this passkey, e.g. the device (default: from the browser)"})


class PasskeyRenameIn(Schema):
    EXAMPLE: ClassVar[dict] = {"name": "HP Siti (baru)"}

    name = fields.String(required=True, validate=[validate.Length(min=1, max=60), check_name],
                         metadata={"description": "The passkey's new name"})


class PasskeyOut(Schema):
    id = fields.Integer()
    name = fields.String()
    created_at = fields.DateTime()
    last_used_at = fields.DateTime(allow_none=True)


class PasskeyListOut(Schema):
    items = fields.List(fields.Nested(PasskeyOut))


class DeleteMeIn(Schema):
    EXAMPLE: ClassVar[dict] = {"password": "Pagi-Cerah-di-Probolinggo"}

    password = fields.String(validate=validate.Length(min=1, max=1024),
                             metadata={"description": "My password, to confirm (or sign with a passkey instead)"})
    challenge_id = fields.String(validate=validate.Length(min=1, max=64),
                                 metadata={"description": "With a passkey: the challenge_id of POST /api/auth/passkeys/login/options"})
    credential = fields.Dict(metadata={"description": "With a passkey: PublicKeyCredential.toJSON() answering that challenge"})


class SessionItemOut(Schema):
    id = fields.Integer()
    started_at = fields.DateTime()
    last_refreshed_at = fields.DateTime()
    expires_at = fields.DateTime()
    current = fields.Boolean(metadata={"description": "The session this request was made from"})


class SessionListOut(Schema):
    items = fields.List(fields.Nested(SessionItemOut))
