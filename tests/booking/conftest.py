"""Fixtures for the booking tests: counters, frozen clocks, a booking helper."""
from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from backend.extensions import db

# Sunday 6 December 2026, 10:00 WIB / 11:00 WITA; Monday 7 December is an ordinary working day.
SUNDAY = datetime(2026, 12, 6, 3, 0, tzinfo=UTC)
MONDAY = date(2026, 12, 7)


@pytest.fixture
def counters(app):
    """The demo counters (one per agency at every MPP)."""
    from backend.booking import demo

    with app.app_context():
        demo.load(db.session)
        db.session.commit()


@pytest.fixture
def service_id(app):
    """id(code) -> the catalogue id of a service."""
    from backend.catalogue.models import Service

    def lookup(code: str = "ktp-el-baru") -> int:
        with app.app_context():
            return db.session.scalar(select(Service.id).where(Service.code == code))

    return lookup


@pytest.fixture
def clock(monkeypatch):
    """clock(when): freeze utcnow() for the booking routes (services take now= directly)."""

    def freeze(when: datetime) -> None:
        for module in ("backend.booking.routes", "backend.booking.officer_routes"):
            monkeypatch.setattr(f"{module}.utcnow", lambda: when)

    return freeze


@pytest.fixture
def book(client, auth_headers, service_id):
    """book(user, **overrides) -> response of POST /api/bookings (a fresh Idempotency-Key unless key=)."""

    def post(user, *, key: str | None = None, lang: str = "id", **overrides):
        body = {"service_id": service_id(), "region_code": "35.74", "date": MONDAY.isoformat(), "start": "08:30"}
        body.update(overrides)
        headers = auth_headers(user, **{"Idempotency-Key": key or str(uuid.uuid4()), "Accept-Language": lang})
        return client.post("/api/bookings", json=body, headers=headers)

    return post


def at_local(day: date, hhmm: str, offset_hours: int) -> datetime:
    """A UTC instant given as local wall time at a UTC offset (WIB 7, WITA 8)."""
    hours, minutes = map(int, hhmm.split(":"))
    return datetime(day.year, day.month, day.day, hours, minutes, tzinfo=UTC) - timedelta(hours=offset_hours)
