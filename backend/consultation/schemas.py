"""Consultation request and response shapes."""
from marshmallow import Schema, fields, validate

from ..api import JsonBoolean
from ..pagination import PageArgs, page_schema

_ID = validate.Range(min=1, max=2**31 - 1)
STATUSES = ("diterima", "dijawab")


class QuestionIn(Schema):
    service_id = fields.Integer(strict=True, required=True, validate=_ID, metadata={"description": "The service asked about"})
    region_code = fields.String(required=True, validate=validate.Length(min=1, max=8),
                                metadata={"description": "The MPP whose officers should answer", "example": "35.74"})
    question = fields.String(required=True, validate=validate.Length(min=10, max=2000),
                             metadata={"description": "The question, 10-2000 characters"})
    document_id = fields.Integer(strict=True, load_default=None, allow_none=True, validate=_ID,
                                 metadata={"description": "Optional: one photo or document from my vault"})
    allow_public = JsonBoolean(load_default=False,
                                  metadata={"description": "I allow it to be shown as a FAQ, without my name"})


class NamedOut(Schema):
    id = fields.Integer()
    code = fields.String()
    short = fields.String()
    name = fields.Dict()


class QuestionOut(Schema):
    id = fields.Integer()
    service = fields.Nested(NamedOut)
    agency = fields.Nested(NamedOut)
    region_code = fields.String()
    question = fields.String()
    document_id = fields.Integer(allow_none=True)
    allow_public = fields.Boolean()
    status = fields.String(metadata={"description": "diterima (waiting) or dijawab (answered)"})
    due_date = fields.Date(metadata={"description": "Answer due by this local date at the MPP"})
    overdue = fields.Boolean()
    answer = fields.String(allow_none=True)
    answered_at = fields.DateTime(allow_none=True)
    published = fields.Boolean(metadata={"description": "Shown as a FAQ under the service"})
    public_question = fields.String(allow_none=True)
    created_at = fields.DateTime()


class OfficerQuestionOut(QuestionOut):
    resident_name = fields.String()


QuestionPageOut = page_schema(QuestionOut, "QuestionPage", capped=True)
OfficerQuestionPageOut = page_schema(OfficerQuestionOut, "OfficerQuestionPage", capped=True)


class OfficerQuestionArgs(PageArgs):
    status = fields.String(load_default=None, validate=validate.OneOf(STATUSES),
                           metadata={"description": "Only questions in this status"})


QUESTION_EXAMPLE = {"service_id": 1, "region_code": "35.74", "allow_public": True,
                    "question": "Apakah fotokopi KK harus dilegalisir untuk membuat KTP-el?"}
ANSWER_EXAMPLE = {"answer": "Tidak perlu dilegalisir; bawa KK asli.", "publish": True,
                  "public_question": "Apakah fotokopi KK harus dilegalisir untuk membuat KTP-el?"}


class QuestionAnswerIn(Schema):
    answer = fields.String(required=True, validate=validate.Length(min=1, max=4000),
                           metadata={"description": "The answer the resident receives"})
    publish = JsonBoolean(load_default=False, metadata={"description": "Show it as a FAQ (needs the resident's consent)"})
    public_question = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000),
                                    metadata={"description": "With publish: the question rewritten without personal data"})


class FaqArgs(Schema):
    region = fields.String(load_default=None, validate=validate.Length(min=1, max=8),
                           metadata={"description": "Only this MPP's answers"})


class FaqOut(Schema):
    id = fields.Integer()
    question = fields.String()
    answer = fields.String()
    agency = fields.Nested(NamedOut)
    region_code = fields.String()
    answered_at = fields.DateTime()


FaqListOut = Schema.from_dict({"items": fields.List(fields.Nested(FaqOut))}, name="FaqList")
