"""Walk-in tickets: issued at the counter from their own quota, never from the online places."""
from __future__ import annotations

from .conftest import MONDAY, at_local

OPEN = at_local(MONDAY, "08:05", 7)  # Monday 08:05 WIB at Probolinggo


def _walk_in(client, auth_headers, officer, service_id, lang="id"):
    return client.post("/api/officer/queue/walk-in", json={"service_id": service_id},
                       headers=auth_headers(officer, **{"Accept-Language": lang}))


def _slot(client, service_id, start="08:00"):
    body = client.get(f"/api/regions/35.74/availability?service={service_id}&date={MONDAY.isoformat()}").get_json()
    return next(s for s in body["slots"] if s["start"][11:16] == start)


def test_walk_in_ticket_is_checked_in_and_queued(client, auth_headers, officer, counters, clock, service_id):
    clock(OPEN)
    response = _walk_in(client, auth_headers, officer, service_id())
    assert response.status_code == 201
    body = response.get_json()
    assert body["source"] == "walk_in" and body["status"] == "checked_in"
    assert body["ticket_number"] == "A-001"
    assert body["start"].startswith("2026-12-07T08:00")
    queue = client.get("/api/officer/queue", headers=auth_headers(officer)).get_json()
    assert queue["waiting"] == 1
    called = client.post("/api/officer/queue/call-next", headers=auth_headers(officer)).get_json()
    assert called["id"] == body["id"]


def test_walk_ins_never_take_online_places(client, auth_headers, officer, counters, clock, service_id, book, resident):
    clock(OPEN)
    before = _slot(client, service_id(), "08:30")["remaining"]
    # the walk-in quota of the current slot (2), then the next slot's
    tickets = [_walk_in(client, auth_headers, officer, service_id()).get_json() for _ in range(3)]
    assert [t["start"][11:16] for t in tickets] == ["08:00", "08:00", "08:30"]
    assert _slot(client, service_id(), "08:30")["remaining"] == before
    # an online booking for 08:30 still gets its place
    assert book(resident, start="08:30").status_code == 201


def test_walk_in_quota_runs_out_with_a_clear_message(client, auth_headers, officer, counters, clock, service_id):
    clock(at_local(MONDAY, "13:35", 7))  # the last slot of the day (Probolinggo closes at 14:00)
    codes = [_walk_in(client, auth_headers, officer, service_id()).status_code for _ in range(3)]
    assert codes[:2] == [201, 201]
    full = _walk_in(client, auth_headers, officer, service_id(), lang="en")
    assert full.status_code == 409 and full.get_json()["code"] == "walk-in-full"
    assert "walk-in quota" in full.get_json()["detail"]


def test_walk_in_refused_when_closed_or_for_another_agency(client, auth_headers, officer, counters, clock, service_id):
    clock(at_local(MONDAY, "16:00", 7))
    closed = _walk_in(client, auth_headers, officer, service_id())
    assert closed.status_code == 409 and closed.get_json()["code"] == "walk-in-closed"
    clock(OPEN)
    other = _walk_in(client, auth_headers, officer, service_id("skck"))
    assert other.status_code == 422 and other.get_json()["errors"]["service_id"]


def test_walk_in_needs_an_officer(client, auth_headers, resident, counters, clock, service_id):
    clock(OPEN)
    assert _walk_in(client, auth_headers, resident, service_id()).status_code == 403
    assert client.post("/api/officer/queue/walk-in", json={"service_id": service_id()}).status_code == 401
