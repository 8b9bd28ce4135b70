"""Done-when of issue 6: an officer's status change through the API reaches the resident's device
(decrypted at the fake push service, VAPID-verified) and their inbox, in their language."""
from __future__ import annotations

import importlib.util
import threading
import uuid

import pytest

from backend.extensions import db
from backend.notifications import vapid
from backend.notifications.cli import run_worker
from backend.notifications.delivery import PushSettings

from .fakepush import verify_vapid

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("backend.applications") is None
    or importlib.util.find_spec("backend.applications.routes") is None,
    reason="the applications API (issue 4) is not there yet",
)

SERVICE_ID = 2  # Penggantian KTP-el: Disdukcapil, offered at MPP Kota Probolinggo, no required upload


def _form_data(client, resident) -> tuple[int, dict]:
    """Valid answers for the service's current form, from the resident's profile."""
    form = client.get(f"/api/services/{SERVICE_ID}").get_json()["form"]
    profile = {"nik": resident.nik, "full_name": resident.full_name, "phone": resident.phone}
    data = {}
    for field in form["fields"]:
        if not field.get("required"):
            continue
        if field["key"] in profile:
            data[field["key"]] = profile[field["key"]]
        elif field["type"] == "select":
            option = field["options"][0]
            data[field["key"]] = option["value"] if isinstance(option, dict) else option
        elif field["type"] == "checkbox":
            data[field["key"]] = True
        else:
            data[field["key"]] = "Data uji"
    return form["version"], data


@pytest.mark.parametrize("language", ["id", "en"])
def test_officer_status_change_reaches_the_device_and_the_inbox(app, client, make_user, officer, auth_headers,
                                                               new_device, push, language):
    resident = make_user("resident", language=language)
    device = new_device()
    mine = auth_headers(resident)
    assert client.post("/api/push/subscriptions", json=device.subscription_json(), headers=mine).status_code == 201

    version, data = _form_data(client, resident)
    created = client.post("/api/applications", headers={**mine, "Idempotency-Key": str(uuid.uuid4())}, json={
        "service_id": SERVICE_ID, "region_code": "35.74", "form_version": version, "data": data,
        "client_created_at": "2026-11-28T09:00:00+07:00"})
    assert created.status_code == 201, created.get_json()
    application = created.get_json()
    staff = auth_headers(officer)
    transitions = f"/api/officer/applications/{application['id']}/transitions"
    assert client.post(transitions, json={"to": "in_review"}, headers=staff).status_code == 200
    revision = client.post(transitions, json={"to": "needs_revision", "note": "Nomor HP tidak aktif.",
                                              "fields_to_fix": ["phone"]}, headers=staff)
    assert revision.status_code == 200, revision.get_json()

    with app.app_context():
        run_worker(PushSettings.from_config(app.config), once=True, poll_interval=0.05, stop=threading.Event())

    received = push.requests_to(device.path)
    messages = [device.decrypt(r) for r in received]
    # the undelivered earlier statuses were superseded by the newest one
    assert [m["application_id"] for m in messages] == [application["id"]]
    message, request = messages[0], received[0]
    tracking = application["tracking_number"]
    expected = ("perlu perbaikan" if language == "id" else "needs corrections")
    assert tracking in message["title"] and message["title"].endswith(expected)
    assert "Nomor HP tidak aktif." in message["body"]
    assert str(application["id"]) in message["url"] and message["tag"] == f"application-{application['id']}"
    assert request.headers["urgency"] == "high" and int(request.headers["ttl"]) >= 86400
    verify_vapid(request, vapid.public_key(app.config["VAPID_PRIVATE_KEY"]), push.origin)

    inbox = client.get("/api/notifications", headers=mine).get_json()
    assert inbox["unread"] >= 1
    newest = inbox["items"][0]
    assert (newest["title"], newest["application_id"]) == (message["title"], application["id"])
    with app.app_context():
        db.session.remove()
