"""A stalled first request plus a retry on the other server: still one application, one ticket.

The stall is real: a second connection holds a lock on the row the request needs (the day's
tracking counter, the slot's counter row; on SQLite the database write lock) for longer than
the takeover time, while the client retries the same key on the other server.
"""
from __future__ import annotations

import sqlite3
import threading
import time
import uuid
from contextlib import contextmanager

from .conftest import TAKEOVER_SECONDS, application_body, call, next_working_day, scalar, until


@contextmanager
def stall(fault_db, table: str, where: str):
    """Hold the rows of table matching where (PostgreSQL: FOR UPDATE; SQLite: the write lock) until exit."""
    if fault_db.postgres:
        import psycopg

        connection = psycopg.connect(fault_db.raw_url)
        try:
            held = connection.execute(f"SELECT * FROM {table} WHERE {where} FOR UPDATE").fetchall()
            assert held, f"nothing to hold in {table}"
            yield
        finally:
            connection.commit()
            connection.close()
    else:
        connection = sqlite3.connect(fault_db.raw_url, isolation_level=None, timeout=30)
        try:
            connection.execute("BEGIN IMMEDIATE")
            yield
        finally:
            connection.execute("COMMIT")
            connection.close()


def _in_background(*args, **kwargs):
    """call(...) in a thread; returns (thread, box) and box[0] is the answer once the thread ends."""
    box: list = []
    thread = threading.Thread(target=lambda: box.append(call(*args, **kwargs)), daemon=True)
    thread.start()
    return thread, box


def _service(fault_db, code: str) -> int:
    return scalar(fault_db, "SELECT id FROM service WHERE code = :code", code=code)


def _retry_while_stalled(base: str, path: str, body: dict, headers: dict, seconds: float) -> list:
    """Retry the key on the other server for `seconds` (well past the takeover time); every answer.

    A retry that takes the claim over waits on the held row too: after 5 s it counts as not refused.
    """
    answers = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        answers.append(call(base, "POST", path, body, headers, timeout=5))
        time.sleep(0.4)
    return answers


def _assert_all_in_flight(answers: list) -> None:
    assert answers
    for answer in answers:
        assert answer is not None and answer.status == 409, answer
        assert answer.body["code"] == "idempotency-in-flight"
        assert answer.headers["retry-after"] == "1"


def _wait_for_claim(fault_db, key: str) -> None:
    if fault_db.postgres:  # the claim commits before the work, which then waits on the held row
        assert until(lambda: scalar(fault_db, "SELECT state FROM idempotency_key WHERE key = :k", k=key), 20)
    else:  # SQLite: the first request waits on the write lock before its claim
        time.sleep(1)


def test_stalled_application_and_a_retry_elsewhere_make_one_application(fault_db, servers, make_resident):
    a, b = servers
    resident = make_resident()
    service_id = _service(fault_db, "kartu-keluarga")
    body = application_body(resident, service_id)
    # an earlier submission makes today's tracking counter row, the row the stall then holds
    assert call(a.base, "POST", "/api/applications", body, resident.headers(str(uuid.uuid4()))).status == 201
    key = str(uuid.uuid4())
    with stall(fault_db, "tracking_counter", "region_code = '35.74'"):
        first, box = _in_background(a.base, "POST", "/api/applications", body, resident.headers(key), timeout=120)
        _wait_for_claim(fault_db, key)
        retries = _retry_while_stalled(b.base, "/api/applications", body, resident.headers(key), 4 * TAKEOVER_SECONDS)
        assert first.is_alive()  # the first holder is still working: it must never be taken over
    first.join(60)
    time.sleep(0.5)  # a retry that had been let in would commit its own row now
    assert scalar(fault_db, "SELECT count(*) FROM application WHERE idempotency_key = :k", k=key) == 1
    _assert_all_in_flight(retries)
    told = box[0]
    assert told is not None and told.status == 201, told
    again = call(b.base, "POST", "/api/applications", body, resident.headers(key))
    assert again.status == 201 and again.body == told.body  # same id, same tracking number
    assert scalar(fault_db, "SELECT count(*) FROM application WHERE idempotency_key = :k", k=key) == 1
    assert scalar(fault_db, "SELECT id FROM application WHERE idempotency_key = :k", k=key) == told.body["id"]


def test_stalled_booking_and_a_retry_elsewhere_make_one_ticket(fault_db, servers, make_resident):
    a, b = servers
    resident, neighbour = make_resident(), make_resident()
    day = next_working_day().isoformat()
    body = {"service_id": _service(fault_db, "ktp-el-baru"), "region_code": "35.74", "date": day, "start": "08:30"}
    # a neighbour's ticket makes the slot's counter row, the row the stall then holds
    assert call(a.base, "POST", "/api/bookings", body, neighbour.headers(str(uuid.uuid4()))).status == 201
    key = str(uuid.uuid4())
    with stall(fault_db, "booking_slot", f"day = '{day}' AND start = '08:30'"):
        first, box = _in_background(a.base, "POST", "/api/bookings", body, resident.headers(key), timeout=120)
        _wait_for_claim(fault_db, key)
        retries = _retry_while_stalled(b.base, "/api/bookings", body, resident.headers(key), 4 * TAKEOVER_SECONDS)
        assert first.is_alive()
    first.join(60)
    time.sleep(0.5)
    assert scalar(fault_db, "SELECT count(*) FROM booking WHERE user_id = :u", u=resident.id) == 1
    _assert_all_in_flight(retries)
    told = box[0]
    assert told is not None and told.status == 201, told
    again = call(b.base, "POST", "/api/bookings", body, resident.headers(key))
    assert again.status == 201 and again.headers.get("idempotent-replayed") == "true"
    assert (again.body["id"], again.body["ticket_number"]) == (told.body["id"], told.body["ticket_number"])
    assert scalar(fault_db, "SELECT count(*) FROM booking WHERE user_id = :u", u=resident.id) == 1
    # one request took one place: the neighbour's and this one
    assert scalar(fault_db, "SELECT booked FROM booking_slot WHERE day = :d AND start = '08:30'", d=day) == 2


def test_a_holder_killed_in_its_stall_is_taken_over_once_and_only_once(fault_db, servers, make_resident):
    a, b = servers
    resident = make_resident()
    body = application_body(resident, _service(fault_db, "kartu-keluarga"))
    assert call(a.base, "POST", "/api/applications", body, resident.headers(str(uuid.uuid4()))).status == 201
    key = str(uuid.uuid4())
    try:
        with stall(fault_db, "tracking_counter", "region_code = '35.74'"):
            first, box = _in_background(a.base, "POST", "/api/applications", body, resident.headers(key), timeout=120)
            _wait_for_claim(fault_db, key)
            _assert_all_in_flight([call(b.base, "POST", "/api/applications", body, resident.headers(key))])
            a.kill9()  # the holder is gone for sure now: its connections and its lock went with it
            first.join(30)
            assert box == [None]  # its client was told nothing
        # B takes the key over once the claim is older than the takeover time, and only B does the work
        answers = []

        def retry():
            answers.append(call(b.base, "POST", "/api/applications", body, resident.headers(key)))
            return answers[-1] is not None and answers[-1].status == 201

        assert until(retry, 20, interval=0.5), answers[-3:]
        assert {x.status for x in answers[:-1]} <= {409}
        won = answers[-1]
        assert scalar(fault_db, "SELECT count(*) FROM application WHERE idempotency_key = :k", k=key) == 1
        assert scalar(fault_db, "SELECT id FROM application WHERE idempotency_key = :k", k=key) == won.body["id"]
    finally:
        a.start()
    replay = call(a.base, "POST", "/api/applications", body, resident.headers(key))
    assert replay.status == 201 and replay.body == won.body
