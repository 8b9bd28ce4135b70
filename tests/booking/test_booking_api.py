"""Booking a ticket: rules, idempotency, my tickets, cancelling, authorization."""
from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from backend.booking.models import Booking, Counter
from backend.extensions import db

from .conftest import SUNDAY


@pytest.fixture(autouse=True)
def _frozen(clock, counters):
    clock(SUNDAY)


def test_booking_gives_ticket_number_token_and_qr(book, resident):
    response = book(resident)
    assert response.status_code == 201
    body = response.get_json()
    assert body["ticket_number"] == "A-001"
    assert body["status"] == "booked"
    assert body["start"] == "2026-12-07T08:30:00+07:00"
    assert body["end"] == "2026-12-07T09:00:00+07:00"
    assert body["token"].startswith("MPP1.")
    assert body["qr_svg"].startswith("<svg") and "http://www.w3.org/2000/svg" in body["qr_svg"]
    assert body["agency"]["code"] == "DISDUKCAPIL" and body["region"]["zone"] == "WIB"


def test_ticket_numbers_count_per_counter_and_day(book, make_user, service_id):
    first, second = make_user(), make_user()
    assert book(first).get_json()["ticket_number"] == "A-001"
    assert book(second, start="10:00").get_json()["ticket_number"] == "A-002"
    # another agency's counter has its own letter and count
    other = book(first, service_id=service_id("nib-oss"))
    assert other.status_code == 201
    assert other.get_json()["ticket_number"] == "B-001"
    # another day starts again at 001
    assert book(second, date="2026-12-08").get_json()["ticket_number"] == "A-001"


def test_same_key_and_body_replays_the_same_ticket(book, resident, app):
    key = str(uuid.uuid4())
    first = book(resident, key=key)
    again = book(resident, key=key)
    assert again.status_code == 201
    assert again.get_json() == first.get_json()
    assert again.headers.get("Idempotent-Replayed") == "true"
    with app.app_context():
        assert db.session.scalar(select(func.count(Booking.id))) == 1


def test_same_key_different_body_is_422(book, resident):
    key = str(uuid.uuid4())
    assert book(resident, key=key).status_code == 201
    response = book(resident, key=key, start="09:00")
    assert response.status_code == 422
    assert response.get_json()["code"] == "idempotency-key-reused"


def test_missing_idempotency_key_is_400(client, auth_headers, resident, service_id):
    body = {"service_id": service_id(), "region_code": "35.74", "date": "2026-12-07", "start": "08:30"}
    response = client.post("/api/bookings", json=body, headers=auth_headers(resident))
    assert response.status_code == 400
    assert response.get_json()["code"] == "idempotency-key-missing"


def test_key_in_flight_is_409(book, resident, app):
    from backend.idempotency import services as idempotency

    key = str(uuid.uuid4())
    with app.app_context():
        from backend.booking.schemas import BookingIn

        args = BookingIn().load({"service_id": _ktp(app), "region_code": "35.74", "date": "2026-12-07", "start": "08:30"})
        # what a first request looks like while it is still being processed
        claimed = idempotency.claim(db.session, user_id=resident.id, key=key, scope="booking", body=args,
                                    now=datetime.now(UTC))
        assert isinstance(claimed, idempotency.Claim)
    response = book(resident, key=key)
    assert response.status_code == 409
    assert response.get_json()["code"] == "idempotency-in-flight"


def _ktp(app) -> int:
    from backend.catalogue.models import Service

    return db.session.scalar(select(Service.id).where(Service.code == "ktp-el-baru"))


def test_a_failed_request_can_be_retried_with_the_same_key(book, resident, app):
    key = str(uuid.uuid4())
    with app.app_context():
        db.session.execute(Counter.__table__.update().values(online_capacity=0))
        db.session.commit()
    assert book(resident, key=key).status_code == 409
    with app.app_context():
        db.session.execute(Counter.__table__.update().values(online_capacity=4))
        db.session.commit()
    assert book(resident, key=key).status_code == 201


@pytest.mark.parametrize(
    ("overrides", "status", "code"),
    [
        ({"date": "2026-12-12"}, 422, "booking-closed-day"),  # Saturday
        ({"date": "2026-12-24"}, 422, "booking-too-far"),
        ({"date": "2026-12-05"}, 422, "booking-slot-past"),
        ({"date": "2026-12-06"}, 422, "booking-closed-day"),  # today, a Sunday
        ({"start": "08:15"}, 422, "booking-slot-invalid"),
        ({"start": "14:00"}, 422, "booking-slot-invalid"),  # Probolinggo closes at 14:00
        ({"start": "8:30"}, 422, "validation-error"),
        ({"region_code": "99.99"}, 404, "region-not-found"),
        ({"service_id": 999999}, 404, "service-not-found"),
        ({"date": "bukan tanggal"}, 422, "validation-error"),
    ],
)
def test_bad_bookings_are_refused(book, resident, overrides, status, code):
    response = book(resident, **overrides)
    assert response.status_code == status, response.get_json()
    assert response.get_json()["code"] == code


def test_past_slot_of_today_is_refused(book, resident, clock):
    clock(datetime(2026, 12, 7, 2, 0, tzinfo=UTC))  # 09:00 WIB on Monday
    response = book(resident, start="08:30")
    assert response.status_code == 422
    assert response.get_json()["code"] == "booking-slot-past"
    assert book(resident, start="09:30").status_code == 201


def test_full_slot_is_refused_with_a_clear_message(book, make_user):
    for _ in range(4):
        assert book(make_user()).status_code == 201
    response = book(make_user())
    assert response.status_code == 409
    assert response.get_json()["code"] == "booking-slot-full"
    assert "penuh" in response.get_json()["detail"]


def test_walk_in_quota_is_not_bookable_online(client, book, make_user, service_id):
    for _ in range(4):
        book(make_user())
    body = client.get(f"/api/regions/35.74/availability?service={service_id()}&date=2026-12-07").get_json()
    slot = next(s for s in body["slots"] if s["start"].endswith("08:30:00+07:00"))
    assert slot["remaining"] == 0  # the 2 walk-in places are never offered online


def test_third_booking_of_the_same_day_is_refused(book, resident, service_id):
    assert book(resident).status_code == 201
    assert book(resident, start="09:00", service_id=service_id("nib-oss")).status_code == 201
    response = book(resident, start="10:00", region_code="73.06", lang="en")
    assert response.status_code == 422
    assert response.get_json()["code"] == "booking-daily-limit"
    assert "2 tickets" in response.get_json()["detail"]
    assert book(resident, date="2026-12-08").status_code == 201


def test_cancel_frees_the_place_and_the_daily_allowance(client, book, make_user, auth_headers, service_id):
    users = [make_user() for _ in range(4)]
    ids = [book(u).get_json()["id"] for u in users]
    response = client.post(f"/api/bookings/{ids[0]}/cancel", headers=auth_headers(users[0]))
    assert response.status_code == 200
    assert response.get_json()["status"] == "cancelled"
    # cancelling twice changes nothing and frees nothing more
    assert client.post(f"/api/bookings/{ids[0]}/cancel", headers=auth_headers(users[0])).status_code == 200
    body = client.get(f"/api/regions/35.74/availability?service={service_id()}&date=2026-12-07").get_json()
    assert next(s for s in body["slots"] if s["start"].endswith("08:30:00+07:00"))["remaining"] == 1
    assert book(make_user()).status_code == 201
    assert book(make_user()).status_code == 409


def test_my_bookings_and_detail_are_mine_only(client, book, make_user, auth_headers):
    owner, other = make_user(), make_user()
    booking_id = book(owner).get_json()["id"]
    mine = client.get("/api/bookings", headers=auth_headers(owner)).get_json()
    assert [b["id"] for b in mine["items"]] == [booking_id] and mine["total"] == 1
    assert client.get("/api/bookings", headers=auth_headers(other)).get_json()["items"] == []
    detail = client.get(f"/api/bookings/{booking_id}", headers=auth_headers(owner))
    assert detail.status_code == 200 and detail.get_json()["qr_svg"].startswith("<svg")
    assert client.get(f"/api/bookings/{booking_id}", headers=auth_headers(other)).status_code == 404
    assert client.post(f"/api/bookings/{booking_id}/cancel", headers=auth_headers(other)).status_code == 404


def test_authorization(client, book, officer, admin, auth_headers, service_id):
    assert client.get("/api/bookings").status_code == 401
    assert client.get("/api/bookings/1").status_code == 401
    assert client.post("/api/bookings/1/cancel").status_code == 401
    body = {"service_id": service_id(), "region_code": "35.74", "date": "2026-12-07", "start": "08:30"}
    assert client.post("/api/bookings", json=body, headers={"Idempotency-Key": "k1"}).status_code == 401
    assert book(officer).status_code == 403
    assert book(admin).status_code == 403
    assert client.get("/api/bookings/public-key").status_code == 200


def test_public_key_verifies_the_ticket_token(client, book, resident):
    import base64

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    from backend.booking import tokens

    token = book(resident).get_json()["token"]
    raw = client.get("/api/bookings/public-key").get_json()["public_key"]
    key = Ed25519PublicKey.from_public_bytes(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
    payload = tokens.verify(key, token)
    assert payload["tn"] == "A-001" and payload["r"] == "35.74" and payload["d"] == "2026-12-07"


@pytest.mark.parametrize(("data", "content_type"), [
    ("{bukan json", "application/json"), ('{"service_id": 1, "x": 1}', "application/json"),
    ("\xff\xfe", "application/json"), ('{"service_id": "satu", "region_code": "35.74", "date": "2026-12-07", "start": "08:30"}',
                                       "application/json"),
])
def test_bad_bodies_are_4xx_problems(client, auth_headers, resident, data, content_type):
    headers = auth_headers(resident, **{"Idempotency-Key": str(uuid.uuid4()), "Content-Type": content_type})
    response = client.post("/api/bookings", data=data.encode("latin-1"), headers=headers)
    assert 400 <= response.status_code < 500
    assert response.mimetype == "application/problem+json"


def test_overlong_idempotency_key_is_400(book, resident):
    response = book(resident, key="k" * 101)
    assert response.status_code == 400 and response.get_json()["code"] == "idempotency-key-invalid"
