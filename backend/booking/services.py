"""Booking a queue ticket: availability, booking, cancelling, reminders. No Flask request state here."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..catalogue import services as catalogue
from ..errors import Problem
from ..i18n import t
from ..pagination import Page, paginate
from ..timeutil import zone_abbreviation
from ..workdays import holiday_name
from . import counters, tokens
from .models import Booking
from .slots import day_slots, find_slot, local_today


@dataclass(frozen=True)
class BookingSettings:
    max_days_ahead: int = 14
    daily_limit: int = 2
    no_show_grace_minutes: int = 15

    @classmethod
    def from_config(cls, config) -> BookingSettings:
        return cls(
            max_days_ahead=int(config.get("BOOKING_MAX_DAYS_AHEAD", 14)),
            daily_limit=int(config.get("BOOKING_DAILY_LIMIT", 2)),
            no_show_grace_minutes=int(config.get("BOOKING_NO_SHOW_GRACE_MINUTES", 15)),
        )


def _service_counter(session: Session, service_id: int, region_code: str):
    region = catalogue.get_region(session, region_code)
    service = catalogue.get_service(session, service_id)
    if not catalogue.service_offered_in(session, service_id, region_code):
        raise Problem(422, "service-not-offered", "booking.service_not_offered")
    if "counter" not in (service.channels or []):
        raise Problem(422, "service-not-at-counter", "booking.counter_only")
    return region, service, counters.counter_for(session, region_code, service.agency_id)


def closed_reason(region, day: date, now: datetime, settings: BookingSettings) -> str | None:
    """Why no slot of day can be booked: past, too_far, holiday, closed; None when open."""
    today = local_today(region.timezone, now)
    if day < today:
        return "past"
    if day > today + timedelta(days=settings.max_days_ahead):
        return "too_far"
    if holiday_name(day) is not None:
        return "holiday"
    if not day_slots(region.opening_hours, region.timezone, day, 30):
        return "closed"
    return None


def availability(session: Session, *, region_code: str, service_id: int, day: date, now: datetime,
                 settings: BookingSettings) -> dict:
    """Bookable slots of day with their remaining online places; past slots are left out."""
    region, service, counter = _service_counter(session, service_id, region_code)
    reason = closed_reason(region, day, now, settings)
    items = []
    if reason is None:
        loads = counters.slot_loads(session, counter.id, day)
        for slot in day_slots(region.opening_hours, region.timezone, day, counter.slot_minutes):
            if slot.start <= now:
                continue
            items.append({"start": slot.start, "end": slot.end,
                          "remaining": max(counter.online_capacity - loads.get(slot.label, 0), 0)})
    return {"region_code": region.code, "service_id": service.id, "date": day, "timezone": region.timezone,
            "zone": zone_abbreviation(region.timezone), "slot_minutes": counter.slot_minutes,
            "closed_reason": reason, "holiday": holiday_name(day), "slots": items,
            "max_days_ahead": settings.max_days_ahead}


def create_booking(session: Session, *, user, service_id: int, region_code: str, day: date, start: str,
                   now: datetime, settings: BookingSettings, signing_key, key: str | None = None) -> Booking:
    """Book one online place; raises a Problem when the slot cannot be had (caller commits).

    key: the request's Idempotency-Key, stored on the row (unique per user: never two tickets for one key).
    """
    region, service, counter = _service_counter(session, service_id, region_code)
    reason = closed_reason(region, day, now, settings)
    if reason == "too_far":
        raise Problem(422, "booking-too-far", "booking.too_far", params={"days": settings.max_days_ahead})
    if reason in ("holiday", "closed"):
        raise Problem(422, "booking-closed-day", "booking.closed_day", params={"date": day.isoformat()})
    if reason == "past":
        raise Problem(422, "booking-slot-past", "booking.slot_past")
    slot = find_slot(day_slots(region.opening_hours, region.timezone, day, counter.slot_minutes), start)
    if slot is None:
        raise Problem(422, "booking-slot-invalid", "booking.slot_invalid", params={"start": start[:5]},
                      errors={"start": [t("booking.slot_invalid", start=start[:5])]})
    if slot.start <= now:
        raise Problem(422, "booking-slot-past", "booking.slot_past")
    if not counters.take_resident_day(session, user.id, day, settings.daily_limit):
        raise Problem(422, "booking-daily-limit", "booking.daily_limit", params={"limit": settings.daily_limit})
    if not counters.take_slot(session, counter, day, slot.label):
        raise Problem(409, "booking-slot-full", "booking.slot_full")
    booking = Booking(
        user_id=user.id, counter_id=counter.id, service_id=service.id, region_code=region.code,
        agency_id=service.agency_id, day=day, start=slot.label, starts_at=slot.start, ends_at=slot.end,
        ticket_number=counters.next_ticket_number(session, counter, day), status="booked", created_at=now,
        idempotency_key=key,
    )
    session.add(booking)
    session.flush()
    booking.token = tokens.sign(signing_key, token_payload(booking, service.agency.code))
    session.flush()
    return booking


def token_payload(booking: Booking, agency_code: str) -> dict:
    return {"v": 1, "id": booking.id, "tn": booking.ticket_number, "r": booking.region_code, "a": agency_code,
            "c": booking.counter_id, "d": booking.day.isoformat(), "s": booking.start}


def my_bookings(session: Session, user_id: int, page: int, per_page: int) -> Page:
    query = select(Booking).where(Booking.user_id == user_id).order_by(Booking.starts_at.desc(), Booking.id.desc())
    return paginate(session, query, page, per_page)


def get_own(session: Session, user_id: int, booking_id: int) -> Booking:
    booking = session.get(Booking, booking_id)
    # someone else's ticket is as unknown as a missing one
    if booking is None or booking.user_id != user_id:
        raise Problem(404, "booking-not-found", "booking.not_found")
    return booking


def cancel(session: Session, *, user_id: int, booking_id: int, now: datetime) -> Booking:
    """Cancel a booked ticket before its slot starts and give its place back."""
    booking = get_own(session, user_id, booking_id)
    if booking.status == "cancelled":
        return booking
    if booking.status != "booked" or booking.starts_at <= now:
        raise Problem(409, "booking-not-cancellable", "booking.not_cancellable")
    # only one of two concurrent cancels frees the place
    done = session.execute(
        update(Booking).where(Booking.id == booking.id, Booking.status == "booked")
        .values(status="cancelled", cancelled_at=now).execution_options(synchronize_session=False)
    ).rowcount
    if done == 1:
        counters.release_place(session, booking.user_id, booking.counter_id, booking.day, booking.start)
    session.refresh(booking)
    return booking


def describe(session: Session, bookings: list[Booking]) -> dict[int, dict]:
    """Service, agency, region facts for rendering a list of bookings, fetched in one go each."""
    from ..catalogue.models import Agency, Region

    services = catalogue.services_by_ids(session, sorted({b.service_id for b in bookings}))
    agency_ids = sorted({b.agency_id for b in bookings})
    agencies = {a.id: a for a in session.scalars(select(Agency).where(Agency.id.in_(agency_ids)))} if agency_ids else {}
    codes = sorted({b.region_code for b in bookings})
    regions = {r.code: r for r in session.scalars(select(Region).where(Region.code.in_(codes)))} if codes else {}
    return {b.id: {"service": services.get(b.service_id), "agency": agencies.get(b.agency_id),
                   "region": regions.get(b.region_code)} for b in bookings}


def send_reminders(session: Session, *, now: datetime, from_hour: int = 0) -> int:
    """Notify residents of tomorrow's tickets (local date at each MPP); each booking once.

    from_hour: send only once the MPP's own clock shows this hour or later (16 means the afternoon
    before, never a push at midnight); tickets booked later that evening are reminded on the next run.
    """
    from ..notifications import services as notifications

    candidates = session.scalars(
        select(Booking).where(Booking.status == "booked", Booking.reminded_at.is_(None),
                              Booking.starts_at > now, Booking.starts_at <= now + timedelta(hours=48))
    ).all()
    facts = describe(session, list(candidates))
    sent = 0
    for booking in candidates:
        info = facts[booking.id]
        region = info["region"]
        local = now.astimezone(ZoneInfo(region.timezone))
        if booking.day != local.date() + timedelta(days=1) or local.hour < from_hour:
            continue
        # claim it, so two reminder runs at once notify only once
        claimed = session.execute(
            update(Booking).where(Booking.id == booking.id, Booking.reminded_at.is_(None))
            .values(reminded_at=now).execution_options(synchronize_session=False)
        ).rowcount
        if claimed != 1:
            continue
        when = {lang: f"{booking.day.strftime('%d-%m-%Y')} {booking.start} {zone_abbreviation(region.timezone)}"
                for lang in ("id", "en")}
        notifications.enqueue(
            session, user_id=booking.user_id, kind="booking_reminder", url=f"/antrian/{booking.id}",
            params={"ticket_number": booking.ticket_number, "service_name": info["service"].name,
                    "place": f"{region.mpp_name} ({info['agency'].short})", "when": when, "booking_id": booking.id},
        )
        sent += 1
    return sent

