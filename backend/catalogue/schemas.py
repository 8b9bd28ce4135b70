"""Catalogue Out schemas and query arguments."""
from marshmallow import Schema, fields, validate

from ..pagination import PageArgs, page_schema
from ..timeutil import zone_abbreviation
from .fieldrules import with_rules


class TextOut(Schema):
    id = fields.String()
    en = fields.String()


class AgencyOut(Schema):
    code = fields.String()
    short = fields.String()
    name = fields.Nested(TextOut)
    level = fields.String()


class CategoryOut(Schema):
    code = fields.String()
    name = fields.Nested(TextOut)


class RegionOut(Schema):
    code = fields.String()
    prefix = fields.String()
    name = fields.String()
    province = fields.String()
    mpp_name = fields.String()
    address = fields.String()
    timezone = fields.String()
    timezone_abbr = fields.Function(lambda r: zone_abbreviation(r.timezone))
    opening_hours = fields.Dict(keys=fields.String(), values=fields.List(fields.String(), allow_none=True))


class RegionDetailOut(RegionOut):
    agencies = fields.List(fields.Nested(AgencyOut))


class ServiceSummaryOut(Schema):
    id = fields.Integer()
    code = fields.String()
    name = fields.Nested(TextOut)
    description = fields.Nested(TextOut)
    category = fields.Nested(CategoryOut)
    agency = fields.Nested(AgencyOut)
    fee = fields.Integer(metadata={"description": "Rupiah; 0 means free unless fee_variable"})
    fee_variable = fields.Boolean(metadata={"description": "the amount depends on the case; see fee_note"})
    processing_days = fields.Integer(metadata={"description": "working days; 0 means the same day"})
    channels = fields.List(fields.String())


def _fields_with_rules(form) -> list[dict]:
    return with_rules(form["fields"] if isinstance(form, dict) else form.fields)


class FormOut(Schema):
    version = fields.Integer()
    status = fields.String()
    # each field with the rules the client checks before queueing (the server applies the same)
    fields = fields.Function(_fields_with_rules)


class ServiceDetailOut(ServiceSummaryOut):
    requirements = fields.List(fields.Nested(TextOut))
    procedure = fields.List(fields.Nested(TextOut))
    processing_note = fields.Nested(TextOut, allow_none=True)
    fee_note = fields.Nested(TextOut, allow_none=True)
    output = fields.Nested(TextOut)
    complaints = fields.Nested(TextOut)
    legal_basis = fields.List(fields.String())
    regions = fields.List(fields.String())
    form = fields.Nested(FormOut, allow_none=True)


class ServiceSearchArgs(PageArgs):
    q = fields.String(validate=validate.Length(max=100), metadata={"description": "Words to look for in service names and descriptions"})
    category = fields.String(validate=validate.Length(max=40), metadata={"description": "Only this category (category code)"})
    agency = fields.String(validate=validate.Length(max=20), metadata={"description": "Only this agency's services (agency code)"})


RegionListOut = Schema.from_dict({"items": fields.List(fields.Nested(RegionOut))}, name="RegionList")
CategoryListOut = Schema.from_dict({"items": fields.List(fields.Nested(CategoryOut))}, name="CategoryList")
ServicePageOut = page_schema(ServiceSummaryOut, "ServicePage")
