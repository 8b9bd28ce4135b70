"""Webhooks end to end: a real receiver process verifies every signature with `standardwebhooks`.

200 applications (some cancelled, some complained about); the receiver is killed mid-stream, comes back
answering 500 once and cutting one connection; at the end every event has arrived once, in order per application.
"""
from __future__ import annotations

import time
import uuid
from collections import defaultdict

import requests
from sqlalchemy import func, select

from backend.extensions import db
from backend.integrations.models import IntegrationEvent
from backend.timeutil import utcnow

from .conftest import WorkerThread, fast_settings


def _wait(condition, timeout: float, message: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(message)


def _count(app, *where) -> int:
    with app.app_context():
        value = db.session.scalar(select(func.count()).select_from(IntegrationEvent).where(*where))
        db.session.remove()
        return value


def _submit_many(app, user, count: int, *, cancel_every: int = 0, complain_every: int = 0) -> None:
    from backend.accounts.models import User
    from backend.applications import services as applications
    from backend.feedback import complaints

    from .conftest import kk_payload

    with app.app_context():
        owner = db.session.get(User, user.id)
        for n in range(count):
            application, _ = applications.create_application(
                db.session, owner, kk_payload(owner), key=str(uuid.uuid4()), now=utcnow())
            if cancel_every and n % cancel_every == 0:
                applications.cancel(db.session, owner, application.id, now=utcnow())
            if complain_every and n % complain_every == 1:
                complaints.file_complaint(db.session, user=owner, subject_type="application", subject_id=application.id,
                                          text="Mohon kabar permohonan saya.", document_id=None, region_code=None,
                                          now=utcnow())
            if n % 10 == 9:  # a few changes per transaction keeps the test quick on a loaded machine
                db.session.commit()
        db.session.commit()
        db.session.remove()


def test_every_event_arrives_once_in_order_through_outage_500_and_cut(app, connect, receiver, resident):
    creds = connect(webhook_url=receiver.url)
    receiver.start(creds["webhook_secret"])
    with WorkerThread(app, fast_settings()) as worker:
        _submit_many(app, resident, 100, cancel_every=4, complain_every=10)
        _wait(lambda: len(receiver.entries()) >= 20, 30, "the receiver got nothing")
        receiver.stop()  # killed mid-stream, with its open connections
        _submit_many(app, resident, 100, cancel_every=4, complain_every=10)
        _wait(lambda: _count(app, IntegrationEvent.attempts >= 2) >= 1, 30, "no retry while the receiver was down")
        time.sleep(0.5)  # down for a while
        receiver.start(creds["webhook_secret"], fail_first=1, cut_on=3)
        total = _count(app)
        _wait(lambda: _count(app, IntegrationEvent.status == "delivered") == total, 90,
              "not every event was delivered")
    assert worker.errors == []
    forged = requests.post(receiver.url, data=b'{"type":"application.submitted"}', timeout=5, headers={
        "webhook-id": "evt_forged", "webhook-timestamp": str(int(time.time())), "webhook-signature": "v1,AAAA"})
    assert forged.status_code == 400
    receiver.stop()

    entries = receiver.entries()
    faults = [e["fault"] for e in entries if "fault" in e]
    assert "500" in faults and "cut" in faults
    assert [e["id"] for e in entries if "rejected" in e] == ["evt_forged"]
    accepted = [e for e in entries if e.get("accepted")]
    assert not [e for e in entries if e.get("duplicate")], "an event id was delivered twice"
    with app.app_context():
        rows = db.session.execute(select(IntegrationEvent.event_id, IntegrationEvent.ordering_key, IntegrationEvent.type)
                                  .order_by(IntegrationEvent.id)).all()
        db.session.remove()
    assert len(rows) == 200 + 50 + 20
    assert sorted(e["id"] for e in accepted) == sorted(r.event_id for r in rows)
    expected, arrived = defaultdict(list), defaultdict(list)
    for event_id, ordering_key, _ in rows:
        expected[ordering_key].append(event_id)
    for e in accepted:
        arrived[f"{e['kind']}:{e['subject']}"].append(e["id"])
    assert arrived == expected, "events of one application arrived out of order"
    assert sum(1 for key in expected if len(expected[key]) == 2) == 50


def test_the_admin_sees_figures_dead_letters_and_retries_them(app, client, connect, receiver, resident, admin,
                                                              auth_headers):
    from datetime import timedelta

    creds = connect(webhook_url=receiver.url)
    receiver.start(creds["webhook_secret"], fail_first=10_000)  # a receiver that is broken for good
    with WorkerThread(app, fast_settings(max_age=timedelta(seconds=0.5))):
        _submit_many(app, resident, 2, cancel_every=1)
        _wait(lambda: _count(app, IntegrationEvent.status == "dead") == 2, 30, "no dead letters")
    headers = auth_headers(admin)
    listed = client.get("/api/admin/integrations", headers=headers).get_json()["items"][0]
    assert listed["stats"]["failed"] == 2 and listed["stats"]["pending"] == 2
    assert listed["stats"]["last_error"] == "HTTP 500"
    dead = client.get(f"/api/admin/integrations/{creds['id']}/dead-letters", headers=headers).get_json()["items"]
    assert [d["type"] for d in dead] == ["application.submitted", "application.submitted"]
    assert all(d["attempts"] >= 1 and d["last_status_code"] == 500 for d in dead)
    # the cancellations wait behind their application's dead letter: never delivered out of order
    receiver.stop()
    receiver.start(creds["webhook_secret"])
    retried = client.post(f"/api/admin/integrations/{creds['id']}/retry", json={}, headers=headers).get_json()
    assert retried == {"count": 2}
    with WorkerThread(app, fast_settings()):
        _wait(lambda: _count(app, IntegrationEvent.status == "delivered") == 4, 30, "retry delivered nothing")
    accepted = [(e["subject"], e["type"]) for e in receiver.entries() if e.get("accepted")]
    for subject in {s for s, _ in accepted}:
        assert [t for s, t in accepted if s == subject] == ["application.submitted", "application.cancelled"]
    figures = client.get("/api/admin/integrations", headers=headers).get_json()["items"][0]["stats"]
    assert figures["delivered"] == 4 and figures["failed"] == 0 and figures["median_delay_seconds"] is not None
    replayed = client.post(f"/api/admin/integrations/{creds['id']}/replay", json={"event_ids": [dead[0]["id"]]},
                           headers=headers).get_json()
    assert replayed == {"count": 1}
    with WorkerThread(app, fast_settings()):
        _wait(lambda: _count(app, IntegrationEvent.status == "delivered") == 4, 30, "replay not delivered")
    duplicates = [e["id"] for e in receiver.entries() if e.get("duplicate")]
    assert duplicates == [dead[0]["event_id"]]  # the same webhook-id: the receiver knew it
