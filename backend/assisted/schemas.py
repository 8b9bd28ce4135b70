"""Assisted filing In/Out schemas."""
from __future__ import annotations

from datetime import UTC
from typing import ClassVar

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from ..accounts.schemas import ProfileFields, check_name, check_nik
from ..api import JsonBoolean
from ..applications.schemas import MAX_ID, PrefillOut
from ..catalogue.fieldrules import with_rules
from ..datebounds import check_birth_date, check_client_time
from ..documents.schemas import DocumentOut, DocumentUploadIn
from ..i18n import t


class LookupIn(Schema):
    EXAMPLE: ClassVar[dict] = {"nik": "3574014507900001"}

    nik = fields.String(required=True, validate=check_nik,
                        metadata={"description": "The resident's NIK, read from the KTP-el shown at the counter"})


class LookupOut(Schema):
    exists = fields.Boolean()
    masked_name = fields.String(allow_none=True, metadata={"description": "first letters only: 'S*** W********'"})
    has_phone = fields.Boolean()
    has_email = fields.Boolean()
    has_app = fields.Boolean(metadata={"description": "the resident gets push notifications on a device"})


class ConsentIn(Schema):
    EXAMPLE: ClassVar[dict] = {"nik": "3574014507900001", "method": "code"}

    nik = fields.String(required=True, validate=check_nik, metadata={"description": "The resident's NIK"})
    method = fields.String(required=True, validate=validate.OneOf(["code", "in_person"]),
                           metadata={"description": "code: a 6-digit code sent to the resident; in_person: KTP-el checked here"})


def _must_be_true(key: str):
    def check(value: bool) -> None:
        if value is not True:
            raise ValidationError(t(key))
    return check


class ConfirmIn(Schema):
    EXAMPLE: ClassVar[dict] = {"code": "482913"}

    code = fields.String(validate=validate.Length(min=1, max=20), metadata={"description": "for method code"})
    ktp_checked = JsonBoolean(metadata={"description": "in person: the officer saw the original KTP-el"})
    ktp_number = fields.String(validate=validate.Length(min=1, max=16), metadata={"description": "in person: the NIK read off the KTP-el"})
    consent_recorded = JsonBoolean(metadata={"description": "in person: the resident said they agree"})

    @validates_schema
    def one_way(self, data, **kwargs):
        if data.get("code"):
            return
        errors = {}
        if data.get("ktp_checked") is not True:
            errors["ktp_checked"] = [t("assisted.ktp_required")]
        if data.get("consent_recorded") is not True:
            errors["consent_recorded"] = [t("assisted.consent_required")]
        if not data.get("ktp_number"):
            errors["ktp_number"] = [t("assisted.ktp_mismatch")]
        if errors:
            raise ValidationError(errors)


class AssistedResidentIn(ProfileFields):
    """A resident without an account: the registration data, no password, and their recorded consent."""

    EXAMPLE: ClassVar[dict] = {"nik": "3574010203850002",
                               "full_name": "Budi Santoso",
                               "birth_date": "1985-03-02",
                               "gender": "L",
                               "phone": "081234567802",
                               "address": "Jl. Panglima Sudirman No. 5, Kota Probolinggo",
                               "ktp_checked": True,
                               "consent_recorded": True}

    nik = fields.String(required=True, validate=check_nik, metadata={"description": "NIK, the 16 digits on the KTP-el"})
    full_name = fields.String(required=True, validate=[validate.Length(min=1, max=100), check_name],
                              metadata={"description": "Full name as on the KTP-el"})
    birth_date = fields.Date(required=True, validate=check_birth_date,
                             metadata={"description": "Date of birth (YYYY-MM-DD); must match the NIK's date digits"})
    gender = fields.String(required=True, validate=validate.OneOf(["L", "P"]),
                           metadata={"description": "L (laki-laki, male) or P (perempuan, female); must match the NIK"})
    ktp_checked = JsonBoolean(required=True, validate=_must_be_true("assisted.ktp_required"),
                              metadata={"description": "Must be true: the officer saw the original KTP-el"})
    consent_recorded = JsonBoolean(required=True, validate=_must_be_true("assisted.consent_required"),
                                   metadata={"description": "Must be true: the resident agreed to be registered and helped"})


class ConsentOut(Schema):
    id = fields.Integer()
    method = fields.String()
    state = fields.String(metadata={"description": "waiting | confirmed | closed"})
    expires_at = fields.DateTime(metadata={"description": "the code's end while waiting, then the filing window's"})
    confirmed_at = fields.DateTime(allow_none=True)
    attempts_left = fields.Integer()


class AssistedResidentOut(ConsentOut):
    warnings = fields.List(fields.Dict())


class FormArgs(Schema):
    service_id = fields.Integer(required=True, validate=validate.Range(min=1, max=MAX_ID),
                                metadata={"description": "The service to be filed for"})


class ResidentBriefOut(Schema):
    full_name = fields.String()
    masked_nik = fields.String()


class AssistedFormOut(Schema):
    service_id = fields.Integer()
    version = fields.Integer()
    form_fields = fields.Function(lambda form: with_rules(form["fields"]), data_key="fields")
    prefill = fields.Dict(keys=fields.String(), values=fields.Nested(PrefillOut))
    documents = fields.List(fields.Nested(DocumentOut))
    resident = fields.Nested(ResidentBriefOut)


class AssistedUploadIn(DocumentUploadIn):
    pass


class AssistedApplicationIn(Schema):
    EXAMPLE: ClassVar[dict] = {"consent_id": 7,
                               "service_id": 2,
                               "form_version": 1,
                               "data": {"nik": "3574014507900001",
                                        "full_name": "Siti Rahmawati",
                                        "phone": "081234567801",
                                        "request_type": "perubahan_data",
                                        "agree": True},
                               "client_created_at": "2026-03-02T09:15:00+07:00"}

    consent_id = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=MAX_ID),
                                metadata={"description": "The resident's confirmed consent (POST /api/officer/assisted/consents)"})
    service_id = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=MAX_ID),
                                metadata={"description": "The service applied for (one of the officer's agency at their MPP)"})
    form_version = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=MAX_ID),
                                  metadata={"description": "The form version filled in"})
    data = fields.Dict(keys=fields.String(validate=validate.Length(max=60)), required=True,
                       metadata={"description": "The answers: {field name: value}; document fields hold the resident's vault ids"})
    client_created_at = fields.AwareDateTime(required=True, default_timezone=UTC, validate=check_client_time,
                                             metadata={"description": "When it was filled in, with time zone (kept when sent offline)"})

