"""Counter staff API: today's queue of the officer's own counter, check-in, call next, served, no-show."""
from flask import current_app

from ..accounts.auth import auth_required, current_user
from ..accounts.models import User, mask_nik
from ..api import Blueprint
from ..audit import services as audit
from ..extensions import db
from ..timeutil import utcnow
from . import queue, services
from .schemas import CheckInIn, QueueArgs, QueueItemOut, QueueOut, WalkInIn
from .views import booking_dict, signing_key

blp = Blueprint("booking_officer", __name__, url_prefix="/api/officer/queue", description="Counter staff queue")


def _counter():
    return queue.officer_counter(db.session, current_user())


# residents at the counter: only their names are shown (not of those who have not come)
PRESENT = ("checked_in", "called", "served")


def _items(bookings: list, *, audited: bool) -> list[dict]:
    """Queue rows; the resident's name and masked NIK only for those present at the counter.

    A single-ticket action (audited=True) logs the read; the list does not, so a tablet polling
    the queue does not flood the residents' access logs with the same names.
    """
    facts = services.describe(db.session, bookings)
    # walk-in tickets have no resident (user_id None): they have no name to look up
    ids = sorted({b.user_id for b in bookings if b.status in PRESENT and b.user_id is not None})
    users = {u.id: u for u in db.session.query(User).filter(User.id.in_(ids))} if ids else {}
    officer = current_user()
    out = []
    for booking in bookings:
        resident = users.get(booking.user_id) if booking.status in PRESENT else None
        if audited and resident is not None:
            audit.record(db.session, actor=officer, subject_user_id=booking.user_id, action="read",
                         object_type="booking", object_id=booking.id, detail=booking.ticket_number)
        out.append({**booking_dict(booking, facts[booking.id]),
                    "resident_name": resident.full_name if resident else None,
                    "resident_nik": mask_nik(resident.nik) if resident else None})
    return out


@blp.get("")
@auth_required("officer")
@blp.arguments(QueueArgs, location="query")
@blp.response(200, QueueOut)
def get_queue(args):
    """My counter's tickets of a day (today at the MPP unless date= is given); names only of those present."""
    counter = _counter()
    day, bookings = queue.queue(db.session, counter, args["date"], utcnow())
    items = _items(bookings, audited=False)
    return {"date": day, "waiting": sum(1 for b in bookings if b.status == "checked_in"), "items": items,
            "counter": {"id": counter.id, "region_code": counter.region_code, "agency_id": counter.agency_id,
                        "letter": counter.letter, "slot_minutes": counter.slot_minutes,
                        "online_capacity": counter.online_capacity, "walk_in_capacity": counter.walk_in_capacity}}


def _one(booking) -> dict:
    item = _items([booking], audited=True)[0]
    db.session.commit()
    return item


@blp.post("/check-in")
@auth_required("officer")
@blp.arguments(CheckInIn)
@blp.response(200, QueueItemOut)
@blp.doc(responses={404: "NOT_FOUND", 409: "CONFLICT"})  # answered by the service (see backend/api.py answers_of)
def check_in(args):
    """Admit a ticket by its QR token or its typed ticket number."""
    public_key = signing_key().public_key()
    booking = queue.check_in(db.session, _counter(), token=args["token"], ticket_number=args["ticket_number"],
                             public_key=public_key, now=utcnow())
    return _one(booking)


@blp.post("/walk-in")
@auth_required("officer")
@blp.arguments(WalkInIn)
@blp.response(201, QueueItemOut)
@blp.doc(responses={404: "NOT_FOUND", 409: "CONFLICT"})  # answered by the service (see backend/api.py answers_of)
def walk_in(args):
    """Issue a ticket to someone at the counter without a booking (walk-in quota only)."""
    booking = queue.issue_walk_in(db.session, _counter(), service_id=args["service_id"], now=utcnow())
    return _one(booking)


@blp.post("/call-next")
@blp.response(200, QueueItemOut)
@auth_required("officer")
def call_next():
    """Call the next checked-in resident."""
    return _one(queue.call_next(db.session, _counter(), utcnow()))


@blp.post("/<id:booking_id>/served")
@blp.response(200, QueueItemOut)
@auth_required("officer")
@blp.doc(responses={409: "CONFLICT"})  # answered by the service (see backend/api.py answers_of)
def served(booking_id: int):
    """Mark a ticket as served."""
    return _one(queue.mark_served(db.session, _counter(), booking_id, utcnow()))


@blp.post("/<id:booking_id>/no-show")
@blp.response(200, QueueItemOut)
@auth_required("officer")
@blp.doc(responses={409: "CONFLICT"})  # answered by the service (see backend/api.py answers_of)
def no_show(booking_id: int):
    """Mark that the resident did not come (only after the grace period past the slot start)."""
    grace = services.BookingSettings.from_config(current_app.config).no_show_grace_minutes
    return _one(queue.mark_no_show(db.session, _counter(), booking_id, utcnow(), grace))
