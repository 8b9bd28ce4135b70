"""A push worker killed (kill -9) in the middle of a batch: only what was in flight is sent again.

The worker runs as a real `flask notifications worker` process against the fake push service,
which answers slowly, so the kill lands mid-batch. After the lease has run out a new worker
delivers the rest. A message sent twice carries the same Topic and tag both times, so the
push service and the phone replace the first copy instead of showing two.
"""
from __future__ import annotations

import collections
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from backend.config import ROOT
from backend.extensions import db
from backend.notifications import services
from backend.notifications.cli import run_worker
from backend.notifications.delivery import PushSettings
from backend.notifications.models import PushDelivery
from backend.timeutil import utcnow

from .conftest import status_params

MESSAGES = 60
KILL_AFTER = 12


def _worker_process(test_config: dict, concurrency: int) -> subprocess.Popen:
    spec = f"backend.app:create_app({ {**test_config, 'PUSH_CONCURRENCY': concurrency}!r})"
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", spec, "notifications", "worker", "--batch", str(MESSAGES),
         "--poll-interval", "0.1"],
        cwd=ROOT, env=os.environ.copy(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@pytest.mark.parametrize("concurrency", [1, 4])
def test_a_worker_killed_mid_batch_sends_again_only_what_was_in_flight(app, test_config, resident, subscribe, push,
                                                                      concurrency):
    device = subscribe(resident)
    with app.app_context():
        for application_id in range(MESSAGES):
            services.enqueue(db.session, user_id=resident.id, kind="officer_note",
                             params={**status_params(), "note": f"catatan {application_id}"},
                             application_id=application_id)
        db.session.commit()
    push.delay = 0.05

    worker = _worker_process(test_config, concurrency)
    try:
        deadline = time.monotonic() + 60
        while len(push.received) < KILL_AFTER and time.monotonic() < deadline and worker.poll() is None:
            time.sleep(0.005)
        os.kill(worker.pid, signal.SIGKILL)
    finally:
        worker.wait(10)
    sent_before = len(push.received)
    assert KILL_AFTER <= sent_before < MESSAGES, sent_before

    with app.app_context():
        recorded = db.session.query(PushDelivery).filter_by(status="sent").count()
        # the dead worker's lease runs out (rather than waiting for it)
        db.session.execute(update(PushDelivery).where(PushDelivery.claimed_until.is_not(None))
                           .values(claimed_until=utcnow() - timedelta(seconds=1)))
        db.session.commit()
        push.delay = 0.0
        run_worker(PushSettings.from_config(app.config, timeout=5), once=True, poll_interval=0.05,
                   stop=threading.Event())
        assert set(db.session.scalars(select(PushDelivery.status))) == {"sent"}

    ids = [device.decrypt(r)["id"] for r in push.requests_to(device.path)]
    copies = collections.Counter(ids)
    duplicated = [i for i, n in copies.items() if n > 1]
    assert len(copies) == MESSAGES
    # every outcome was committed as it came: at most the requests in flight were unrecorded
    assert sent_before - recorded <= concurrency
    assert len(duplicated) <= concurrency and all(copies[i] == 2 for i in duplicated), copies
    print(f"kill -9 after {sent_before} sends (concurrency {concurrency}): {len(duplicated)} sent twice")
    for notification_id in duplicated:
        first, second = [r for r in push.requests_to(device.path) if device.decrypt(r)["id"] == notification_id]
        assert first.headers["topic"] == second.headers["topic"] == f"notification-{notification_id}"
        assert device.decrypt(first)["tag"] == device.decrypt(second)["tag"]
