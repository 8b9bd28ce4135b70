"""In/Out schemas of the booking and counter-queue API."""
from typing import ClassVar

from marshmallow import Schema, fields, validate

from ..pagination import PageArgs

HHMM = validate.Regexp(r"^([01]\d|2[0-3]):[0-5]\d$", error="Use the format HH:MM.")


class AvailabilityArgs(Schema):
    service = fields.Integer(required=True, validate=validate.Range(min=1, max=2**31 - 1), metadata={"description": "Service id"})
    date = fields.Date(required=True, metadata={"description": "Day to show slots for (YYYY-MM-DD)"})


class SlotOut(Schema):
    start = fields.DateTime(metadata={"description": "local time with the MPP's UTC offset"})
    end = fields.DateTime()
    remaining = fields.Integer()


class AvailabilityOut(Schema):
    region_code = fields.String()
    service_id = fields.Integer()
    date = fields.Date()
    timezone = fields.String()
    zone = fields.String(metadata={"description": "WIB, WITA or WIT"})
    slot_minutes = fields.Integer()
    closed_reason = fields.String(allow_none=True, metadata={"description": "past | too_far | holiday | closed"})
    holiday = fields.Dict(allow_none=True)
    slots = fields.List(fields.Nested(SlotOut))
    # BOOKING_MAX_DAYS_AHEAD: the app's date picker and its hint use this, never a copy of it
    max_days_ahead = fields.Integer()


class BookingIn(Schema):
    EXAMPLE: ClassVar[dict] = {"service_id": 1, "region_code": "35.74", "date": "2026-03-03", "start": "09:30"}

    service_id = fields.Integer(strict=True, required=True, validate=validate.Range(min=1, max=2**31 - 1),
                                metadata={"description": "The service to be served for"})
    region_code = fields.String(required=True, validate=validate.Length(min=1, max=8), metadata={"description": "The MPP, e.g. 35.74"})
    date = fields.Date(required=True, metadata={"description": "The day (YYYY-MM-DD), a working day within the booking window"})
    start = fields.String(required=True, validate=HHMM,
                          metadata={"description": "Slot start time HH:MM, MPP local time, from GET /api/regions/{code}/availability"})


class ServiceRefOut(Schema):
    id = fields.Integer()
    code = fields.String()
    name = fields.Dict()


class AgencyRefOut(Schema):
    id = fields.Integer()
    code = fields.String()
    short = fields.String()
    name = fields.Dict()


class RegionRefOut(Schema):
    code = fields.String()
    name = fields.String()
    mpp_name = fields.String()
    address = fields.String()
    timezone = fields.String()
    zone = fields.String()


class BookingOut(Schema):
    id = fields.Integer()
    ticket_number = fields.String()
    status = fields.String(metadata={"description": "booked | checked_in | called | served | cancelled | no_show"})
    source = fields.String(metadata={"description": "online (booked in the app) | walk_in (issued at the counter)"})
    service = fields.Nested(ServiceRefOut)
    agency = fields.Nested(AgencyRefOut)
    region = fields.Nested(RegionRefOut)
    region_code = fields.String()
    date = fields.Date()
    start = fields.DateTime(metadata={"description": "local time with the MPP's UTC offset"})
    end = fields.DateTime()
    token = fields.String(metadata={"description": "signed ticket token carried by the QR code"})
    created_at = fields.DateTime()
    checked_in_at = fields.DateTime(allow_none=True)
    called_at = fields.DateTime(allow_none=True)
    served_at = fields.DateTime(allow_none=True)
    cancelled_at = fields.DateTime(allow_none=True)
    no_show_at = fields.DateTime(allow_none=True)


class BookingDetailOut(BookingOut):
    qr_svg = fields.String(metadata={"description": "the QR code of token, as an SVG document"})


class BookingPageOut(Schema):
    items = fields.List(fields.Nested(BookingOut))
    page = fields.Integer()
    per_page = fields.Integer()
    total = fields.Integer()
    pages = fields.Integer()


class BookingListArgs(PageArgs):
    pass


class TicketPublicKeyOut(Schema):
    algorithm = fields.String()
    public_key = fields.String(metadata={"description": "raw Ed25519 public key, base64url"})
    token_format = fields.String()


class QueueArgs(Schema):
    date = fields.Date(load_default=None, metadata={"description": "The day's queue (default: today at the MPP)"})


class QueueItemOut(BookingOut):
    resident_name = fields.String(allow_none=True, metadata={"description": "only once checked in"})
    resident_nik = fields.String(allow_none=True, metadata={"description": "masked, last 4 digits"})


class QueueOut(Schema):
    date = fields.Date()
    counter = fields.Dict()
    waiting = fields.Integer()
    items = fields.List(fields.Nested(QueueItemOut))


class WalkInIn(Schema):
    EXAMPLE: ClassVar[dict] = {"service_id": 1}

    service_id = fields.Integer(strict=True, required=True, validate=validate.Range(min=1, max=2**31 - 1),
                                metadata={"description": "The service the walk-in resident came for"})


class CheckInIn(Schema):
    EXAMPLE: ClassVar[dict] = {"ticket_number": "A-012"}

    token = fields.String(load_default=None, validate=validate.Length(min=1, max=1000),
                          metadata={"description": "The signed token of the ticket's QR code (or give ticket_number)"})
    ticket_number = fields.String(load_default=None, validate=validate.Length(min=1, max=8),
                                  metadata={"description": "Today's ticket number, e.g. A-012 (or give token)"})
