"""Capacity and the daily limit hold under concurrent requests.

Runs on both databases: on PostgreSQL the transactions really run in parallel (the conditional
UPDATEs serialise on the counter rows); on SQLite the database write lock serialises them.
"""
from __future__ import annotations

import threading
import uuid

from sqlalchemy import func, select

from backend.booking.models import Booking, Counter, ResidentDay, SlotLoad
from backend.extensions import db

from .conftest import SUNDAY


def _fire(app, requests: list[tuple[object, dict]], auth_headers) -> list[int]:
    """Send all requests at once from separate threads (each with its own client and session)."""
    barrier = threading.Barrier(len(requests))
    statuses: list[int] = [0] * len(requests)
    headers = [auth_headers(user, **{"Idempotency-Key": str(uuid.uuid4())}) for user, _ in requests]

    def run(i: int) -> None:
        client = app.test_client()
        barrier.wait()
        statuses[i] = client.post("/api/bookings", json=requests[i][1], headers=headers[i]).status_code

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(requests))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return statuses


def test_thirty_requests_for_the_last_three_places_get_exactly_three(app, make_user, auth_headers, service_id, clock,
                                                                        counters, book):
    clock(SUNDAY)
    book(make_user())  # one of the 4 places is gone: 3 are left
    body = {"service_id": service_id(), "region_code": "35.74", "date": "2026-12-07", "start": "08:30"}
    users = [make_user() for _ in range(30)]
    statuses = _fire(app, [(u, body) for u in users], auth_headers)
    assert sorted(statuses).count(201) == 3
    assert statuses.count(409) == 27
    with app.app_context():
        assert db.session.scalar(select(func.count(Booking.id))) == 4
        assert db.session.scalar(select(SlotLoad.booked)) == 4
        numbers = set(db.session.scalars(select(Booking.ticket_number)))
        assert numbers == {"A-001", "A-002", "A-003", "A-004"}


def test_daily_limit_holds_under_concurrent_requests(app, resident, auth_headers, service_id, clock, counters):
    clock(SUNDAY)
    starts = ["08:00", "08:30", "09:00", "09:30", "10:00", "10:30", "11:00", "11:30", "12:00", "12:30"]
    requests = [(resident, {"service_id": service_id(), "region_code": region, "date": "2026-12-07", "start": start})
                for region in ("35.74", "73.06", "63.71") for start in starts]
    statuses = _fire(app, requests, auth_headers)
    assert statuses.count(201) == 2
    assert statuses.count(422) == 28
    with app.app_context():
        assert db.session.scalar(select(func.count(Booking.id))) == 2
        assert db.session.scalar(select(ResidentDay.booked)) == 2
        # the places of refused requests were not kept
        assert db.session.scalar(select(func.sum(SlotLoad.booked))) == 2


def test_capacity_change_applies_to_the_next_booking(app, make_user, book, clock, counters):
    clock(SUNDAY)
    with app.app_context():
        db.session.execute(Counter.__table__.update().values(online_capacity=1))
        db.session.commit()
    assert book(make_user()).status_code == 201
    assert book(make_user()).status_code == 409


def test_concurrent_repeats_of_one_key_make_one_ticket(app, resident, auth_headers, service_id, clock, counters):
    clock(SUNDAY)
    body = {"service_id": service_id(), "region_code": "35.74", "date": "2026-12-07", "start": "08:30"}
    headers = auth_headers(resident, **{"Idempotency-Key": str(uuid.uuid4())})
    barrier = threading.Barrier(12)
    answers: list = [None] * 12

    def run(i: int) -> None:
        client = app.test_client()
        barrier.wait()
        response = client.post("/api/bookings", json=body, headers=headers)
        answers[i] = (response.status_code, response.get_json())

    threads = [threading.Thread(target=run, args=(i,)) for i in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert {status for status, _ in answers} <= {201, 409}, answers
    tickets = {body["id"] for status, body in answers if status == 201}
    assert len(tickets) == 1
    assert all(body["code"] == "idempotency-in-flight" for status, body in answers if status == 409)
    with app.app_context():
        assert db.session.scalar(select(func.count(Booking.id))) == 1
        assert db.session.scalar(select(SlotLoad.booked)) == 1
        assert db.session.scalar(select(Booking.idempotency_key)) == headers["Idempotency-Key"]
