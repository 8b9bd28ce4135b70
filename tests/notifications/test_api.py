"""Inbox and push subscription endpoints: only one's own, validated, problem+json on bad input."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from backend.extensions import db
from backend.notifications import services
from backend.notifications.models import Notification, PushDelivery, PushSubscription

from .conftest import status_params
from .fakepush import FakeBrowser, b64url, b64url_decode


def _notify(app, user, n=1, status="needs_revision", application_id=42):
    with app.app_context():
        for i in range(n):
            services.enqueue(db.session, user_id=user.id, kind="application_status",
                             params=status_params(status, f"PRB-20261128-{i:04d}"), application_id=application_id + i)
        db.session.commit()


def test_inbox_lists_mine_newest_first_with_unread_count(app, client, resident, make_user, auth_headers):
    _notify(app, resident, 3)
    _notify(app, make_user("resident"), 2)

    response = client.get("/api/notifications?per_page=2", headers=auth_headers(resident))

    assert response.status_code == 200
    body = response.get_json()
    assert (body["unread"], body["total"], body["pages"], body["page"]) == (3, 3, 2, 1)
    first = body["items"][0]
    assert first["title"] == "Permohonan KTP-el Anda (PRB-20261128-0002) perlu perbaikan"
    assert first["body"] == "Buka permohonan untuk melihat bagian yang perlu diperbaiki."
    assert (first["kind"], first["url"], first["application_id"], first["read_at"]) == (
        "application_status", "/permohonan/44", 44, None)
    assert first["created_at"].endswith("+00:00")


def test_inbox_speaks_the_requests_language_else_the_residents(app, client, make_user, auth_headers):
    english = make_user("resident", language="en")
    _notify(app, english, status="completed")

    def title(url, **headers):
        return client.get(url, headers=auth_headers(english, **headers)).get_json()["items"][0]["title"]

    english_title = "Your e-ID card application (PRB-20261128-0000) is complete"
    indonesian_title = "Permohonan KTP-el Anda (PRB-20261128-0000) sudah selesai"
    assert title("/api/notifications") == english_title
    assert title("/api/notifications", **{"Accept-Language": "id-ID,id;q=0.9"}) == indonesian_title
    assert title("/api/notifications?lang=id", **{"Accept-Language": "en"}) == indonesian_title
    assert title("/api/notifications", **{"Accept-Language": "fr"}) == english_title


def test_mark_one_read_then_all(app, client, resident, auth_headers):
    _notify(app, resident, 3)
    headers = auth_headers(resident)
    first_id = client.get("/api/notifications", headers=headers).get_json()["items"][0]["id"]

    read = client.post(f"/api/notifications/{first_id}/read", headers=headers)
    assert read.status_code == 200 and read.get_json()["read_at"] is not None
    assert client.get("/api/notifications", headers=headers).get_json()["unread"] == 2

    everything = client.post("/api/notifications/read-all", headers=headers)
    assert everything.get_json() == {"updated": 2, "unread": 0}
    assert client.get("/api/notifications", headers=headers).get_json()["unread"] == 0


def test_someone_elses_notification_is_not_found(app, client, resident, make_user, auth_headers):
    other = make_user("resident")
    _notify(app, other)
    with app.app_context():
        theirs = db.session.scalar(select(Notification.id))

    response = client.post(f"/api/notifications/{theirs}/read", headers=auth_headers(resident))

    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["code"] == "notification-not-found"
    with app.app_context():
        assert db.session.get(Notification, theirs).read_at is None


@pytest.mark.parametrize("method, url", [
    ("get", "/api/notifications"), ("post", "/api/notifications/1/read"), ("post", "/api/notifications/read-all"),
    ("post", "/api/push/subscriptions"), ("delete", "/api/push/subscriptions"),
])
def test_sign_in_required(client, method, url):
    body = FakeBrowser("https://push.example.com/x").subscription_json()
    response = getattr(client, method)(url, json=body if method == "post" else {"endpoint": body["endpoint"]})
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"


def test_public_key_is_the_vapid_public_point(client):
    key = client.get("/api/push/public-key").get_json()["public_key"]
    raw = b64url_decode(key)
    assert len(raw) == 65 and raw[0] == 4 and "=" not in key


def test_subscribe_several_devices_and_upsert_by_endpoint(app, client, resident, new_device, auth_headers):
    headers = auth_headers(resident)
    phone, laptop = new_device(), new_device()
    assert client.post("/api/push/subscriptions", json=phone.subscription_json(), headers=headers).status_code == 201
    assert client.post("/api/push/subscriptions", json=laptop.subscription_json(), headers=headers).status_code == 201
    renewed = FakeBrowser(phone.endpoint)  # same endpoint, new keys
    response = client.post("/api/push/subscriptions", json=renewed.subscription_json(), headers=headers)

    assert response.status_code == 201 and response.get_json()["endpoint"] == phone.endpoint
    with app.app_context():
        rows = db.session.scalars(select(PushSubscription).order_by(PushSubscription.id)).all()
        assert [(r.user_id, r.endpoint, r.p256dh) for r in rows] == [
            (resident.id, phone.endpoint, renewed.p256dh), (resident.id, laptop.endpoint, laptop.p256dh)]


def test_a_device_moves_to_the_account_signed_in_on_it(app, client, resident, make_user, subscribe, auth_headers):
    device = subscribe(resident)
    _notify(app, resident)
    newcomer = make_user("resident")

    response = client.post("/api/push/subscriptions", json=device.subscription_json(), headers=auth_headers(newcomer))

    assert response.status_code == 201
    with app.app_context():
        assert db.session.scalar(select(PushSubscription.user_id)) == newcomer.id
        # the previous owner's queued push must not reach the new owner's device
        assert db.session.scalar(select(PushDelivery.status)) == "gone"


def _bad_keys():
    good = FakeBrowser("https://fcm.googleapis.com/fcm/send/abc")
    not_on_curve = b64url(b"\x04" + b"\x01" * 64)
    return [
        ({"endpoint": "ftp://push.example.com/x"}, "endpoint"),
        ({"endpoint": "http://push.example.com/x"}, "endpoint"),
        ({"endpoint": "https://10.0.0.5/x"}, "endpoint"),
        ({"endpoint": "https://user:pw@push.example.com/x"}, "endpoint"),
        ({"endpoint": "not a url"}, "endpoint"),
        ({"keys": {"p256dh": good.p256dh[:-4], "auth": good.auth}}, "keys.p256dh"),
        ({"keys": {"p256dh": not_on_curve, "auth": good.auth}}, "keys.p256dh"),
        ({"keys": {"p256dh": "!!!" + good.p256dh[3:], "auth": good.auth}}, "keys.p256dh"),
        ({"keys": {"p256dh": good.p256dh, "auth": b64url(b"x" * 15)}}, "keys.auth"),
        ({"keys": {"p256dh": good.p256dh}}, "keys.auth"),
        ({"keys": None}, "keys"),
        ({"endpoint": 12}, "endpoint"),
        ({"extra": 1}, "extra"),
    ], good


@pytest.mark.parametrize("index", range(13))
def test_bad_subscription_is_a_422_problem(client, resident, auth_headers, index):
    cases, good = _bad_keys()
    change, field = cases[index]
    body = {**good.subscription_json(), **change}

    response = client.post("/api/push/subscriptions", json=body, headers=auth_headers(resident, **{"Accept-Language": "en"}))

    assert response.status_code == 422, response.get_json()
    assert response.mimetype == "application/problem+json"
    assert field in response.get_json()["errors"]


def test_plain_http_to_this_machine_only_while_testing(app, resident):
    device = FakeBrowser("http://127.0.0.1:9/push/x")
    with app.app_context(), pytest.raises(Exception) as refused:
        services.subscribe(db.session, resident.id, device.endpoint, device.p256dh, device.auth, allow_local=False)
    assert getattr(refused.value, "status", None) == 422


def test_unsubscribe_only_removes_my_own(app, client, resident, make_user, subscribe, auth_headers):
    mine, theirs = subscribe(resident), subscribe(make_user("resident"))
    headers = auth_headers(resident)

    assert client.delete("/api/push/subscriptions", json={"endpoint": theirs.endpoint}, headers=headers).status_code == 204
    assert client.delete("/api/push/subscriptions", json={"endpoint": mine.endpoint}, headers=headers).status_code == 204
    assert client.delete("/api/push/subscriptions", json={"endpoint": mine.endpoint}, headers=headers).status_code == 204

    with app.app_context():
        assert db.session.scalars(select(PushSubscription.endpoint)).all() == [theirs.endpoint]
        assert db.session.scalar(select(func.count(PushSubscription.id))) == 1


@pytest.mark.parametrize("body", [b"{not json", b'{"endpoint": ""}', b"[]"])
def test_bad_json_is_a_4xx_problem(client, resident, auth_headers, body):
    response = client.post("/api/push/subscriptions", data=body, content_type="application/json",
                           headers=auth_headers(resident))
    assert 400 <= response.status_code < 500
    assert response.mimetype == "application/problem+json"


def test_read_endpoints_accept_the_apps_empty_json_body(app, client, resident, auth_headers):
    _notify(app, resident)
    headers = auth_headers(resident)
    first_id = client.get("/api/notifications", headers=headers).get_json()["items"][0]["id"]

    assert client.post(f"/api/notifications/{first_id}/read", json={}, headers=headers).status_code == 200
    assert client.post("/api/notifications/read-all", json={}, headers=headers).status_code == 200
