"""The resident's queue tickets in their data export (UU PDP right of access)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import services
from .models import Booking
from .views import booking_dict


def export_bookings(session: Session, user) -> tuple[str, list[dict]]:
    """Every ticket of the user, oldest first, as the app shows it plus the reminder time."""
    bookings = list(session.scalars(select(Booking).where(Booking.user_id == user.id).order_by(Booking.id)))
    facts = services.describe(session, bookings)
    return "bookings", [{**booking_dict(b, facts[b.id]), "reminded_at": b.reminded_at} for b in bookings]


def register(registry) -> None:
    """Add bookings to the data export (booking.init_app)."""
    registry.export(export_bookings, {"booking.user_id": "bookings"}, {
        "booking_resident_day.user_id":
            "a per-day count of the user's own bookings (the anti-calo limit), derived from the bookings exported"})
