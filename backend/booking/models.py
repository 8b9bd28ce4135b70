"""Counters, their per-slot and per-day counter rows and bookings.

Capacity is kept in counter rows (booking_slot, booking_resident_day) updated with a
conditional UPDATE ... WHERE booked < limit, so it holds across server processes.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import utcnow
from ..types import UTCDateTime

STATUSES = ("booked", "checked_in", "called", "served", "cancelled", "no_show")


class Counter(db.Model):
    """An agency's counter (gerai) at an MPP, with its slot length and capacities."""

    __tablename__ = "booking_counter"
    __table_args__ = (UniqueConstraint("region_code", "agency_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code", ondelete="CASCADE"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="CASCADE"))
    letter: Mapped[str] = mapped_column(String(2))  # ticket prefix: "A" in A-014
    slot_minutes: Mapped[int] = mapped_column(Integer, default=30)
    online_capacity: Mapped[int] = mapped_column(Integer, default=4)  # per slot, bookable in the app
    walk_in_capacity: Mapped[int] = mapped_column(Integer, default=2)  # per slot, kept for walk-ins
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class SlotLoad(db.Model):
    """How many online places of one slot are taken (the row the capacity check locks)."""

    __tablename__ = "booking_slot"
    __table_args__ = (UniqueConstraint("counter_id", "day", "start"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    counter_id: Mapped[int] = mapped_column(ForeignKey("booking_counter.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    start: Mapped[str] = mapped_column(String(5))  # local HH:MM
    booked: Mapped[int] = mapped_column(Integer, default=0)
    # walk-ins take their own quota (Counter.walk_in_capacity), never an online place
    walk_ins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class ResidentDay(db.Model):
    """A resident's active bookings for one local day (anti-calo limit)."""

    __tablename__ = "booking_resident_day"

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    booked: Mapped[int] = mapped_column(Integer, default=0)


class TicketSequence(db.Model):
    """The last ticket number handed out at a counter on a day."""

    __tablename__ = "booking_ticket_seq"

    counter_id: Mapped[int] = mapped_column(ForeignKey("booking_counter.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class Booking(db.Model):
    __tablename__ = "booking"
    __table_args__ = (
        UniqueConstraint("counter_id", "day", "ticket_number"),
        Index("ix_booking_counter_day_status", "counter_id", "day", "status"),
        # Kinerja MPP: an MPP's tickets of a year
        Index("ix_booking_region_day", "region_code", "day"),
        # the last guard of exactly once: one ticket per resident and Idempotency-Key
        UniqueConstraint("user_id", "idempotency_key", name="uq_booking_user_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # None for a walk-in ticket issued at the counter to someone without the app
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True, nullable=True)
    source: Mapped[str] = mapped_column(String(8), default="online", server_default="online")  # online | walk_in
    counter_id: Mapped[int] = mapped_column(ForeignKey("booking_counter.id"))
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"), index=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    day: Mapped[date] = mapped_column(Date)  # local date at the MPP
    start: Mapped[str] = mapped_column(String(5))  # local HH:MM
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ticket_number: Mapped[str] = mapped_column(String(8))
    token: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(12), default="booked")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    called_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    served_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    no_show_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # the POST's Idempotency-Key (None for walk-ins), written with the row
    idempotency_key: Mapped[str | None] = mapped_column(String(100), nullable=True)
