"""The counter staff's queue: today's tickets, check-in, call next, served, no-show."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..catalogue import services as catalogue
from ..errors import Problem
from ..i18n import t
from ..workdays import holiday_name
from . import counters, tokens
from .counters import counter_for
from .models import Booking, Counter
from .slots import day_slots, local_today

WAITING = ("checked_in",)
ORDER = (Booking.starts_at, Booking.ticket_number)


def officer_counter(session: Session, officer) -> Counter:
    """The counter an officer staffs: their agency at their region."""
    if not officer.agency_id or not officer.region_code:
        raise Problem(403, "no-counter", "booking.not_officer_of_counter")
    return counter_for(session, officer.region_code, officer.agency_id)


def _today(session: Session, counter: Counter, now: datetime) -> date:
    region = catalogue.get_region(session, counter.region_code)
    return local_today(region.timezone, now)


def queue(session: Session, counter: Counter, day: date | None, now: datetime) -> tuple[date, list[Booking]]:
    """The counter's tickets of day (today at the MPP by default), by slot and number."""
    day = day or _today(session, counter, now)
    items = session.scalars(select(Booking).where(Booking.counter_id == counter.id, Booking.day == day).order_by(*ORDER))
    return day, list(items)


def _booking_of_counter(session: Session, counter: Counter, booking_id: int) -> Booking:
    booking = session.get(Booking, booking_id)
    if booking is None or booking.counter_id != counter.id:
        raise Problem(404, "booking-not-found", "booking.not_found")
    return booking


def _describe_counter(session: Session, booking: Booking) -> dict:
    region = catalogue.get_region(session, booking.region_code)
    agency = catalogue.get_agency(session, booking.agency_id)
    return {"agency": agency.short if agency else "-", "region": region.name}


def check_in(session: Session, counter: Counter, *, token: str | None, ticket_number: str | None,
             public_key, now: datetime) -> Booking:
    """Admit a ticket shown at the counter (QR token or typed number); only today's, of this counter."""
    today = _today(session, counter, now)
    if token:
        try:
            payload = tokens.verify(public_key, token)
        except tokens.BadToken:
            raise Problem(422, "ticket-forged", "queue.forged") from None
        booking = session.get(Booking, payload["id"])
        if booking is None or booking.token != token.strip():
            raise Problem(422, "ticket-forged", "queue.forged")
    elif ticket_number:
        number = ticket_number.strip().upper()
        booking = session.scalar(select(Booking).where(
            Booking.counter_id == counter.id, Booking.day == today, Booking.ticket_number == number))
        if booking is None:
            raise Problem(404, "ticket-not-found", "queue.ticket_not_found", params={"ticket": number[:8]})
    else:
        raise Problem(422, "validation-error", "queue.token_or_number")
    if booking.counter_id != counter.id:
        raise Problem(422, "ticket-other-counter", "queue.other_counter", params=_describe_counter(session, booking))
    if booking.day != today:
        raise Problem(422, "ticket-other-day", "queue.other_day", params={"date": booking.day.strftime("%d-%m-%Y")})
    if booking.status == "cancelled":
        raise Problem(409, "ticket-cancelled", "queue.cancelled")
    if booking.status in ("checked_in", "called"):
        return booking  # scanned twice: nothing changes
    if booking.status != "booked":
        raise Problem(409, "ticket-already-done", "queue.already_done", params={"status": booking.status})
    _transition(session, booking, ("booked",), status="checked_in", checked_in_at=now)
    return booking


def _transition(session: Session, booking: Booking, allowed: tuple[str, ...], **values) -> None:
    """Move a ticket on only from an allowed status (two tablets at one counter cannot both do it)."""
    done = session.execute(
        update(Booking).where(Booking.id == booking.id, Booking.status.in_(allowed))
        .values(**values).execution_options(synchronize_session=False)
    ).rowcount
    session.refresh(booking)
    if done != 1:
        raise Problem(409, "ticket-bad-state", "queue.bad_state", params={"status": booking.status})


def issue_walk_in(session: Session, counter: Counter, *, service_id: int, now: datetime) -> Booking:
    """A ticket for someone at the counter without a booking: the current (or next) slot with walk-in room."""
    region = catalogue.get_region(session, counter.region_code)
    service = catalogue.get_service(session, service_id)
    if service.agency_id != counter.agency_id or not catalogue.service_offered_in(session, service.id, region.code):
        raise Problem(422, "walk-in-service", "queue.walk_in_service", errors={"service_id": [t("queue.walk_in_service")]})
    today = local_today(region.timezone, now)
    open_slots = [s for s in day_slots(region.opening_hours, region.timezone, today, counter.slot_minutes) if s.end > now]
    if not open_slots or holiday_name(today) is not None:
        raise Problem(409, "walk-in-closed", "queue.walk_in_closed")
    slot = next((s for s in open_slots if counters.take_walk_in(session, counter, today, s.label)), None)
    if slot is None:
        raise Problem(409, "walk-in-full", "queue.walk_in_full")
    booking = Booking(
        user_id=None, source="walk_in", counter_id=counter.id, service_id=service.id, region_code=region.code,
        agency_id=counter.agency_id, day=today, start=slot.label, starts_at=slot.start, ends_at=slot.end,
        ticket_number=counters.next_ticket_number(session, counter, today), status="checked_in",
        created_at=now, checked_in_at=now,
    )
    session.add(booking)
    session.flush()
    return booking


def call_next(session: Session, counter: Counter, now: datetime) -> Booking:
    """Call the checked-in ticket with the earliest slot (then the lowest number)."""
    today = _today(session, counter, now)
    for _ in range(5):
        booking = session.scalar(
            select(Booking).where(Booking.counter_id == counter.id, Booking.day == today, Booking.status.in_(WAITING))
            .order_by(*ORDER).limit(1)
        )
        if booking is None:
            raise Problem(404, "queue-empty", "queue.empty")
        try:
            _transition(session, booking, WAITING, status="called", called_at=now)
            return booking
        except Problem:
            continue  # another tablet called this one first: take the next
    raise Problem(404, "queue-empty", "queue.empty")


def mark_served(session: Session, counter: Counter, booking_id: int, now: datetime) -> Booking:
    booking = _booking_of_counter(session, counter, booking_id)
    if booking.status == "served":
        return booking
    _transition(session, booking, ("checked_in", "called"), status="served", served_at=now)
    return booking


def mark_no_show(session: Session, counter: Counter, booking_id: int, now: datetime, grace_minutes: int) -> Booking:
    """Record that the resident did not come; only once the grace period after the slot start is over."""
    booking = _booking_of_counter(session, counter, booking_id)
    if booking.status == "no_show":
        return booking
    if now < booking.starts_at + timedelta(minutes=grace_minutes):
        raise Problem(409, "no-show-too-early", "queue.no_show_too_early", params={"minutes": grace_minutes})
    _transition(session, booking, ("booked", "checked_in", "called"), status="no_show", no_show_at=now)
    return booking
