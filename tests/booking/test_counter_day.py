"""A whole counter day: online tickets and walk-ins, checked in, called, served and missed in any order.

The counter screen polls GET /api/officer/queue after every action, so it must answer 200 with
every ticket in the state a simple model of the counter predicts, whatever the mix.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from backend.booking.models import Booking, ResidentDay, SlotLoad, TicketSequence
from backend.extensions import db

from .conftest import MONDAY, SUNDAY, at_local

STARTS = ("08:00", "08:30", "09:00", "09:30")
NOW = at_local(MONDAY, "09:20", 7)  # 08:00 to 09:00 slots are past the 15-minute grace, 09:30 is not
GRACE = timedelta(minutes=15)

action = st.one_of(
    st.tuples(st.just("walk_in"), st.just(0)),
    st.tuples(st.just("call_next"), st.just(0)),
    st.tuples(st.sampled_from(["check_in", "served", "no_show"]), st.integers(0, 9)),
)


def _clear(app) -> None:
    with app.app_context():
        for model in (Booking, SlotLoad, ResidentDay, TicketSequence):
            db.session.execute(delete(model))
        db.session.commit()


def _expected(tickets: dict, kind: str, ticket: dict | None, queue_order: list) -> tuple[int, str | None]:
    """(status code, new status) the counter should answer for an action, from the model."""
    if kind == "call_next":
        waiting = [t for t in queue_order if tickets[t]["status"] == "checked_in"]
        return (200, "called") if waiting else (404, None)
    status = ticket["status"]
    if kind == "check_in":
        if status == "booked":
            return 200, "checked_in"
        return (200, status) if status in ("checked_in", "called") else (409, None)
    if kind == "served":
        if status == "served":
            return 200, "served"
        return (200, "served") if status in ("checked_in", "called") else (409, None)
    # no_show
    if status == "no_show":
        return 200, "no_show"
    if status not in ("booked", "checked_in", "called"):
        return 409, None
    return (200, "no_show") if NOW >= ticket["starts_at"] + GRACE else (409, None)


def _check_queue(client, headers, tickets: dict) -> None:
    """The counter screen's poll: 200, every ticket in the model's state, names only of residents present."""
    queue = client.get(f"/api/officer/queue?date={MONDAY.isoformat()}", headers=headers)
    assert queue.status_code == 200, queue.get_json()
    items = {i["id"]: i for i in queue.get_json()["items"]}
    assert {i: item["status"] for i, item in items.items()} == {i: t["status"] for i, t in tickets.items()}
    assert queue.get_json()["waiting"] == sum(1 for t in tickets.values() if t["status"] == "checked_in")
    for i, item in items.items():
        named = tickets[i]["online"] and item["status"] in ("checked_in", "called", "served")
        assert (item["resident_name"] is not None) == named
        tickets[i]["number"] = item["ticket_number"]


def _send(client, headers, kind: str, ticket_id: int | None, tickets: dict, service: int):
    if kind == "walk_in":
        return client.post("/api/officer/queue/walk-in", json={"service_id": service}, headers=headers)
    if kind == "call_next":
        return client.post("/api/officer/queue/call-next", headers=headers)
    if kind == "check_in":
        return client.post("/api/officer/queue/check-in", json={"token": tickets[ticket_id]["token"]}, headers=headers)
    return client.post(f"/api/officer/queue/{ticket_id}/{kind.replace('_', '-')}", headers=headers)


def test_counter_day_with_online_and_walk_in_tickets_in_any_order(app, client, auth_headers, officer, make_user,
                                                                  book, clock, counters, service_id):
    residents = [make_user() for _ in range(6)]
    service = service_id()
    headers = auth_headers(officer)

    # no shrink phase: each example is a dozen HTTP calls, and shrinking one took over five minutes
    @settings(max_examples=20, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(starts=st.lists(st.sampled_from(STARTS), min_size=1, max_size=6), actions=st.lists(action, max_size=18))
    def day(starts, actions):
        _clear(app)
        clock(SUNDAY)
        tickets = {}
        for resident, start in zip(residents, starts, strict=False):  # hypothesis draws fewer starts than residents
            response = book(resident, start=start)
            body = response.get_json()
            if response.status_code == 409:
                assert body["code"] == "booking-slot-full"  # four online places a slot
                continue
            assert response.status_code == 201, body
            tickets[body["id"]] = {"status": "booked", "token": body["token"], "online": True,
                                   "starts_at": datetime.fromisoformat(body["start"]), "number": body["ticket_number"]}
        clock(NOW)
        _check_queue(client, headers, tickets)
        for kind, index in actions:
            ids = sorted(tickets)
            target = ids[index % len(ids)]
            if kind == "check_in" and not tickets[target]["online"]:
                continue  # a walk-in ticket has no QR to scan
            response = _send(client, headers, kind, target, tickets, service)
            body = response.get_json()
            if kind == "walk_in":
                assert response.status_code in (201, 409), body
                if response.status_code == 201:
                    assert body["source"] == "walk_in" and body["status"] == "checked_in"
                    tickets[body["id"]] = {"status": "checked_in", "online": False,
                                           "starts_at": datetime.fromisoformat(body["start"])}
            else:
                order = sorted(tickets, key=lambda i: (tickets[i]["starts_at"], tickets[i]["number"]))
                code, status = _expected(tickets, kind, tickets[target], order)
                assert response.status_code == code, (kind, body)
                if kind == "call_next" and code == 200:
                    assert body["id"] == next(i for i in order if tickets[i]["status"] == "checked_in")
                if code == 200:
                    assert body["status"] == status
                    tickets[body["id"]]["status"] = status
            _check_queue(client, headers, tickets)

    day()
