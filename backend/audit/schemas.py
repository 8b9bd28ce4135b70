"""The resident's access log: one line per read (or run of reads) or change, with who did it."""
from __future__ import annotations

from marshmallow import Schema, fields

from ..pagination import page_schema


class AccessAgencyOut(Schema):
    code = fields.String()
    short = fields.String()
    name = fields.Dict(keys=fields.String(), values=fields.String())


class AccessRegionOut(Schema):
    code = fields.String()
    name = fields.String()


class AccessLogLineOut(Schema):
    id = fields.Integer(metadata={"description": "The newest entry of the line"})
    actor_name = fields.String(metadata={"description": "Staff names are set by an admin only (audited)"})
    actor_role = fields.String(metadata={"description": "officer | admin | system"})
    actor_staff_number = fields.Integer(allow_none=True, metadata={
        "description": "The staff account's number: never reused, not editable; null for the system"})
    agency = fields.Nested(AccessAgencyOut, allow_none=True, metadata={"description": "The reader's agency then"})
    region = fields.Nested(AccessRegionOut, allow_none=True, metadata={"description": "The reader's MPP then"})
    action = fields.String()
    object_type = fields.String()
    object_id = fields.String(allow_none=True)
    detail = fields.String(allow_none=True)
    count = fields.Integer(metadata={"description": "Reads of the object by this reader in one run (30 min gaps)"})
    first_at = fields.DateTime()
    last_at = fields.DateTime()
    created_at = fields.DateTime(metadata={"description": "Same as last_at"})


AccessLogPageOut = page_schema(AccessLogLineOut, "AccessLogPage")
