"""Two workers on one PostgreSQL never hold the same event (FOR UPDATE SKIP LOCKED), and together deliver each once."""
from __future__ import annotations

import threading
import uuid

import pytest
from sqlalchemy import func, select

from backend.extensions import db
from backend.integrations.delivery import claim
from backend.integrations.models import IntegrationEvent
from backend.timeutil import utcnow

from ..conftest import is_postgres
from .conftest import WorkerThread, fast_settings

pytestmark = pytest.mark.skipif(not is_postgres(), reason="SKIP LOCKED: PostgreSQL")


def _rows(app, integration_id: int, count: int) -> None:
    now = utcnow()
    with app.app_context():
        for n in range(count):
            db.session.add(IntegrationEvent(
                integration_id=integration_id, event_id=f"evt_{uuid.uuid4().hex}", type="complaint.created",
                ordering_key=f"complaint:{n}", payload={"type": "complaint.created", "timestamp": now.isoformat(),
                                                        "data": {"complaint": {"id": n}, "links": {}}},
                status="pending", attempts=0, next_attempt_at=now, retry_from=now, created_at=now))
        db.session.commit()
        db.session.remove()


def test_concurrent_claims_are_disjoint(app, connect):
    creds = connect(webhook_url="http://127.0.0.1:9/none")
    _rows(app, creds["id"], 300)
    barrier = threading.Barrier(2)
    claimed: list[list[int]] = [[], []]

    def run(slot: int) -> None:
        with app.app_context():
            settings = fast_settings(batch=15)
            while True:
                barrier.wait(10)
                jobs = claim(db.session, settings)
                claimed[slot].extend(job.row_id for job in jobs)
                db.session.remove()
                if not jobs:
                    barrier.abort()
                    return

    threads = [threading.Thread(target=run, args=(slot,)) for slot in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert set(claimed[0]).isdisjoint(claimed[1])
    assert len(claimed[0]) + len(claimed[1]) == 300 and claimed[0] and claimed[1]


def test_two_workers_deliver_each_event_once(app, connect, receiver):
    creds = connect(webhook_url=receiver.url)
    receiver.start(creds["webhook_secret"])
    _rows(app, creds["id"], 400)
    with WorkerThread(app, fast_settings(batch=20)) as one, WorkerThread(app, fast_settings(batch=20)) as two:
        import time

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with app.app_context():
                done = db.session.scalar(select(func.count()).where(IntegrationEvent.status == "delivered"))
                db.session.remove()
            if done == 400:
                break
            time.sleep(0.1)
    assert one.errors == two.errors == []
    entries = receiver.entries()
    assert len([e for e in entries if e.get("accepted")]) == 400
    assert not [e for e in entries if e.get("duplicate")]
