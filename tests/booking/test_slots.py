"""Slot generation in the MPP's own time zone (WIB, WITA), across a day boundary."""
from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from backend.booking import services
from backend.booking.services import BookingSettings
from backend.booking.slots import day_slots, local_today
from backend.extensions import db

from .conftest import MONDAY, SUNDAY, at_local

HOURS = {"mon": ["08:00", "15:00"], "fri": ["08:00", "11:30"], "sat": None}


def test_slots_cover_opening_hours_in_local_time():
    slots = day_slots(HOURS, "Asia/Makassar", MONDAY, 30)
    assert len(slots) == 14
    assert slots[0].start.isoformat() == "2026-12-07T08:00:00+08:00"
    assert slots[-1].end.isoformat() == "2026-12-07T15:00:00+08:00"
    assert slots[0].start.astimezone(UTC) == datetime(2026, 12, 7, 0, 0, tzinfo=UTC)


def test_partial_last_slot_is_dropped_and_closed_weekday_has_none():
    assert [s.label for s in day_slots(HOURS, "Asia/Jakarta", date(2026, 12, 11), 45)] == ["08:00", "08:45", "09:30", "10:15"]
    assert day_slots(HOURS, "Asia/Jakarta", date(2026, 12, 12), 30) == []
    assert day_slots(HOURS, "Asia/Jakarta", date(2026, 12, 13), 30) == []  # weekday missing entirely


def test_same_instant_is_a_different_local_day_in_wib_and_wita():
    now = datetime(2026, 12, 6, 16, 30, tzinfo=UTC)  # 23:30 WIB Sunday, 00:30 WITA Monday
    assert local_today("Asia/Jakarta", now) == date(2026, 12, 6)
    assert local_today("Asia/Pontianak", now) == date(2026, 12, 6)
    assert local_today("Asia/Makassar", now) == date(2026, 12, 7)


@pytest.mark.parametrize(
    ("region", "first", "offset", "count"),
    [("35.74", "08:00", "+07:00", 12), ("73.06", "08:00", "+08:00", 14), ("63.71", "08:00", "+08:00", 14),
     ("62.06", "08:00", "+07:00", 14)],
)
def test_availability_per_region_zone(ctx, counters, service_id, region, first, offset, count):
    out = services.availability(db.session, region_code=region, service_id=service_id(), day=MONDAY, now=SUNDAY,
                                settings=BookingSettings())
    assert out["closed_reason"] is None
    assert len(out["slots"]) == count
    assert out["slots"][0]["start"].isoformat() == f"2026-12-07T{first}:00{offset}"
    assert out["zone"] == ("WITA" if offset == "+08:00" else "WIB")
    assert all(s["remaining"] == 4 for s in out["slots"])


def test_availability_hides_slots_already_started_in_local_time(ctx, counters, service_id):
    now = at_local(MONDAY, "08:10", 7)  # 08:10 WIB = 09:10 WITA
    wib = services.availability(db.session, region_code="35.74", service_id=service_id(), day=MONDAY, now=now,
                                settings=BookingSettings())
    wita = services.availability(db.session, region_code="73.06", service_id=service_id(), day=MONDAY, now=now,
                                 settings=BookingSettings())
    assert wib["slots"][0]["start"].strftime("%H:%M") == "08:30"
    assert wita["slots"][0]["start"].strftime("%H:%M") == "09:30"


def test_day_boundary_gowa_is_already_monday_while_probolinggo_is_sunday(ctx, counters, service_id):
    now = datetime(2026, 12, 6, 16, 30, tzinfo=UTC)
    settings = BookingSettings()
    # 14 days ahead counts from each MPP's own today
    far = date(2026, 12, 21)
    assert services.availability(db.session, region_code="73.06", service_id=service_id(), day=far, now=now,
                                 settings=settings)["closed_reason"] is None
    assert services.availability(db.session, region_code="35.74", service_id=service_id(), day=far, now=now,
                                 settings=settings)["closed_reason"] == "too_far"
    # it is 00:30 in Gowa: every slot of its Monday is still ahead; Sunday is over there
    gowa = services.availability(db.session, region_code="73.06", service_id=service_id(), day=MONDAY, now=now,
                                 settings=settings)
    assert len(gowa["slots"]) == 14
    assert services.availability(db.session, region_code="73.06", service_id=service_id(), day=date(2026, 12, 6),
                                 now=now, settings=settings)["closed_reason"] == "past"


@pytest.mark.parametrize(("day", "reason", "now"), [
    (date(2026, 12, 12), "closed", SUNDAY), (date(2026, 12, 24), "holiday", datetime(2026, 12, 20, 3, tzinfo=UTC)),
    (date(2026, 12, 5), "past", SUNDAY), (date(2026, 12, 22), "too_far", SUNDAY),
])
def test_closed_reasons(ctx, counters, service_id, day, reason, now):
    out = services.availability(db.session, region_code="35.74", service_id=service_id(), day=day, now=now,
                                settings=BookingSettings())
    assert out["closed_reason"] == reason
    assert out["slots"] == []


def test_availability_endpoint_is_public_with_local_offsets(client, counters, service_id, clock):
    clock(SUNDAY)
    response = client.get(f"/api/regions/73.06/availability?service={service_id()}&date=2026-12-07")
    assert response.status_code == 200
    body = response.get_json()
    assert body["slots"][0] == {"start": "2026-12-07T08:00:00+08:00", "end": "2026-12-07T08:30:00+08:00", "remaining": 4}


@pytest.mark.parametrize("query", ["", "service=abc&date=2026-12-07", "service=1&date=07-12-2026", "date=2026-12-07"])
def test_availability_bad_query_is_422(client, counters, query):
    response = client.get(f"/api/regions/35.74/availability?{query}")
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"


def test_availability_unknown_region_is_404(client, counters, service_id):
    assert client.get(f"/api/regions/99.99/availability?service={service_id()}&date=2026-12-07").status_code == 404
