"""Sending side, end to end: outbox rows -> worker -> fake push service, decrypted and VAPID-checked."""
from __future__ import annotations

import socket
from datetime import timedelta
from email.utils import format_datetime

import pytest
from sqlalchemy import func, select

from backend.accounts.models import User
from backend.extensions import db
from backend.notifications import services, vapid
from backend.notifications.delivery import process_batch
from backend.notifications.models import Notification, PushDelivery, PushSubscription
from backend.timeutil import utcnow

from .conftest import status_params
from .fakepush import verify_vapid


def _enqueue(user, kind="application_status", params=None, application_id=42, **extra):
    notification = services.enqueue(db.session, user_id=user.id, kind=kind, params=params or status_params(),
                                    application_id=application_id, **extra)
    db.session.commit()
    return notification


def _deliveries():
    db.session.expire_all()
    return db.session.scalars(select(PushDelivery).order_by(PushDelivery.id)).all()


def test_status_push_arrives_encrypted_signed_and_correct(app, ctx, resident, subscribe, push, settings):
    device = subscribe(resident)
    notification = _enqueue(resident)

    assert process_batch(db.session, settings) == 1

    [received] = push.requests_to(device.path)
    message = device.decrypt(received)
    assert message == {
        "id": notification.id, "kind": "application_status",
        "title": "Permohonan KTP-el Anda (PRB-20261128-0042) perlu perbaikan",
        "body": "Buka permohonan untuk melihat bagian yang perlu diperbaiki.",
        "url": "/permohonan/42", "tag": "application-42", "application_id": 42, "lang": "id",
    }
    assert int(received.headers["ttl"]) >= 86400
    assert received.headers["urgency"] == "high"
    assert received.headers["topic"] == "application-42"
    claims = verify_vapid(received, vapid.public_key(app.config["VAPID_PRIVATE_KEY"]), push.origin)
    assert claims["sub"] == app.config["VAPID_SUBJECT"]
    assert 0 < claims["exp"] - utcnow().timestamp() <= 24 * 3600
    [delivery] = _deliveries()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("sent", 1, 201)


def test_push_is_rendered_in_the_language_the_resident_has_at_send_time(ctx, resident, subscribe, push, settings):
    device = subscribe(resident)
    _enqueue(resident, params=status_params("completed"))
    db.session.get(User, resident.id).language = "en"
    db.session.commit()

    process_batch(db.session, settings)

    message = device.decrypt(push.requests_to(device.path)[0])
    assert message["title"] == "Your e-ID card application (PRB-20261128-0042) is complete"
    assert message["lang"] == "en"


def test_in_review_is_normal_urgency_and_a_note_is_topic_bound_to_itself(ctx, resident, subscribe, push, settings):
    device = subscribe(resident)
    _enqueue(resident, params=status_params("in_review"))
    _enqueue(resident, kind="officer_note", params={**status_params(), "note": "Foto KK kurang jelas"})

    process_batch(db.session, settings)

    by_kind = {device.decrypt(r)["kind"]: r for r in push.requests_to(device.path)}
    status, note = by_kind["application_status"], by_kind["officer_note"]
    assert status.headers["urgency"] == "normal" and status.headers["topic"] == "application-42"
    assert device.decrypt(note)["body"] == "Permohonan KTP-el (PRB-20261128-0042): Foto KK kurang jelas"
    # a note is not replaced by the application's next status, only by a copy of itself
    assert note.headers["topic"] == f"notification-{device.decrypt(note)['id']}"


def test_every_device_of_the_resident_gets_the_push_once(ctx, resident, make_user, subscribe, push, settings):
    phone, laptop = subscribe(resident), subscribe(resident)
    stranger = subscribe(make_user("resident"))
    _enqueue(resident)

    process_batch(db.session, settings)
    process_batch(db.session, settings)

    assert [len(push.requests_to(d.path)) for d in (phone, laptop, stranger)] == [1, 1, 0]
    assert phone.decrypt(push.requests_to(phone.path)[0])["tag"] == "application-42"
    assert laptop.decrypt(push.requests_to(laptop.path)[0])["tag"] == "application-42"


@pytest.mark.parametrize("status", [404, 410])
def test_expired_subscription_is_deleted_and_the_delivery_recorded_gone(ctx, resident, subscribe, push, settings, status):
    device = subscribe(resident)
    push.respond(device.path, status)
    _enqueue(resident)

    process_batch(db.session, settings)

    assert db.session.scalar(select(func.count(PushSubscription.id))) == 0
    [delivery] = _deliveries()
    assert (delivery.status, delivery.last_status_code, delivery.subscription_id) == ("gone", status, None)
    assert process_batch(db.session, settings) == 0
    assert len(push.requests_to(device.path)) == 1


@pytest.mark.parametrize("header", ["seconds", "http-date"])
def test_429_is_retried_no_sooner_than_retry_after(ctx, resident, subscribe, push, settings, header):
    device = subscribe(resident)
    start = utcnow().replace(microsecond=0) + timedelta(seconds=1)
    value = "120" if header == "seconds" else format_datetime(start + timedelta(seconds=120), usegmt=True)
    push.respond(device.path, 429, {"Retry-After": value})
    _enqueue(resident)

    assert process_batch(db.session, settings, now=start) == 1
    [delivery] = _deliveries()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("pending", 1, 429)
    assert delivery.next_attempt_at == start + timedelta(seconds=120)

    assert process_batch(db.session, settings, now=start + timedelta(seconds=119)) == 0
    assert len(push.requests_to(device.path)) == 1
    assert process_batch(db.session, settings, now=start + timedelta(seconds=121)) == 1
    assert len(push.requests_to(device.path)) == 2
    assert _deliveries()[0].status == "sent"


def test_500_is_retried_with_growing_jittered_backoff(ctx, resident, subscribe, push, settings):
    device = subscribe(resident)
    push.respond(device.path, 500, times=2)
    _enqueue(resident)
    base = settings.backoff_base
    start = utcnow()

    process_batch(db.session, settings, now=start)
    first = _deliveries()[0]
    assert (first.status, first.attempts, first.last_error) == ("pending", 1, "HTTP 500")
    assert start + timedelta(seconds=base / 2) <= first.next_attempt_at <= start + timedelta(seconds=base)
    assert process_batch(db.session, settings, now=start + timedelta(seconds=base / 2 - 1)) == 0

    again = first.next_attempt_at
    process_batch(db.session, settings, now=again)
    second = _deliveries()[0]
    assert second.attempts == 2
    assert again + timedelta(seconds=base) <= second.next_attempt_at <= again + timedelta(seconds=2 * base)

    process_batch(db.session, settings, now=second.next_attempt_at)
    assert _deliveries()[0].status == "sent"
    assert len(push.requests_to(device.path)) == 3


def test_gives_up_after_max_attempts_and_records_the_failure(ctx, resident, subscribe, push, settings):
    from dataclasses import replace

    settings = replace(settings, max_attempts=3)
    device = subscribe(resident)
    push.respond(device.path, 503, times=5)
    _enqueue(resident)
    now = utcnow()
    for _ in range(5):
        process_batch(db.session, settings, now=now)
        now += timedelta(seconds=settings.backoff_max + 1)

    [delivery] = _deliveries()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("failed", 3, "HTTP 503")
    assert len(push.requests_to(device.path)) == 3


def test_network_error_is_retried_later(ctx, resident, make_user, settings):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed_port = s.getsockname()[1]
    from .fakepush import FakeBrowser

    device = FakeBrowser(f"http://127.0.0.1:{closed_port}/push/nowhere")
    services.subscribe(db.session, resident.id, device.endpoint, device.p256dh, device.auth, allow_local=True)
    _enqueue(resident)

    process_batch(db.session, settings)

    [delivery] = _deliveries()
    assert delivery.status == "pending" and delivery.attempts == 1
    assert delivery.last_error.startswith("network:")
    assert delivery.next_attempt_at > utcnow()


@pytest.mark.parametrize("status", [400, 403, 413])
def test_a_definitive_client_error_fails_without_retry(ctx, resident, subscribe, push, settings, status):
    device = subscribe(resident)
    push.respond(device.path, status)
    _enqueue(resident)

    process_batch(db.session, settings)

    [delivery] = _deliveries()
    assert (delivery.status, delivery.last_status_code) == ("failed", status)
    assert db.session.get(PushSubscription, delivery.subscription_id) is not None


def test_newer_status_supersedes_an_undelivered_older_one(ctx, resident, subscribe, push, settings):
    device = subscribe(resident)
    _enqueue(resident, params=status_params("in_review"))
    _enqueue(resident, params=status_params("processing"), application_id=7)
    _enqueue(resident, params=status_params("needs_revision"))

    process_batch(db.session, settings)

    assert [d.status for d in _deliveries()] == ["superseded", "sent", "sent"]
    titles = [device.decrypt(r)["title"] for r in push.requests_to(device.path)]
    assert sorted(titles) == sorted(["Permohonan KTP-el Anda (PRB-20261128-0042) sedang diproses",
                                     "Permohonan KTP-el Anda (PRB-20261128-0042) perlu perbaikan"])
    # the inbox keeps the whole history
    assert db.session.scalar(select(func.count(Notification.id))) == 3


def test_a_status_change_and_its_notification_roll_back_together(ctx, resident, subscribe, settings, push):
    subscribe(resident)
    user = db.session.get(User, resident.id)
    user.full_name = "Diubah dalam transaksi"  # stands in for the application's status change
    services.enqueue(db.session, user_id=user.id, kind="application_status", params=status_params(), application_id=42)
    db.session.rollback()

    assert db.session.get(User, resident.id).full_name == resident.full_name
    assert db.session.scalar(select(func.count(Notification.id))) == 0
    assert db.session.scalar(select(func.count(PushDelivery.id))) == 0
    assert process_batch(db.session, settings) == 0 and push.received == []

    db.session.get(User, resident.id).full_name = "Diubah lalu disimpan"
    services.enqueue(db.session, user_id=resident.id, kind="application_status", params=status_params(), application_id=42)
    db.session.commit()
    assert db.session.scalar(select(func.count(Notification.id))) == 1
    assert db.session.scalar(select(func.count(PushDelivery.id))) == 1


def test_payload_stays_under_3_kb(ctx, resident, subscribe, push, settings):
    device = subscribe(resident)
    _enqueue(resident, kind="complaint_answered", params={"subject": "Jawaban panjang sekali. " * 400}, application_id=None)

    process_batch(db.session, settings)

    [received] = push.requests_to(device.path)
    plain = device.decrypt(received)
    assert len(received.body) < 3200
    assert plain["body"].endswith("…") and plain["tag"].startswith("notification-")


def test_unsubscribed_device_gets_nothing_already_queued(ctx, resident, subscribe, push, settings):
    device = subscribe(resident)
    _enqueue(resident)
    services.unsubscribe(db.session, resident.id, device.endpoint)
    db.session.commit()

    assert process_batch(db.session, settings) == 0
    assert push.received == []
    assert _deliveries()[0].status == "gone"


def test_deleting_a_user_deletes_their_notifications_devices_and_deliveries(ctx, resident, subscribe, push):
    subscribe(resident)
    _enqueue(resident)
    db.session.delete(db.session.get(User, resident.id))
    db.session.commit()

    for model in (Notification, PushSubscription, PushDelivery):
        assert db.session.scalar(select(func.count(model.id))) == 0


def test_a_redirect_is_not_followed(ctx, resident, subscribe, push, settings):
    device = subscribe(resident)
    push.respond(device.path, 307, {"Location": push.url("/internal/admin")})
    _enqueue(resident)

    process_batch(db.session, settings)

    assert [r.path for r in push.received] == [device.path]
    [delivery] = _deliveries()
    assert delivery.status == "pending" and delivery.last_error == "network: TooManyRedirects"
