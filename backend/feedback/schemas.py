"""In/Out schemas of the survey, IKM report and complaint API."""
from typing import ClassVar

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from ..i18n import t
from ..pagination import PageArgs
from .models import COMPLAINT_STATUSES, SUBJECT_TYPES

_ID = validate.Range(min=1, max=2**31 - 1)
_SCORE = validate.Range(min=1, max=4)


class AnswersIn(Schema):
    u1 = fields.Integer(required=True, strict=True, validate=_SCORE,
                        metadata={"description": "U1 requirements: score 1 (poor) to 4 (very good)"})
    u2 = fields.Integer(required=True, strict=True, validate=_SCORE, metadata={"description": "U2 procedure: score 1 to 4"})
    u3 = fields.Integer(required=True, strict=True, validate=_SCORE, metadata={"description": "U3 service time: score 1 to 4"})
    u4 = fields.Integer(required=True, strict=True, validate=_SCORE, metadata={"description": "U4 cost/tariff: score 1 to 4"})
    u5 = fields.Integer(required=True, strict=True, validate=_SCORE, metadata={"description": "U5 service products: score 1 to 4"})
    u6 = fields.Integer(required=True, strict=True, validate=_SCORE, metadata={"description": "U6 staff competence: score 1 to 4"})
    u7 = fields.Integer(required=True, strict=True, validate=_SCORE, metadata={"description": "U7 staff behaviour: score 1 to 4"})
    u8 = fields.Integer(required=True, strict=True, validate=_SCORE, metadata={"description": "U8 handling of complaints: score 1 to 4"})
    u9 = fields.Integer(required=True, strict=True, validate=_SCORE, metadata={"description": "U9 facilities: score 1 to 4"})


class SurveyIn(Schema):
    EXAMPLE: ClassVar[dict] = {"application_id": 41,
                               "answers": {"u1": 4, "u2": 4, "u3": 3, "u4": 4, "u5": 4, "u6": 3, "u7": 4, "u8": 3, "u9": 4},
                               "comment": "Petugas ramah, antrean cepat."}

    application_id = fields.Integer(strict=True, load_default=None, allow_none=True, validate=_ID,
                                    metadata={"description": "The completed application surveyed (or booking_id, not both)"})
    booking_id = fields.Integer(strict=True, load_default=None, allow_none=True, validate=_ID,
                                metadata={"description": "The served queue ticket surveyed (or application_id, not both)"})
    answers = fields.Nested(AnswersIn, required=True, metadata={"description": "The nine IKM elements (Permenpan RB 14/2017), u1-u9"})
    comment = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000),
                            metadata={"description": "Optional remarks"})

    @validates_schema
    def _one_subject(self, data, **_kwargs):
        if (data.get("application_id") is None) == (data.get("booking_id") is None):
            raise ValidationError(t("survey.one_subject"), "application_id")


class SurveyOut(Schema):
    id = fields.Integer()
    application_id = fields.Integer(allow_none=True)
    booking_id = fields.Integer(allow_none=True)
    service_id = fields.Integer()
    region_code = fields.String()
    answers = fields.Dict(keys=fields.String(), values=fields.Integer())
    comment = fields.String(allow_none=True)
    created_at = fields.DateTime()


class SurveyListOut(Schema):
    items = fields.List(fields.Nested(SurveyOut))


class OptionOut(Schema):
    value = fields.Integer()
    label = fields.Dict()


class ElementOut(Schema):
    code = fields.String()
    name = fields.Dict()
    question = fields.Dict()
    options = fields.List(fields.Nested(OptionOut))


class ElementListOut(Schema):
    items = fields.List(fields.Nested(ElementOut))


class IkmArgs(Schema):
    region = fields.String(load_default=None, validate=validate.Length(min=1, max=8),
                           metadata={"description": "Only this MPP (region code)"})
    agency = fields.String(load_default=None, validate=validate.Length(min=1, max=20),
                           metadata={"description": "Only this agency (agency code)"})
    service = fields.Integer(load_default=None, validate=_ID, metadata={"description": "Only this service (service id)"})
    date_from = fields.Date(load_default=None, data_key="from", metadata={"description": "First day of the period (YYYY-MM-DD)"})
    date_to = fields.Date(load_default=None, data_key="to", metadata={"description": "Last day of the period (YYYY-MM-DD)"})


class IkmElementOut(Schema):
    code = fields.String()
    name = fields.Dict()
    mean = fields.Float(allow_none=True, metadata={"description": "mean score 1-4, rounded half up to 2 decimals"})
    score = fields.Float(allow_none=True, metadata={"description": "mean x 25"})


class IkmOut(Schema):
    respondents = fields.Integer()
    ikm = fields.Float(allow_none=True, metadata={"description": "25-100, rounded half up to 2 decimals"})
    band = fields.String(allow_none=True, metadata={"description": "A | B | C | D"})
    band_label = fields.Dict(allow_none=True)
    elements = fields.List(fields.Nested(IkmElementOut))
    filters = fields.Dict()


class ComplaintIn(Schema):
    EXAMPLE: ClassVar[dict] = {"subject_type": "application",
                               "subject_id": 41,
                               "text": "Permohonan saya sudah lewat 5 hari kerja tetapi statusnya belum berubah."}

    subject_type = fields.String(required=True, validate=validate.OneOf(SUBJECT_TYPES),
                                 metadata={"description": "What the complaint is about: application, booking or service"})
    subject_id = fields.Integer(strict=True, required=True, validate=_ID,
                                metadata={"description": "Id of that application, booking or service"})
    text = fields.String(required=True, validate=validate.Length(min=10, max=4000),
                         metadata={"description": "The complaint, 10-4000 characters"})
    document_id = fields.Integer(strict=True, load_default=None, allow_none=True, validate=_ID,
                                 metadata={"description": "Optional: a photo or document from my vault as evidence"})
    region_code = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=8),
                                metadata={"description": "required when subject_type is service"})


class ComplaintOut(Schema):
    id = fields.Integer()
    subject_type = fields.String()
    subject_id = fields.Integer()
    subject_label = fields.String()
    service = fields.Dict()
    agency = fields.Dict()
    region_code = fields.String()
    text = fields.String()
    document_id = fields.Integer(allow_none=True)
    status = fields.String(metadata={"description": "diterima | diproses | selesai"})
    due_date = fields.Date(metadata={"description": "answer due: 5 working days after receipt"})
    overdue = fields.Boolean()
    answer = fields.String(allow_none=True)
    answered_at = fields.DateTime(allow_none=True)
    created_at = fields.DateTime()


class OfficerComplaintOut(ComplaintOut):
    resident_name = fields.String()


def _page(item):
    return {"items": fields.List(fields.Nested(item)), "page": fields.Integer(), "per_page": fields.Integer(),
            "total": fields.Integer(), "pages": fields.Integer()}


ComplaintPageOut = Schema.from_dict(_page(ComplaintOut), name="ComplaintPageOut")
OfficerComplaintPageOut = Schema.from_dict(_page(OfficerComplaintOut), name="OfficerComplaintPageOut")


class OfficerComplaintArgs(PageArgs):
    status = fields.String(load_default=None, validate=validate.OneOf(COMPLAINT_STATUSES),
                           metadata={"description": "Only complaints in this status"})


class AnswerIn(Schema):
    EXAMPLE: ClassVar[dict] = {"answer": "Mohon maaf atas keterlambatannya; berkas Ibu sudah kami proses hari ini.", "status": "diproses"}

    answer = fields.String(required=True, validate=validate.Length(min=1, max=4000),
                           metadata={"description": "The answer the resident receives"})
    status = fields.String(required=True, validate=validate.OneOf(("diproses", "selesai")),
                           metadata={"description": "diproses (being handled) or selesai (resolved)"})
