"""The data export has every table that holds data about the user; a test walks the models to keep it so."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from backend.booking.models import Booking, Counter
from backend.catalogue.models import Agency, Service
from backend.extensions import db
from backend.feedback.models import Complaint, Survey
from backend.notifications import services as notifications
from backend.notifications.models import PushDelivery, PushSubscription
from backend.wiring import registry

T0 = datetime(2026, 12, 7, 1, 0, tzinfo=UTC)


def _user_columns() -> set[str]:
    """Every "table.column" with a foreign key to user_account.id, from the models themselves."""
    found = set()
    for table in db.metadata.tables.values():
        for fk in table.foreign_keys:
            if fk.column.table.name == "user_account" and fk.column.name == "id":
                found.add(f"{table.name}.{fk.parent.name}")
    return found


def test_every_column_that_points_at_a_user_is_exported_or_excused(app):
    columns = _user_columns()
    exported, excused = registry(app).exported_columns, registry(app).not_personal
    missing = sorted(columns - set(exported) - set(excused))
    assert not missing, f"export these in an EXPORTER (EXPORTED_COLUMNS) or say why not in NOT_PERSONAL: {missing}"
    assert not set(exported) & set(excused)
    stale = sorted((set(exported) | set(excused)) - columns)
    assert not stale, f"listed but no such foreign key: {stale}"
    short = {column: reason for column, reason in excused.items() if len(reason.split()) < 6}
    assert not short, f"give a real reason: {short}"


def test_every_exported_column_has_its_key_in_the_export(app, client, resident, auth_headers):
    data = client.get("/api/me/export", headers=auth_headers(resident)).get_json()
    absent = {column: key for column, key in registry(app).exported_columns.items() if key not in data}
    assert not absent


@pytest.fixture
def counters(app):
    from backend.booking import demo

    with app.app_context():
        demo.load(db.session)
        db.session.commit()


def _fill(app, user, *, bookings, complaints, surveys, notes, devices):
    """Rows of every kind for user, as the domains would have written them."""
    with app.app_context():
        service = db.session.scalar(select(Service).where(Service.code == "ktp-el-baru"))
        agency = db.session.get(Agency, service.agency_id)
        counter = db.session.scalar(select(Counter).where(Counter.region_code == "35.74", Counter.agency_id == agency.id))
        made = []
        for n in range(bookings):
            booking = Booking(user_id=user.id, counter_id=counter.id, service_id=service.id, region_code="35.74",
                              agency_id=agency.id, day=date(2026, 12, 7) + timedelta(days=10 * user.id + n), start="08:30",
                              starts_at=T0 + timedelta(days=n), ends_at=T0 + timedelta(days=n, minutes=30),
                              ticket_number=f"A-{n + 1:03d}", status="served")
            db.session.add(booking)
            made.append(booking)
        db.session.flush()
        for n in range(complaints):
            db.session.add(Complaint(user_id=user.id, subject_type="service", subject_id=service.id,
                                     subject_label=service.code, service_id=service.id, agency_id=agency.id,
                                     region_code="35.74", text=f"Antrian lama {n}", due_date=date(2026, 12, 14)))
        for booking in made[:surveys]:
            db.session.add(Survey(user_id=user.id, booking_id=booking.id, service_id=service.id, agency_id=agency.id,
                                  region_code="35.74", local_date=booking.day, comment="Cepat",
                                  **{f"u{i}": 4 for i in range(1, 10)}))
        for n in range(devices):
            db.session.add(PushSubscription(user_id=user.id, endpoint=f"https://push.example/{user.id}/{n}",
                                            p256dh=f"SECRET-P256DH-{user.id}", auth=f"SECRET-AUTH-{user.id}"))
        db.session.flush()
        for n in range(notes):
            notifications.enqueue(db.session, user_id=user.id, kind="booking_reminder",
                                  params={"ticket_number": f"A-{n:03d}"}, url="/antrian")
        db.session.commit()


def test_a_residents_export_has_bookings_complaints_surveys_notifications_and_devices(
        app, client, make_user, auth_headers, counters):
    alice, bob = make_user(), make_user()
    _fill(app, alice, bookings=6, complaints=7, surveys=2, notes=58, devices=2)
    _fill(app, bob, bookings=1, complaints=1, surveys=1, notes=1, devices=1)
    response = client.get("/api/me/export", headers=auth_headers(alice))
    assert response.status_code == 200
    data = response.get_json()
    counts = {key: len(data[key]) for key in ("bookings", "complaints", "surveys", "notifications", "push_subscriptions")}
    assert counts == {"bookings": 6, "complaints": 7, "surveys": 2, "notifications": 58, "push_subscriptions": 2}
    assert {b["ticket_number"] for b in data["bookings"]} == {f"A-{n:03d}" for n in range(1, 7)}
    assert data["complaints"][0]["text"] == "Antrian lama 0" and data["complaints"][0]["service"]["code"] == "ktp-el-baru"
    assert data["surveys"][0]["answers"] == {f"u{i}": 4 for i in range(1, 10)}
    # each notification says what became of its push to each of the two devices
    assert {len(n["push_deliveries"]) for n in data["notifications"]} == {2}
    body = response.get_data(as_text=True)
    assert "SECRET-P256DH" not in body and "SECRET-AUTH" not in body  # the device's keys are its own secret
    assert f"push.example/{bob.id}/" not in body and "token_hash" not in body
    with app.app_context():
        assert db.session.query(PushDelivery).count() == 58 * 2 + 1


def test_an_empty_account_exports_empty_lists(client, resident, auth_headers):
    data = client.get("/api/me/export", headers=auth_headers(resident)).get_json()
    for key in ("bookings", "complaints", "surveys", "notifications", "push_subscriptions", "applications", "documents"):
        assert data[key] == []
