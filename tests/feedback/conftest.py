"""Fixtures for the feedback tests: completed applications, served tickets, surveys, a frozen clock."""
from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from backend.extensions import db

ALL_FOUR = {f"u{i}": 4 for i in range(1, 10)}


def _service(code: str):
    from backend.catalogue.models import Service

    return db.session.scalar(select(Service).where(Service.code == code))


@pytest.fixture
def make_application(app):
    """make_application(user, status="completed", service="ktp-el-baru", region="35.74") -> id."""
    from backend.applications.models import Application

    def make(user, status: str = "completed", service: str = "ktp-el-baru", region: str = "35.74") -> int:
        with app.app_context():
            svc = _service(service)
            application = Application(
                tracking_number=f"T-{uuid.uuid4().hex[:12]}", user_id=user.id, service_id=svc.id,
                agency_id=svc.agency_id, region_code=region, form_version=1, data={}, status=status,
                received_at=datetime.now(UTC), sla_due_date=date(2026, 12, 31))
            db.session.add(application)
            db.session.commit()
            return application.id

    return make


@pytest.fixture
def make_booking(app):
    """make_booking(user, status="served", region="35.74", service="ktp-el-baru") -> id (booked through the service)."""
    from backend.booking import demo, services, tokens
    from backend.booking.models import Booking

    key = tokens.Ed25519PrivateKey.generate()

    def make(user, status: str = "served", region: str = "35.74", service: str = "ktp-el-baru", start: str = "09:00") -> int:
        with app.app_context():
            demo.load(db.session)
            booking = services.create_booking(
                db.session, user=db.session.get(type(user), user.id), service_id=_service(service).id,
                region_code=region, day=date(2026, 12, 7), start=start, now=datetime(2026, 12, 6, 3, tzinfo=UTC),
                settings=services.BookingSettings(), signing_key=key)
            db.session.execute(Booking.__table__.update().where(Booking.id == booking.id).values(status=status))
            db.session.commit()
            return booking.id

    return make


@pytest.fixture
def survey(client, auth_headers):
    """survey(user, key=None, **body) -> response of POST /api/surveys."""

    def post(user, *, key: str | None = None, answers: dict | None = None, **body):
        payload = {"answers": answers if answers is not None else ALL_FOUR, **body}
        headers = auth_headers(user, **{"Idempotency-Key": key or str(uuid.uuid4())})
        return client.post("/api/surveys", json=payload, headers=headers)

    return post


@pytest.fixture
def clock(monkeypatch):
    """clock(when): freeze utcnow() for the feedback routes."""

    def freeze(when: datetime) -> None:
        for module in ("backend.feedback.routes", "backend.feedback.complaint_routes"):
            monkeypatch.setattr(f"{module}.utcnow", lambda: when)

    return freeze
