"""The worker as a process would run it: the CLI, and two workers at once on PostgreSQL."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from backend.extensions import db
from backend.notifications import services
from backend.notifications.cli import run_worker
from backend.notifications.delivery import PushSettings
from backend.notifications.models import PushDelivery
from tests.conftest import is_postgres

from .conftest import status_params


def test_cli_worker_once_delivers_what_is_due(app, resident, subscribe, push):
    device = subscribe(resident)
    with app.app_context():
        services.enqueue(db.session, user_id=resident.id, kind="application_status", params=status_params(), application_id=5)
        db.session.commit()

    result = app.test_cli_runner().invoke(args=["notifications", "worker", "--once", "--batch", "10"])

    assert result.exit_code == 0, result.output
    assert device.decrypt(push.requests_to(device.path)[0])["application_id"] == 5
    with app.app_context():
        assert db.session.scalar(select(PushDelivery.status)) == "sent"


@pytest.mark.postgres
@pytest.mark.skipif(not is_postgres(), reason="several workers need PostgreSQL (FOR UPDATE SKIP LOCKED)")
def test_two_workers_at_once_never_send_a_message_twice(app, make_user, subscribe, push):
    devices = []
    with app.app_context():
        for _ in range(20):
            user = make_user("resident")
            devices.append(subscribe(user))
            for application_id in range(6):
                services.enqueue(db.session, user_id=user.id, kind="officer_note",
                                 params={**status_params(), "note": f"catatan {application_id}"}, application_id=application_id)
        db.session.commit()
    settings = PushSettings.from_config(app.config, batch=5, timeout=5)
    handled: list[int] = []
    start = threading.Barrier(2)

    def worker():
        with app.app_context():
            start.wait()
            handled.append(run_worker(settings, once=True, poll_interval=0.05, stop=threading.Event()))

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert sum(handled) == 120 and len(push.received) == 120, handled
    seen = [(d.path, d.decrypt(r)["id"]) for d in devices for r in push.requests_to(d.path)]
    assert len(set(seen)) == 120
    with app.app_context():
        assert set(db.session.scalars(select(PushDelivery.status))) == {"sent"}


def test_a_claimed_delivery_is_leased_and_reclaimed_only_after_a_crash(app, ctx, resident, subscribe, settings):
    from datetime import timedelta

    from backend.notifications.delivery import claim
    from backend.timeutil import utcnow

    subscribe(resident)
    services.enqueue(db.session, user_id=resident.id, kind="application_status", params=status_params(), application_id=9)
    db.session.commit()
    now = utcnow()

    [job] = claim(db.session, settings, now)
    assert claim(db.session, settings, now + timedelta(seconds=1)) == []
    # the first worker died without recording: after the lease another worker takes it over
    [again] = claim(db.session, settings, now + settings.lease + timedelta(seconds=1))
    assert again.delivery_id == job.delivery_id and again.token != job.token


def test_a_failing_periodic_job_is_logged_and_delivery_goes_on(app, resident, subscribe, push, settings, caplog):
    device = subscribe(resident)
    with app.app_context():
        services.enqueue(db.session, user_id=resident.id, kind="application_status", params=status_params(), application_id=7)
        db.session.commit()
    calls = []

    def broken() -> int:
        calls.append(1)
        raise RuntimeError("reminder query failed")

    stop = threading.Event()

    def run() -> None:
        with app.app_context():
            run_worker(settings, once=False, poll_interval=0.05, stop=stop, jobs=[("broken job", 3600, broken)])

    worker = threading.Thread(target=run)
    worker.start()
    for _ in range(100):
        if push.requests_to(device.path):
            break
        stop.wait(0.05)
    stop.set()
    worker.join(5)
    assert device.decrypt(push.requests_to(device.path)[0])["application_id"] == 7
    assert calls == [1]  # once, then not again before its interval
    assert "broken job failed" in caplog.text

