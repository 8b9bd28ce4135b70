"""Application schemas: In (what residents and officers send) and Out (what they get)."""
from __future__ import annotations

from datetime import UTC
from typing import ClassVar

from marshmallow import Schema, fields, validate

from ..catalogue.fieldrules import with_rules
from ..datebounds import check_client_time
from ..pagination import PageArgs, page_schema
from .status import STATUSES

MAX_ID = 2**31 - 1  # integer columns: larger values would overflow the database driver


class ApplicationIn(Schema):
    EXAMPLE: ClassVar[dict] = {"service_id": 2,
                               "region_code": "35.74",
                               "form_version": 1,
                               "data": {"nik": "3574014507900001",
                                        "full_name": "Siti Rahmawati",
                                        "phone": "081234567801",
                                        "request_type": "perubahan_data",
                                        "agree": True},
                               "client_created_at": "2026-03-02T09:15:00+07:00"}

    service_id = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=MAX_ID),
                                metadata={"description": "The service applied for (GET /api/regions/{code}/services)"})
    region_code = fields.String(required=True, validate=validate.Length(min=1, max=8),
                                metadata={"description": "The MPP that handles it, e.g. 35.74"})
    form_version = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=MAX_ID),
                                  metadata={"description": "The form version filled in (GET /api/services/{id}/form)"})
    data = fields.Dict(keys=fields.String(validate=validate.Length(max=60)), required=True,
                       metadata={"description": "The answers: {field name: value}; document fields hold my vault's ids"})
    client_created_at = fields.AwareDateTime(required=True, default_timezone=UTC, validate=check_client_time,
                                             metadata={"description": "When I filled it in, with time zone (kept when sent offline)"})


class ResubmitIn(Schema):
    EXAMPLE: ClassVar[dict] = {"form_version": 1,
                               "data": {"nik": "3574014507900001",
                                        "full_name": "Siti Rahmawati",
                                        "phone": "081234567801",
                                        "request_type": "perubahan_data",
                                        "agree": True},
                               "client_created_at": "2026-03-04T10:30:00+07:00"}

    form_version = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=MAX_ID),
                                  metadata={"description": "Version of the service's form the data was filled in"})
    data = fields.Dict(keys=fields.String(validate=validate.Length(max=60)), required=True,
                       metadata={"description": "The corrected answers: {field name: value}"})
    client_created_at = fields.AwareDateTime(required=True, default_timezone=UTC, validate=check_client_time,
                                             metadata={"description": "When I corrected it, with time zone"})


class TransitionIn(Schema):
    EXAMPLE: ClassVar[dict] = {"to": "needs_revision",
                               "note": "Foto KK kurang jelas; mohon unggah ulang.",
                               "fields_to_fix": ["kk_document"]}

    to = fields.String(required=True, validate=validate.OneOf(STATUSES), metadata={"description": "The new status"})
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000),
                         metadata={"description": "Note to the resident (required for needs_revision and rejected)"})
    fields_to_fix = fields.List(fields.String(validate=validate.Length(max=60)), load_default=list,
                                validate=validate.Length(max=100),
                                metadata={"description": "With needs_revision: the form fields the resident must correct"})


class NoteIn(Schema):
    EXAMPLE: ClassVar[dict] = {"note": "Berkas sudah kami terima dan sedang diverifikasi."}

    note = fields.String(required=True, validate=validate.Length(min=1, max=2000),
                         metadata={"description": "A note to the resident, without a status change (they are notified)"})


class ServiceRef(Schema):
    id = fields.Integer()
    code = fields.String()
    name = fields.Dict(keys=fields.String(), values=fields.String())


class HistoryOut(Schema):
    status = fields.String()
    at = fields.DateTime()
    actor_role = fields.String()
    note = fields.String(allow_none=True)
    fields_to_fix = fields.List(fields.String(), allow_none=True)


class ApplicationOut(Schema):
    id = fields.Integer()
    tracking_number = fields.String()
    status = fields.String()
    service = fields.Nested(ServiceRef)
    region_code = fields.String()
    form_version = fields.Integer()
    data = fields.Dict()
    documents = fields.List(fields.Integer())
    received_at = fields.DateTime()
    client_created_at = fields.DateTime(allow_none=True)
    sla_due_date = fields.Date()
    fields_to_fix = fields.List(fields.String())
    history = fields.List(fields.Nested(HistoryOut))


ApplicationPageOut = page_schema(ApplicationOut, "ApplicationPage", capped=True)


class ApplicantOut(Schema):
    id = fields.Integer()
    full_name = fields.String()
    nik = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    email = fields.String(allow_none=True)


class ApplicantBriefOut(Schema):
    id = fields.Integer()
    full_name = fields.String()
    nik = fields.String(allow_none=True, metadata={"description": "masked: only the last 4 digits shown"})


class OfficerItemOut(Schema):
    id = fields.Integer()
    tracking_number = fields.String()
    status = fields.String()
    service = fields.Nested(ServiceRef)
    region_code = fields.String()
    applicant = fields.Nested(ApplicantBriefOut)
    received_at = fields.DateTime()
    sla_due_date = fields.Date()
    overdue = fields.Boolean()


OfficerPageOut = page_schema(OfficerItemOut, "OfficerApplicationPage", capped=True)


class OfficerApplicationOut(ApplicationOut):
    applicant = fields.Nested(ApplicantOut)
    overdue = fields.Boolean()
    allowed_transitions = fields.List(fields.String())


class WorklistArgs(PageArgs):
    status = fields.String(validate=validate.OneOf(STATUSES), metadata={"description": "Only applications in this status"})
    service = fields.Integer(validate=validate.Range(min=1, max=MAX_ID),
                             metadata={"description": "Only this service's applications (service id)"})
    overdue = fields.Boolean(metadata={"description": "true: only those past their service standard's due date"})
    region = fields.String(validate=validate.Length(max=8),
                           metadata={"description": "Admins: only this MPP (officers always see their own)"})


class PrefillOut(Schema):
    value = fields.Raw()
    source = fields.String()
    document_id = fields.Integer()


class ServiceFormOut(Schema):
    service_id = fields.Integer()
    version = fields.Integer()
    # "fields" would shadow Schema.fields: named differently, same JSON key
    # each field with its rules (patterns, limits, document types): the client checks with the same ones
    form_fields = fields.Function(lambda form: with_rules(form["fields"]), data_key="fields")
    prefill = fields.Dict(keys=fields.String(), values=fields.Nested(PrefillOut))
