"""Kinerja MPP: query arguments and the documented shape of the report."""
from marshmallow import Schema, fields, validate

from ..catalogue.schemas import TextOut
from .services import FIRST_YEAR, LAST_YEAR


class ReportArgs(Schema):
    year = fields.Integer(validate=validate.Range(min=FIRST_YEAR, max=LAST_YEAR),
                          metadata={"description": "Calendar year at the MPP (default: this year)", "example": 2026})


class PerformanceApplicationsOut(Schema):
    received = fields.Integer(metadata={"description": "Applications received in the period"})
    completed = fields.Integer(metadata={"description": "Applications completed in the period"})
    completed_on_time = fields.Integer(metadata={"description": "Of those, completed by the service standard's due date"})
    median_days = fields.Float(allow_none=True, metadata={"description": "Median processing time, working days"})


class PerformanceIkmCellOut(Schema):
    respondents = fields.Integer(allow_none=True, metadata={"description": "Survey respondents; null when suppressed"})
    suppressed = fields.Boolean(metadata={"description": "True when 1-4 residents answered: no value is published"})
    value = fields.String(allow_none=True, metadata={"description": "IKM 25-100, two decimals", "example": "88.31"})
    band = fields.String(allow_none=True, metadata={"description": "Band A-D (Permenpan RB 14/2017)"})


class PerformanceComplaintsOut(Schema):
    received = fields.Integer()
    answered = fields.Integer()
    answered_on_time = fields.Integer()
    median_days = fields.Float(allow_none=True, metadata={"description": "Median answer time, working days"})


class PerformanceQueueOut(Schema):
    served = fields.Integer(metadata={"description": "Queue tickets served"})
    no_show = fields.Integer(metadata={"description": "Tickets not answered when called"})
    median_wait_minutes = fields.Float(allow_none=True, metadata={"description": "Median minutes from check-in to call"})


class PerformanceCellOut(Schema):
    applications = fields.Nested(PerformanceApplicationsOut)
    ikm = fields.Nested(PerformanceIkmCellOut)
    complaints = fields.Nested(PerformanceComplaintsOut)
    consultations = fields.Nested(PerformanceComplaintsOut, metadata={"description": "Questions (tanya petugas), as complaints"})
    queue = fields.Nested(PerformanceQueueOut)


class PerformanceMonthOut(PerformanceCellOut):
    month = fields.String(metadata={"example": "2026-11"})


class PerformanceRowOut(Schema):
    months = fields.List(fields.Nested(PerformanceMonthOut))
    year = fields.Nested(PerformanceCellOut)


class PerformanceAgencyRowOut(PerformanceRowOut):
    id = fields.Integer()
    code = fields.String()
    short = fields.String()
    name = fields.Nested(TextOut)


class PerformanceReportRegionOut(Schema):
    code = fields.String()
    name = fields.String()
    mpp_name = fields.String()
    timezone = fields.String()
    timezone_abbr = fields.String()


class ReportOut(Schema):
    region = fields.Nested(PerformanceReportRegionOut)
    year = fields.Integer()
    months = fields.List(fields.String())
    suppress_below = fields.Integer(metadata={"description": "Cells with fewer respondents than this are suppressed"})
    generated_at = fields.String()
    total = fields.Nested(PerformanceRowOut)
    agencies = fields.List(fields.Nested(PerformanceAgencyRowOut))
