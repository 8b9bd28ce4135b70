"""Counter staff: check-in by QR token or number, forgery and cross-counter rejection, call, served, no-show."""
from __future__ import annotations

import pytest

from .conftest import MONDAY, SUNDAY, at_local

OPEN = at_local(MONDAY, "08:05", 7)  # Monday 08:05 WIB at Probolinggo


@pytest.fixture
def ticket(book, resident, clock, counters):
    """A Disdukcapil ticket at Probolinggo for Monday 08:30 WIB, booked on Sunday; the clock then moves to Monday."""
    clock(SUNDAY)
    body = book(resident).get_json()
    clock(OPEN)
    return body


def _post(client, auth_headers, user, path, json=None, lang="id"):
    return client.post(f"/api/officer/queue{path}", json=json, headers=auth_headers(user, **{"Accept-Language": lang}))


def test_check_in_by_token_call_next_and_serve(client, auth_headers, officer, ticket):
    response = _post(client, auth_headers, officer, "/check-in", {"token": ticket["token"]})
    assert response.status_code == 200
    assert response.get_json()["status"] == "checked_in"
    assert response.get_json()["resident_nik"].startswith("****")
    queue = client.get("/api/officer/queue", headers=auth_headers(officer)).get_json()
    assert queue["date"] == "2026-12-07" and queue["waiting"] == 1
    assert [i["ticket_number"] for i in queue["items"]] == ["A-001"]
    called = _post(client, auth_headers, officer, "/call-next")
    assert called.status_code == 200 and called.get_json()["status"] == "called"
    assert _post(client, auth_headers, officer, "/call-next").get_json()["code"] == "queue-empty"
    served = _post(client, auth_headers, officer, f"/{ticket['id']}/served")
    assert served.status_code == 200 and served.get_json()["status"] == "served"


def test_check_in_by_typed_ticket_number(client, auth_headers, officer, ticket):
    response = _post(client, auth_headers, officer, "/check-in", {"ticket_number": " a-001 "})
    assert response.status_code == 200 and response.get_json()["id"] == ticket["id"]
    # scanning twice is harmless
    assert _post(client, auth_headers, officer, "/check-in", {"ticket_number": "A-001"}).status_code == 200
    missing = _post(client, auth_headers, officer, "/check-in", {"ticket_number": "A-099"})
    assert missing.status_code == 404 and "A-099" in missing.get_json()["detail"]
    assert _post(client, auth_headers, officer, "/check-in", {}).status_code == 422


def _flip(text: str, index: int) -> str:
    return text[:index] + ("A" if text[index] != "A" else "B") + text[index + 1:]


@pytest.mark.parametrize("mangle", [
    lambda t: _flip(t, 10),  # payload changed
    lambda t: _flip(t, len(t) - 3),  # signature changed
    lambda t: t.rsplit(".", 1)[0] + ".",
    lambda t: "MPP1.e30.AAAA",
    lambda t: "bukan token",
    lambda t: "MPP2" + t[4:],
])
def test_forged_token_is_rejected_clearly(client, auth_headers, officer, ticket, mangle):
    response = _post(client, auth_headers, officer, "/check-in", {"token": mangle(ticket["token"])})
    assert response.status_code == 422
    assert response.get_json()["code"] == "ticket-forged"
    assert "tidak sah" in response.get_json()["detail"]


def test_token_signed_with_another_key_is_forged(client, auth_headers, officer, ticket):
    import base64
    import json

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from backend.booking import tokens

    payload = json.loads(base64.urlsafe_b64decode(ticket["token"].split(".")[1] + "=="))
    fake = tokens.sign(Ed25519PrivateKey.generate(), payload)
    response = _post(client, auth_headers, officer, "/check-in", {"token": fake}, lang="en")
    assert response.get_json()["code"] == "ticket-forged"
    assert "not genuine" in response.get_json()["detail"]


@pytest.mark.parametrize(("agency", "region", "where"), [("DPMPTSP", "35.74", "Disdukcapil"), ("DISDUKCAPIL", "73.06", "Kota Probolinggo")])
def test_ticket_of_another_counter_is_rejected(client, auth_headers, make_user, ticket, agency, region, where):
    other = make_user("officer", agency_code=agency, region_code=region)
    response = _post(client, auth_headers, other, "/check-in", {"token": ticket["token"]})
    assert response.status_code == 422
    assert response.get_json()["code"] == "ticket-other-counter"
    assert where in response.get_json()["detail"]
    # nor can they act on it by id
    assert _post(client, auth_headers, other, f"/{ticket['id']}/served").status_code == 404


def test_ticket_of_another_day_is_rejected(client, auth_headers, officer, ticket, clock):
    clock(at_local(MONDAY, "08:05", 7).replace(day=8))  # Tuesday
    response = _post(client, auth_headers, officer, "/check-in", {"token": ticket["token"]})
    assert response.status_code == 422
    assert response.get_json()["code"] == "ticket-other-day"
    assert "07-12-2026" in response.get_json()["detail"]


def test_cancelled_ticket_is_rejected(client, auth_headers, officer, resident, ticket, clock):
    clock(SUNDAY)
    assert client.post(f"/api/bookings/{ticket['id']}/cancel", headers=auth_headers(resident)).status_code == 200
    clock(OPEN)
    response = _post(client, auth_headers, officer, "/check-in", {"token": ticket["token"]})
    assert response.status_code == 409
    assert response.get_json()["code"] == "ticket-cancelled"


def test_no_show_only_after_the_grace_period(client, auth_headers, officer, ticket, clock):
    clock(at_local(MONDAY, "08:44", 7))
    early = _post(client, auth_headers, officer, f"/{ticket['id']}/no-show")
    assert early.status_code == 409 and early.get_json()["code"] == "no-show-too-early"
    clock(at_local(MONDAY, "08:45", 7))
    late = _post(client, auth_headers, officer, f"/{ticket['id']}/no-show")
    assert late.status_code == 200 and late.get_json()["status"] == "no_show"
    # a no-show ticket cannot be checked in any more
    again = _post(client, auth_headers, officer, "/check-in", {"token": ticket["token"]})
    assert again.status_code == 409 and again.get_json()["code"] == "ticket-already-done"


def test_served_needs_a_checked_in_ticket(client, auth_headers, officer, ticket):
    response = _post(client, auth_headers, officer, f"/{ticket['id']}/served")
    assert response.status_code == 409 and response.get_json()["code"] == "ticket-bad-state"


def test_call_next_follows_slot_order(client, auth_headers, officer, book, make_user, clock, counters):
    clock(SUNDAY)
    late = book(make_user(), start="09:30").get_json()
    early = book(make_user(), start="08:30").get_json()
    clock(OPEN)
    for t in (late, early):
        _post(client, auth_headers, officer, "/check-in", {"token": t["token"]})
    assert _post(client, auth_headers, officer, "/call-next").get_json()["id"] == early["id"]
    assert _post(client, auth_headers, officer, "/call-next").get_json()["id"] == late["id"]


def test_queue_of_a_given_date_shows_names_only_of_residents_present(client, auth_headers, officer, resident, ticket,
                                                                      app):
    from sqlalchemy import func, select

    from backend.audit.models import AuditEntry
    from backend.extensions import db

    body = client.get("/api/officer/queue?date=2026-12-07", headers=auth_headers(officer)).get_json()
    assert len(body["items"]) == 1 and body["counter"]["online_capacity"] == 4
    assert body["items"][0]["resident_name"] is None  # not here yet
    assert client.get("/api/officer/queue?date=2026-12-08", headers=auth_headers(officer)).get_json()["items"] == []
    assert client.get("/api/officer/queue?date=kemarin", headers=auth_headers(officer)).status_code == 422
    _post(client, auth_headers, officer, "/check-in", {"token": ticket["token"]})
    for _ in range(3):
        body = client.get("/api/officer/queue", headers=auth_headers(officer)).get_json()
    assert body["items"][0]["resident_name"] == resident.full_name
    with app.app_context():
        entries = db.session.scalars(select(AuditEntry).where(AuditEntry.object_type == "booking")).all()
        # the check-in is logged once; polling the list adds nothing
        assert [(e.actor_user_id, e.subject_user_id) for e in entries] == [(officer.id, resident.id)]
        assert db.session.scalar(select(func.count(AuditEntry.id))) == 1


@pytest.mark.parametrize(("method", "path"), [
    ("get", "/api/officer/queue"), ("post", "/api/officer/queue/check-in"), ("post", "/api/officer/queue/call-next"),
    ("post", "/api/officer/queue/1/served"), ("post", "/api/officer/queue/1/no-show"),
])
def test_queue_endpoints_are_for_officers_only(client, auth_headers, resident, admin, make_user, counters, method, path):
    kwargs = {"json": {"ticket_number": "A-001"}} if path.endswith("check-in") else {}
    assert getattr(client, method)(path, **kwargs).status_code == 401
    assert getattr(client, method)(path, headers=auth_headers(resident), **kwargs).status_code == 403
    assert getattr(client, method)(path, headers=auth_headers(admin), **kwargs).status_code == 403
    unplaced = make_user("officer", agency_id=None, region_code=None)
    assert getattr(client, method)(path, headers=auth_headers(unplaced), **kwargs).status_code == 403
