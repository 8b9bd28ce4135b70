"""The agency API: client credentials, scope by agency and region, audited reads, idempotent transitions."""
from __future__ import annotations

import io
import uuid

from backend.extensions import db

from ..documents.files import PDF
from .conftest import bearer, kk_payload


def _key() -> dict:
    return {"Idempotency-Key": str(uuid.uuid4())}


def test_token_read_and_access_log(client, app, connect, agency_token, new_application, resident, auth_headers):
    creds = connect()
    token = agency_token(creds)
    app_id = new_application(resident)
    response = client.get(f"/api/agency/applications/{app_id}", headers=bearer(token))
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["data"]["nik"] == resident.nik and body["applicant"]["nik"] == resident.nik
    assert body["allowed_transitions"] == ["in_review"]
    log = client.get("/api/me/access-log", headers=auth_headers(resident)).get_json()["items"]
    assert [(e["actor_name"], e["actor_role"], e["action"], e["agency"]["code"], e["region"]["code"]) for e in log] == [
        ("SIAK Terpusat (Disdukcapil)", "system", "read", "DISDUKCAPIL", "35.74")]


def test_document_fetch_is_audited(client, connect, agency_token, resident, auth_headers, app):
    headers = auth_headers(resident)
    upload = client.post("/api/documents", data={"document_type": "kk", "file": (io.BytesIO(PDF), "kk.pdf")},
                         headers=headers, content_type="multipart/form-data")
    document_id = upload.get_json()["id"]
    creds = connect(services={"kartu-keluarga": "system"})
    with app.app_context():
        body = kk_payload(resident)
    body["data"]["kk_scan"] = document_id
    body["client_created_at"] = "2026-11-28T08:00:00+07:00"
    submitted = client.post("/api/applications", headers={**headers, **_key()}, json=body)
    assert submitted.status_code == 201, submitted.get_json()
    app_id = submitted.get_json()["id"]
    token = agency_token(creds)
    detail = client.get(f"/api/agency/applications/{app_id}", headers=bearer(token)).get_json()
    assert [f["id"] for f in detail["document_files"]] == [document_id]
    content = client.get(detail["document_files"][0]["href"], headers=bearer(token))
    assert content.status_code == 200 and content.data == PDF
    other = client.get(f"/api/agency/applications/{app_id}/documents/{document_id + 999}", headers=bearer(token))
    assert other.status_code == 404
    log = client.get("/api/me/access-log", headers=headers).get_json()["items"]
    assert {(e["action"], e["object_type"], e["actor_name"]) for e in log} == {
        ("read", "application", "SIAK Terpusat (Disdukcapil)"), ("download", "document", "SIAK Terpusat (Disdukcapil)")}


def test_other_agency_or_region_is_not_found(client, connect, agency_token, new_application, resident):
    mine = agency_token(connect())
    other_region = agency_token(connect(regions=("12.71",), name="SIAK Medan"))
    other_agency = agency_token(connect(agency="DINSOS", services={"sktm-dtks": "both"}, name="SIKS-NG"))
    app_id = new_application(resident)
    for token in (other_region, other_agency):
        for method, url, body in (("GET", f"/api/agency/applications/{app_id}", None),
                                  ("POST", f"/api/agency/applications/{app_id}/transitions", {"to": "in_review"}),
                                  ("POST", f"/api/agency/applications/{app_id}/notes", {"note": "Halo"})):
            response = client.open(url, method=method, json=body, headers=bearer(token, **_key()))
            assert response.status_code == 404, (url, response.get_json())
            assert response.mimetype == "application/problem+json"
        assert client.get("/api/agency/feed", headers=bearer(token)).get_json()["items"] == []
    assert client.get(f"/api/agency/applications/{app_id}", headers=bearer(mine)).status_code == 200


def test_scope_is_enforced(client, connect, agency_token, new_application, resident):
    token = agency_token(connect(), scope="applications.read")
    app_id = new_application(resident)
    response = client.post(f"/api/agency/applications/{app_id}/transitions", json={"to": "in_review"},
                           headers=bearer(token, **_key()))
    assert response.status_code == 403 and response.get_json()["code"] == "insufficient-scope"


def test_transitions_are_idempotent_and_checked_by_the_status_machine(client, app, connect, agency_token,
                                                                     new_application, resident, auth_headers):
    token = agency_token(connect())
    app_id = new_application(resident)
    url = f"/api/agency/applications/{app_id}/transitions"
    key = _key()
    first = client.post(url, json={"to": "in_review"}, headers=bearer(token, **key))
    again = client.post(url, json={"to": "in_review"}, headers=bearer(token, **key))
    assert first.status_code == again.status_code == 200, first.get_json()
    assert first.data == again.data and again.headers.get("Idempotent-Replayed") == "true"
    reused = client.post(url, json={"to": "processing"}, headers=bearer(token, **key))
    assert reused.status_code == 422
    illegal = client.post(url, json={"to": "completed"}, headers=bearer(token, **_key()))
    assert illegal.status_code == 409 and illegal.mimetype == "application/problem+json"
    assert illegal.get_json()["code"] == "illegal-transition" and illegal.get_json()["allowed"] == [
        "processing", "needs_revision", "rejected"]
    no_note = client.post(url, json={"to": "rejected"}, headers=bearer(token, **_key()))
    assert no_note.status_code == 422
    missing_key = client.post(url, json={"to": "processing"}, headers=bearer(token))
    assert missing_key.status_code == 400
    note = client.post(f"/api/agency/applications/{app_id}/notes", json={"note": "Berkas sedang diverifikasi."},
                       headers=bearer(token, **_key()))
    assert note.status_code == 201
    mine = client.get(f"/api/applications/{app_id}", headers=auth_headers(resident)).get_json()
    assert [(h["status"], h["actor_role"], h["note"]) for h in mine["history"]] == [
        ("submitted", "resident", None), ("in_review", "system", None),
        ("in_review", "system", "Berkas sedang diverifikasi.")]
    inbox = client.get("/api/notifications", headers=auth_headers(resident)).get_json()["items"]
    assert len(inbox) == 3


def test_revoked_credentials_stop_at_once(client, app, connect, agency_token, new_application, resident):
    from backend.integrations import services as integrations
    from backend.timeutil import utcnow

    creds = connect()
    token = agency_token(creds)
    assert client.get("/api/agency/feed", headers=bearer(token)).status_code == 200
    with app.app_context():
        integrations.revoke(db.session, creds["id"], now=utcnow())
        db.session.commit()
    response = client.get("/api/agency/feed", headers=bearer(token))
    assert response.status_code == 401 and response.mimetype == "application/problem+json"
    import base64

    basic = base64.b64encode(f"{creds['client_id']}:{creds['client_secret']}".encode()).decode()
    again = client.post("/oauth/token", data={"grant_type": "client_credentials"}, headers={"Authorization": f"Basic {basic}"})
    assert again.status_code in (400, 401)


def test_wrong_tokens_are_refused(client, connect, agency_token, resident, auth_headers):
    creds = connect()
    for headers in ({}, bearer("not-a-token"), auth_headers(resident)):
        response = client.get("/api/agency/feed", headers=headers)
        assert response.status_code == 401 and response.mimetype == "application/problem+json"
    import base64

    basic = base64.b64encode(f"{creds['client_id']}:wrong".encode()).decode()
    assert client.post("/oauth/token", data={"grant_type": "client_credentials"},
                       headers={"Authorization": f"Basic {basic}"}).status_code == 401


def test_feed_in_order_with_cursor(client, connect, agency_token, new_application, resident, auth_headers):
    token = agency_token(connect())
    ids = [new_application(resident) for _ in range(3)]
    cancelled = client.post(f"/api/applications/{ids[0]}/cancel", headers=auth_headers(resident))
    assert cancelled.status_code == 200
    page = client.get("/api/agency/feed?limit=2", headers=bearer(token)).get_json()
    rest = client.get(f"/api/agency/feed?after={page['next_cursor']}", headers=bearer(token)).get_json()
    items = page["items"] + rest["items"]
    assert [(i["type"], i["data"]["application"]["id"]) for i in items] == [
        ("application.submitted", ids[0]), ("application.submitted", ids[1]), ("application.submitted", ids[2]),
        ("application.cancelled", ids[0])]
    assert len({i["id"] for i in items}) == 4 and all(i["id"].startswith("evt_") for i in items)
    assert "nik" not in str(items) and resident.full_name not in str(items)
    end = client.get(f"/api/agency/feed?after={rest['next_cursor']}", headers=bearer(token)).get_json()
    assert end == {"items": [], "next_cursor": rest["next_cursor"]}


def test_complaints_created_listed_and_answered(client, connect, agency_token, new_application, resident,
                                                auth_headers):
    token = agency_token(connect())
    app_id = new_application(resident)
    filed = client.post("/api/complaints", json={"subject_type": "application", "subject_id": app_id,
                                                 "text": "Sudah seminggu belum ada kabar."},
                        headers=auth_headers(resident))
    assert filed.status_code == 201, filed.get_json()
    complaint_id = filed.get_json()["id"]
    feed = client.get("/api/agency/feed", headers=bearer(token)).get_json()["items"]
    assert [i["type"] for i in feed] == ["application.submitted", "complaint.created"]
    listed = client.get("/api/agency/complaints", headers=bearer(token)).get_json()["items"]
    assert [c["id"] for c in listed] == [complaint_id] and "text" not in listed[0]
    one = client.get(f"/api/agency/complaints/{complaint_id}", headers=bearer(token)).get_json()
    assert one["text"] == "Sudah seminggu belum ada kabar."
    answer = {"answer": "Mohon maaf, berkas Anda sedang diverifikasi.", "status": "diproses"}
    key = _key()
    first = client.post(f"/api/agency/complaints/{complaint_id}/answer", json=answer, headers=bearer(token, **key))
    again = client.post(f"/api/agency/complaints/{complaint_id}/answer", json=answer, headers=bearer(token, **key))
    assert first.status_code == 200 and first.data == again.data
    mine = client.get("/api/complaints", headers=auth_headers(resident)).get_json()["items"][0]
    assert mine["answer"] == answer["answer"] and mine["status"] == "diproses"
    other = agency_token(connect(regions=("12.71",), name="SIAK Medan"))
    assert client.get(f"/api/agency/complaints/{complaint_id}", headers=bearer(other)).status_code == 404


def test_feed_holds_back_young_events(app, connect, new_application, resident):
    """A cursor never moves past an id whose transaction may still commit: young events wait (PostgreSQL)."""
    from datetime import timedelta

    from backend.integrations import agency
    from backend.integrations.models import Integration
    from backend.timeutil import utcnow

    creds = connect()
    new_application(resident)
    with app.app_context():
        integration = db.session.get(Integration, creds["id"])
        now = utcnow()
        young = agency.feed(db.session, integration, after=0, limit=10, now=now, settle=timedelta(seconds=5))
        later = agency.feed(db.session, integration, after=0, limit=10, now=now + timedelta(seconds=6),
                            settle=timedelta(seconds=5))
        db.session.remove()
    assert young == {"items": [], "next_cursor": 0}
    assert [i["type"] for i in later["items"]] == ["application.submitted"]
