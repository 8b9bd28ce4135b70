"""The webhook worker's rules without a network: signatures, claims and leases, order, dead letters, revocation."""
from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from backend.extensions import db
from backend.integrations import services as integrations
from backend.integrations.delivery import Job, Outcome, body_for, claim, next_state, record, sign
from backend.integrations.models import IntegrationEvent
from backend.timeutil import utcnow

from .conftest import fast_settings

OK, DOWN = Outcome(204), Outcome(None, "ConnectionError: refused")


def _job(secret: str) -> Job:
    payload = {"type": "application.submitted", "timestamp": "2026-12-01T08:00:00Z",
               "data": {"application": {"id": 7}, "links": {"application": "/api/agency/applications/7"}}}
    return Job(1, "t", "evt_0123", "http://127.0.0.1:1/", secret, body_for(payload, "https://mpp.example.id"))


def test_signature_verifies_with_the_official_library_and_links_are_absolute():
    secret = integrations.new_webhook_secret()
    job = _job(secret)
    headers = sign(job, utcnow())
    payload = Webhook(secret).verify(job.body, headers)
    assert payload["data"]["links"]["application"] == "https://mpp.example.id/api/agency/applications/7"
    assert headers["webhook-id"] == "evt_0123" and headers["webhook-signature"].startswith("v1,")


@pytest.mark.parametrize("tamper", ["secret", "body", "id", "old", "future"])
def test_wrong_or_replayed_signatures_are_detected_by_the_receiver(tamper):
    secret = integrations.new_webhook_secret()
    job = _job(secret)
    at = utcnow() - timedelta(minutes=10) if tamper == "old" else utcnow() + timedelta(minutes=10) if tamper == "future" \
        else utcnow()
    headers = sign(job, at)
    body = job.body
    if tamper == "secret":
        secret = integrations.new_webhook_secret()
    elif tamper == "body":
        body = body.replace('"id":7', '"id":8')
    elif tamper == "id":
        headers["webhook-id"] = "evt_other"
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(body, headers)


def _events(app, connect, new_application, resident, *, apps: int = 1, cancel: bool = True, **connect_args) -> int:
    from backend.accounts.models import User
    from backend.applications import services as applications

    creds = connect(webhook_url="http://127.0.0.1:9/none", **connect_args)
    for _ in range(apps):
        app_id = new_application(resident)
        if cancel:
            with app.app_context():
                applications.cancel(db.session, db.session.get(User, resident.id), app_id, now=utcnow())
                db.session.commit()
                db.session.remove()
    return creds["id"]


def test_a_later_event_waits_for_an_earlier_undelivered_one(app, ctx, connect, new_application, resident):
    _events(app, connect, new_application, resident)
    s = fast_settings()
    first = claim(db.session, s)
    assert [j.event_id for j in first] and len(first) == 1  # the cancellation waits
    assert claim(db.session, s) == []  # leased: no second worker gets it
    assert record(db.session, first[0], DOWN, s) == "pending"
    retry = claim(db.session, s, utcnow() + timedelta(seconds=5))
    assert [j.event_id for j in retry] == [first[0].event_id]
    assert record(db.session, retry[0], OK, s) == "delivered"
    later = claim(db.session, s, utcnow() + timedelta(seconds=5))
    types = db.session.scalars(select(IntegrationEvent.type).where(IntegrationEvent.id == later[0].row_id)).all()
    assert types == ["application.cancelled"]


def test_an_expired_lease_is_claimed_again_and_the_old_holder_records_nothing(app, ctx, connect, new_application,
                                                                              resident):
    _events(app, connect, new_application, resident, cancel=False)
    s = fast_settings(lease=timedelta(seconds=30))
    first = claim(db.session, s)
    second = claim(db.session, s, utcnow() + timedelta(seconds=31))
    assert [j.row_id for j in second] == [j.row_id for j in first] and second[0].token != first[0].token
    assert record(db.session, first[0], OK, s) == "released"
    assert record(db.session, second[0], OK, s) == "delivered"


def test_dead_letter_after_the_window_blocks_later_events_until_retried(app, ctx, connect, new_application, resident):
    integration_id = _events(app, connect, new_application, resident)
    s = fast_settings(max_age=timedelta(seconds=1), backoff_base=5, backoff_max=10)
    job = claim(db.session, s)[0]
    assert record(db.session, job, Outcome(503), s) == "dead"
    assert claim(db.session, s, utcnow() + timedelta(hours=1)) == []
    assert integrations.retry_dead(db.session, integration_id) == 1
    db.session.commit()
    again = claim(db.session, s)
    assert [j.row_id for j in again] == [job.row_id]


def test_revoked_system_gets_no_more_webhooks(app, ctx, connect, new_application, resident):
    integration_id = _events(app, connect, new_application, resident, cancel=False)
    integrations.revoke(db.session, integration_id, now=utcnow())
    db.session.commit()
    assert claim(db.session, fast_settings()) == []


def test_a_system_without_webhook_only_reads_the_feed(app, ctx, connect, new_application, resident):
    connect()
    new_application(resident)
    assert db.session.scalars(select(IntegrationEvent.status)).all() == ["none"]
    assert claim(db.session, fast_settings()) == []


def test_worklist_only_services_and_other_regions_make_no_events(app, ctx, connect, new_application, resident):
    connect(services={"kartu-keluarga": "worklist"}, name="A")
    connect(regions=("12.71",), name="B")
    new_application(resident)
    assert db.session.scalars(select(IntegrationEvent.id)).all() == []


@given(outcomes=st.lists(st.sampled_from([200, 204, 500, 503, 429, 410, None]), min_size=1, max_size=12),
       gaps=st.lists(st.floats(min_value=0, max_value=7200), min_size=12, max_size=12))
@settings(max_examples=60, deadline=None)
def test_delivery_state_machine(outcomes, gaps):
    """Delivered only on 2xx and then final; pending waits a bounded, positive time; dead only past the window."""
    s = fast_settings(backoff_base=10, backoff_max=6 * 3600, max_age=timedelta(days=3))
    start = now = utcnow()
    status, attempts = "pending", 0
    for code, gap in zip(outcomes, gaps, strict=False):
        assert status == "pending"
        attempts += 1
        status, later = next_state(attempts=attempts, retry_from=start, outcome=Outcome(code), settings=s, now=now)
        if code is not None and 200 <= code < 300:
            assert status == "delivered" and later is None
            break
        if status == "dead":  # only when even the longest wait would end past the window
            assert later is None and now > start + s.max_age - timedelta(seconds=s.backoff_max)
            break
        assert status == "pending" and now < later <= now + timedelta(seconds=s.backoff_max)
        assert later <= start + s.max_age
        now = later + timedelta(seconds=gap)


@pytest.fixture
def three_applications(app, connect, new_application, resident):
    _events(app, connect, new_application, resident, apps=3)


@given(plan=st.lists(st.tuples(st.integers(0, 2), st.booleans()), min_size=1, max_size=25))
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_mix_of_failures_delivers_each_event_once_in_order(three_applications, ctx, plan):
    """Events of three applications; each round the receiver fails or succeeds: order per application holds."""
    from backend.applications.models import Application

    db.session.execute(delete(IntegrationEvent))
    db.session.commit()

    integration_id = db.session.scalar(select(integrations.Integration.id))
    for application in db.session.scalars(select(Application).order_by(Application.id)):
        for event_type in ("application.submitted", "application.cancelled"):
            integrations.record_event(db.session, event_type, application)
    db.session.commit()
    s = fast_settings(backoff_base=0.001, backoff_max=0.001)
    delivered: list[int] = []
    clock = utcnow()
    for step in range(len(plan) + 40):
        clock += timedelta(seconds=1)
        jobs = claim(db.session, s, clock)
        if not jobs:
            break
        fail_app = plan[step][0] if step < len(plan) and plan[step][1] else None
        for job in jobs:
            row = db.session.get(IntegrationEvent, job.row_id)
            if fail_app is not None and row.application_id % 3 == fail_app:
                record(db.session, job, Outcome(500), s, clock)
            else:
                delivered.append(job.row_id)
                record(db.session, job, OK, s, clock)
    rows = db.session.execute(select(IntegrationEvent.id, IntegrationEvent.ordering_key)
                              .where(IntegrationEvent.integration_id == integration_id)).all()
    assert sorted(delivered) == sorted(r.id for r in rows)
    for key in {r.ordering_key for r in rows}:
        ids = [r.id for r in rows if r.ordering_key == key]
        assert [i for i in delivered if i in ids] == sorted(ids)
