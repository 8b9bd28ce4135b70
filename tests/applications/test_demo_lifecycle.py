"""The README walk-through: the demo resident and officer take an application from submission to completion."""
from __future__ import annotations

import uuid

import pytest

from backend.extensions import db

from ..documents.files import PDF, upload


@pytest.fixture
def demo_accounts(app):
    demo = pytest.importorskip("backend.accounts.demo")
    with app.app_context():
        demo.load(db.session)
        db.session.commit()
    return demo


def _login(client, identifier: str, password: str) -> dict:
    response = client.post("/api/auth/login", json={"identifier": identifier, "password": password})
    assert response.status_code == 200, response.get_json()
    return {"Authorization": f"Bearer {response.get_json()['access_token']}"}


def test_demo_resident_and_officer_lifecycle(client, demo_accounts):
    resident = _login(client, demo_accounts.RESIDENT_NIK, demo_accounts.RESIDENT_PASSWORD)
    officer = _login(client, demo_accounts.OFFICER_EMAIL, demo_accounts.OFFICER_PASSWORD)

    kk_scan = upload(client, resident, PDF, document_type="kk").get_json()["id"]
    services = client.get("/api/regions/35.74/services?q=kartu keluarga").get_json()["items"]
    service_id = next(s["id"] for s in services if s["code"] == "kartu-keluarga")
    form = client.get(f"/api/services/{service_id}/form", headers=resident).get_json()
    data = {key: value["value"] for key, value in form["prefill"].items()}
    data.update(request_type="perubahan_data", agree=True)
    assert data["kk_scan"] == kk_scan

    key = str(uuid.uuid4())
    body = {"service_id": service_id, "region_code": "35.74", "form_version": form["version"], "data": data,
            "client_created_at": "2026-11-28T08:00:00+07:00"}
    created = client.post("/api/applications", json=body, headers={**resident, "Idempotency-Key": key})
    assert created.status_code == 201, created.get_json()
    retried = client.post("/api/applications", json=body, headers={**resident, "Idempotency-Key": key})
    assert retried.data == created.data
    app_id = created.get_json()["id"]

    worklist = client.get("/api/officer/applications?status=submitted", headers=officer).get_json()
    assert [item["id"] for item in worklist["items"]] == [app_id]
    assert worklist["items"][0]["applicant"]["nik"].endswith(demo_accounts.RESIDENT_NIK[-4:])
    assert client.get(f"/api/documents/{kk_scan}/content", headers=officer).data == PDF

    def move(to, **extra):
        response = client.post(f"/api/officer/applications/{app_id}/transitions", json={"to": to, **extra},
                               headers=officer)
        assert response.status_code == 200, response.get_json()

    move("in_review")
    move("needs_revision", note="Mohon lengkapi nomor KK.", fields_to_fix=["kk_number"])
    mine = client.get(f"/api/applications/{app_id}", headers=resident).get_json()
    assert mine["fields_to_fix"] == ["kk_number"]
    data["kk_number"] = "3574010101010001"
    resubmitted = client.post(
        f"/api/applications/{app_id}/resubmit",
        json={"form_version": form["version"], "data": data, "client_created_at": "2026-11-28T10:00:00+07:00"},
        headers={**resident, "Idempotency-Key": str(uuid.uuid4())})
    assert resubmitted.status_code == 200, resubmitted.get_json()
    move("in_review")
    move("processing")
    move("completed", note="KK dapat diambil di gerai Disdukcapil MPP.")

    final = client.get(f"/api/applications/{app_id}", headers=resident).get_json()
    assert final["status"] == "completed"
    assert [h["status"] for h in final["history"]] == [
        "submitted", "in_review", "needs_revision", "resubmitted", "in_review", "processing", "completed"]
    inbox = client.get("/api/notifications", headers=resident)
    if inbox.status_code == 200:
        assert inbox.get_json()["unread"] == 7
    access_log = client.get("/api/me/access-log", headers=resident)
    if access_log.status_code == 200:
        assert access_log.get_json()["total"] >= 1
