"""View helpers of the booking routes: signing key, rendering."""
from __future__ import annotations

import io
from pathlib import Path

import segno
from flask import current_app

from ..timeutil import to_local, zone_abbreviation
from . import tokens


def signing_key():
    config = current_app.config
    path = config.get("BOOKING_SIGNING_KEY_FILE") or Path(current_app.instance_path) / "booking_ed25519.pem"
    return tokens.load_private_key(config.get("BOOKING_SIGNING_KEY"), path)


def qr_svg(token: str, title: str) -> str:
    """A standalone SVG document (with its namespace, so it also works as an <img> source)."""
    buffer = io.BytesIO()
    segno.make(token, error="m").save(buffer, kind="svg", scale=4, border=4, xmldecl=False, svgns=True,
                                      title=title, nl=False)
    return buffer.getvalue().decode()


def booking_dict(booking, facts: dict, *, with_qr: bool = False) -> dict:
    """A booking as BookingOut expects it (times in the MPP's local time, with its offset)."""
    service, agency, region = facts["service"], facts["agency"], facts["region"]
    out = {
        "id": booking.id, "ticket_number": booking.ticket_number, "status": booking.status, "source": booking.source,
        "service": {"id": service.id, "code": service.code, "name": service.name},
        "agency": {"id": agency.id, "code": agency.code, "short": agency.short, "name": agency.name},
        "region": {"code": region.code, "name": region.name, "mpp_name": region.mpp_name, "address": region.address,
                   "timezone": region.timezone, "zone": zone_abbreviation(region.timezone)},
        "region_code": booking.region_code, "date": booking.day,
        "start": to_local(booking.starts_at, region.timezone), "end": to_local(booking.ends_at, region.timezone),
        "token": booking.token, "created_at": booking.created_at, "checked_in_at": booking.checked_in_at,
        "called_at": booking.called_at, "served_at": booking.served_at, "cancelled_at": booking.cancelled_at,
        "no_show_at": booking.no_show_at,
    }
    if with_qr:
        out["qr_svg"] = qr_svg(booking.token, f"{booking.ticket_number} {region.mpp_name}")
    return out
