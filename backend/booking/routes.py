"""Queue ticket API for residents: availability (public), booking, my tickets, cancel, public key."""
from flask import current_app

from ..accounts.auth import auth_required, current_user
from ..api import Blueprint
from ..extensions import db
from ..idempotency.http import HEADER_DOC, idempotent_post
from ..timeutil import utcnow
from . import services, tokens
from .officer_routes import blp as officer_blp
from .schemas import (
    AvailabilityArgs,
    AvailabilityOut,
    BookingDetailOut,
    BookingIn,
    BookingListArgs,
    BookingPageOut,
    TicketPublicKeyOut,
)
from .views import booking_dict, signing_key

blp = Blueprint("booking", __name__, url_prefix="/api", description="Queue tickets (antrian) at the MPP counters")


def _settings() -> services.BookingSettings:
    return services.BookingSettings.from_config(current_app.config)


def _render(booking, *, with_qr: bool) -> dict:
    facts = services.describe(db.session, [booking])[booking.id]
    return BookingDetailOut().dump(booking_dict(booking, facts, with_qr=with_qr))


@blp.get("/regions/<code>/availability")
@blp.arguments(AvailabilityArgs, location="query")
@blp.response(200, AvailabilityOut)
def availability(args, code: str):
    """Bookable slots of a day at an MPP for a service, with remaining online places (local time)."""
    return services.availability(db.session, region_code=code, service_id=args["service"], day=args["date"],
                                 now=utcnow(), settings=_settings())


@blp.get("/bookings/public-key")
@blp.response(200, TicketPublicKeyOut)
def public_key():
    """The Ed25519 public key that verifies ticket QR tokens offline (raw, base64url)."""
    return {"algorithm": "Ed25519", "public_key": tokens.public_key_b64url(signing_key()),
            "token_format": "MPP1.<base64url JSON payload>.<base64url signature of the text before the second dot>"}


@blp.post("/bookings")
@auth_required("resident")
@blp.arguments(BookingIn)
@blp.response(201, BookingDetailOut)
@blp.doc(parameters=[HEADER_DOC])
@idempotent_post("booking")
@blp.doc(responses={404: "NOT_FOUND"})  # answered by the service (see backend/api.py answers_of)
def create_booking(args, *, key: str):
    """Book a queue ticket (send an Idempotency-Key: a repeat returns the same ticket)."""
    booking = services.create_booking(
        db.session, user=current_user(), service_id=args["service_id"], region_code=args["region_code"],
        day=args["date"], start=args["start"], now=utcnow(), settings=_settings(), signing_key=signing_key(),
        key=key)
    return 201, _render(booking, with_qr=True)


@blp.get("/bookings")
@auth_required()
@blp.arguments(BookingListArgs, location="query")
@blp.response(200, BookingPageOut)
def my_bookings(args):
    """My queue tickets, latest slot first."""
    page = services.my_bookings(db.session, current_user().id, args["page"], args["per_page"])
    facts = services.describe(db.session, page.items)
    return page.envelope([booking_dict(b, facts[b.id]) for b in page.items])


@blp.get("/bookings/<id:booking_id>")
@blp.response(200, BookingDetailOut)
@auth_required()
def get_booking(booking_id: int):
    """One of my tickets, with its QR code as SVG."""
    booking = services.get_own(db.session, current_user().id, booking_id)
    facts = services.describe(db.session, [booking])[booking.id]
    return booking_dict(booking, facts, with_qr=True)


@blp.post("/bookings/<id:booking_id>/cancel")
@blp.response(200, BookingDetailOut)
@auth_required()
@blp.doc(responses={409: "CONFLICT"})  # answered by the service (see backend/api.py answers_of)
def cancel_booking(booking_id: int):
    """Cancel one of my tickets before its slot; the place becomes free again."""
    booking = services.cancel(db.session, user_id=current_user().id, booking_id=booking_id, now=utcnow())
    db.session.commit()
    facts = services.describe(db.session, [booking])[booking.id]
    return booking_dict(booking, facts, with_qr=True)


BLUEPRINTS = [blp, officer_blp]
