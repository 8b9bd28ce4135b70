"""In and Out schemas of the agency API, the admin endpoints and the open-data export."""
from __future__ import annotations

from typing import ClassVar

from marshmallow import Schema, fields, validate

from ..applications.schemas import NoteIn, OfficerApplicationOut, TransitionIn
from ..feedback.schemas import AnswerIn
from .models import EVENT_TYPES, HANDLED_BY

MAX_ID = 2**31 - 1

__all__ = ["AnswerIn", "NoteIn", "TransitionIn"]


class CursorArgs(Schema):
    after = fields.Integer(load_default=0, validate=validate.Range(min=0, max=2**63 - 1),
                           metadata={"description": "the last cursor you processed (0: from the start)"})
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=500),
                           metadata={"description": "At most this many items (1-500)"})


class ComplaintArgs(CursorArgs):
    status = fields.String(validate=validate.OneOf(("diterima", "diproses", "selesai")),
                           metadata={"description": "Only complaints in this status"})


class FeedItemOut(Schema):
    cursor = fields.Integer(metadata={"description": "pass as ?after= to continue after this item"})
    id = fields.String(metadata={"description": "the event id, the same as the webhook-id header"})
    type = fields.String(metadata={"description": " | ".join(EVENT_TYPES)})
    timestamp = fields.String()
    data = fields.Dict()


class FeedOut(Schema):
    items = fields.List(fields.Nested(FeedItemOut))
    next_cursor = fields.Integer()


class DocumentFileOut(Schema):
    id = fields.Integer()
    document_type = fields.String()
    content_type = fields.String()
    size = fields.Integer()
    sha256 = fields.String()
    href = fields.String()


class AgencyApplicationOut(OfficerApplicationOut):
    document_files = fields.List(fields.Nested(DocumentFileOut))


class AgencyComplaintOut(Schema):
    id = fields.Integer()
    subject_type = fields.String()
    subject_id = fields.Integer()
    subject_label = fields.String()
    service_id = fields.Integer()
    region_code = fields.String()
    text = fields.String()
    document_id = fields.Integer(allow_none=True)
    status = fields.String()
    due_date = fields.Date()
    answer = fields.String(allow_none=True)
    answered_at = fields.DateTime(allow_none=True)
    created_at = fields.DateTime()


class AgencyComplaintPageOut(Schema):
    items = fields.List(fields.Nested(AgencyComplaintOut))
    next_cursor = fields.Integer()


# -- admin --

class IntegrationIn(Schema):
    EXAMPLE: ClassVar[dict] = {"name": "SIAK Disdukcapil Kota Probolinggo",
                               "agency": "DISDUKCAPIL",
                               "regions": ["35.74"],
                               "services": {"kartu-keluarga": "system", "ktp-el-baru": "both"},
                               "webhook_url": "https://siak.probolinggokota.go.id/mpp/webhook"}

    name = fields.String(required=True, validate=validate.Length(min=1, max=100), metadata={"description": "Name of the agency system"})
    agency = fields.String(required=True, validate=validate.Length(min=1, max=20),
                           metadata={"description": "Code of the agency that runs it"})
    regions = fields.List(fields.String(validate=validate.Length(min=1, max=8)), required=True,
                          validate=validate.Length(min=1, max=50),
                          metadata={"description": "The MPPs (region codes) whose applications it receives"})
    services = fields.Dict(keys=fields.String(validate=validate.Length(min=1, max=60)),
                           values=fields.String(validate=validate.OneOf(HANDLED_BY)), required=True,
                           validate=validate.Length(min=1, max=200),
                           metadata={"description": "{service code: worklist | system | both}: who handles each service's applications"})
    webhook_url = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500),
                                metadata={"description": "HTTPS URL the events are posted to (none: the system reads the feed only)"})


class StatsOut(Schema):
    delivered = fields.Integer()
    pending = fields.Integer()
    failed = fields.Integer()
    last_error = fields.String(allow_none=True)
    last_error_at = fields.DateTime(allow_none=True)
    median_delay_seconds = fields.Float(allow_none=True)


class IntegrationServiceOut(Schema):
    code = fields.String()
    name = fields.Dict(keys=fields.String(), values=fields.String())
    handled_by = fields.String()


class IntegrationAgencyOut(Schema):
    code = fields.String()
    short = fields.String()
    name = fields.Dict(keys=fields.String(), values=fields.String())


class IntegrationOut(Schema):
    id = fields.Integer()
    name = fields.String()
    agency = fields.Nested(IntegrationAgencyOut)
    regions = fields.List(fields.String())
    services = fields.List(fields.Nested(IntegrationServiceOut))
    webhook_url = fields.String(allow_none=True)
    client_id = fields.String(allow_none=True)
    created_at = fields.DateTime()
    revoked_at = fields.DateTime(allow_none=True)
    stats = fields.Nested(StatsOut)


class IntegrationCreatedOut(IntegrationOut):
    client_secret = fields.String(allow_none=True, metadata={"description": "shown once"})
    webhook_secret = fields.String(metadata={"description": "Standard Webhooks secret (whsec_...), shown once"})


class IntegrationListOut(Schema):
    items = fields.List(fields.Nested(IntegrationOut))


class DeadLetterOut(Schema):
    id = fields.Integer()
    event_id = fields.String()
    type = fields.String()
    attempts = fields.Integer()
    last_status_code = fields.Integer(allow_none=True)
    last_error = fields.String(allow_none=True)
    created_at = fields.DateTime()
    last_attempt_at = fields.DateTime(allow_none=True)
    data = fields.Function(lambda row: row.payload.get("data"))


class DeadLetterListOut(Schema):
    items = fields.List(fields.Nested(DeadLetterOut))


class RetryIn(Schema):
    EXAMPLE: ClassVar[dict] = {"event_ids": [1201, 1202]}

    event_ids = fields.List(fields.Integer(strict=True, validate=validate.Range(min=1, max=MAX_ID)), load_default=None,
                            allow_none=True, validate=validate.Length(max=1000),
                            metadata={"description": "Only these dead-lettered events (default: all of them)"})


class ReplayIn(RetryIn):
    EXAMPLE: ClassVar[dict] = {"since": "2026-03-01T00:00:00+07:00"}

    since = fields.AwareDateTime(load_default=None, allow_none=True,
                                 metadata={"description": "Replay events from this time on (with time zone)"})


class CountOut(Schema):
    count = fields.Integer()


class OpenDataArgs(Schema):
    region = fields.String(validate=validate.Length(min=1, max=8), metadata={"description": "one MPP, e.g. 35.74"})


# -- open data (schema version 1: fields are only added) --

class BilingualOut(Schema):
    id = fields.String()
    en = fields.String()


class StandardRegionOut(Schema):
    code = fields.String()
    name = fields.String()
    province = fields.String()
    mpp_name = fields.String()


class StandardAgencyOut(Schema):
    code = fields.String()
    short = fields.String()
    name = fields.Nested(BilingualOut)


class StandardServiceOut(Schema):
    code = fields.String()
    name = fields.Nested(BilingualOut)
    category = fields.String()


class ProcessingTimeOut(Schema):
    working_days = fields.Integer(metadata={"description": "0 = the same day"})
    note = fields.Nested(BilingualOut, allow_none=True)


class FeeOut(Schema):
    amount_idr = fields.Integer(metadata={"description": "whole Rupiah; 0 and not variable = free"})
    variable = fields.Boolean(metadata={"description": "the amount depends on the case (see note)"})
    note = fields.Nested(BilingualOut, allow_none=True)


class ServiceStandardOut(Schema):
    region = fields.Nested(StandardRegionOut)
    agency = fields.Nested(StandardAgencyOut)
    service = fields.Nested(StandardServiceOut)
    requirements = fields.List(fields.Nested(BilingualOut))
    procedure = fields.List(fields.Nested(BilingualOut))
    processing_time = fields.Nested(ProcessingTimeOut)
    fee = fields.Nested(FeeOut)
    output = fields.Nested(BilingualOut)
    complaints = fields.Nested(BilingualOut)
    legal_basis = fields.List(fields.String())
    channels = fields.List(fields.String())


class ServiceStandardsOut(Schema):
    schema_version = fields.Integer()
    count = fields.Integer()
    items = fields.List(fields.Nested(ServiceStandardOut))
