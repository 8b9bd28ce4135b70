"""Who may do what: resident A vs B, officers of another agency or region, admin, anonymous; every endpoint."""
from __future__ import annotations

import uuid

import pytest

from backend.audit.models import AuditEntry
from backend.extensions import db

from ..documents.files import PDF, upload


@pytest.fixture
def world(make_user, kk_payload, submit, document):
    """Resident A's application (with a KK scan) and everyone who might want to touch it."""
    a = make_user("resident")
    people = {
        "owner": a,
        "other_resident": make_user("resident"),
        "officer": make_user("officer", full_name="Petugas Disdukcapil Probolinggo"),
        "other_agency": make_user("officer", agency_code="POLRI", full_name="Petugas Polres"),
        "other_region": make_user("officer", region_code="12.71", full_name="Petugas Disdukcapil Medan"),
        "admin": make_user("admin"),
    }
    kk = document(a, "kk")
    created = submit(a, kk_payload(a, kk_scan=kk)).get_json()
    return people, created["id"], kk


# (method, path template, body, expected status per actor); None body = no JSON
OWNER_ONLY = {"owner": 200, "other_resident": 404, "officer": 404, "other_agency": 404, "other_region": 404, "admin": 404}
STAFF = {"owner": 403, "other_resident": 403, "officer": 200, "other_agency": 404, "other_region": 404, "admin": 200}


@pytest.mark.parametrize("actor", list(OWNER_ONLY))
def test_resident_endpoints(client, auth_headers, world, actor):
    people, app_id, _ = world
    headers = auth_headers(people[actor])
    assert client.get(f"/api/applications/{app_id}", headers=headers).status_code == OWNER_ONLY[actor]
    listed = client.get("/api/applications", headers=headers).get_json()["items"]
    assert ([i["id"] for i in listed] == [app_id]) is (actor == "owner")


@pytest.mark.parametrize("actor", list(OWNER_ONLY))
def test_cancel_and_resubmit_are_the_owners(client, auth_headers, world, actor):
    people, app_id, _ = world
    headers = auth_headers(people[actor], **{"Idempotency-Key": str(uuid.uuid4())})
    expected_cancel = {"owner": 200, "other_resident": 404}.get(actor, 403)
    # resubmit first (the application is not waiting for a revision: the owner gets 409)
    resubmit = client.post(f"/api/applications/{app_id}/resubmit", headers=headers,
                           json={"form_version": 1, "data": {}, "client_created_at": "2026-11-28T09:00:00Z"})
    assert resubmit.status_code == {"owner": 409, "other_resident": 404}.get(actor, 403)
    cancel = client.post(f"/api/applications/{app_id}/cancel", json={}, headers=headers)
    assert cancel.status_code == expected_cancel


@pytest.mark.parametrize("actor", list(STAFF))
def test_officer_endpoints(client, auth_headers, world, actor):
    people, app_id, _ = world
    headers = auth_headers(people[actor])
    expected = STAFF[actor]
    assert client.get(f"/api/officer/applications/{app_id}", headers=headers).status_code == expected
    moved = client.post(f"/api/officer/applications/{app_id}/transitions", json={"to": "in_review"}, headers=headers)
    assert moved.status_code == expected
    listing = client.get("/api/officer/applications", headers=headers)
    assert listing.status_code == (403 if expected == 403 else 200)
    if listing.status_code == 200:
        ids = [i["id"] for i in listing.get_json()["items"]]
        assert (app_id in ids) is (expected == 200)


@pytest.mark.parametrize("actor", list(STAFF))
def test_document_content_for_staff_handling_the_application(app, client, auth_headers, world, actor):
    people, _, kk = world
    expected = {"owner": 200, "other_resident": 404, "officer": 200, "other_agency": 404, "other_region": 404,
                "admin": 200}[actor]
    response = client.get(f"/api/documents/{kk}/content", headers=auth_headers(people[actor]))
    assert response.status_code == expected
    with app.app_context():
        logged = db.session.query(AuditEntry).filter_by(action="download", object_id=str(kk)).count()
    assert logged == (1 if actor in ("officer", "admin") else 0)


def test_document_delete_refused_while_application_is_active(client, auth_headers, world):
    people, app_id, kk = world
    owner, officer = people["owner"], people["officer"]
    refused = client.delete(f"/api/documents/{kk}", headers=auth_headers(owner))
    assert refused.status_code == 409
    assert refused.get_json()["code"] == "document-in-use"
    assert refused.get_json()["tracking_numbers"]
    for to in ("in_review", "processing", "completed"):
        client.post(f"/api/officer/applications/{app_id}/transitions", json={"to": to}, headers=auth_headers(officer))
    assert client.delete(f"/api/documents/{kk}", headers=auth_headers(owner)).status_code == 204


RESUBMIT = {"form_version": 1, "data": {}, "client_created_at": "2026-11-28T09:00:00Z"}
SUBMIT = {"service_id": 3, "region_code": "35.74", "form_version": 1, "data": {}, "client_created_at": "2026-11-28T09:00:00Z"}


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [("get", "/api/applications", None), ("post", "/api/applications", SUBMIT), ("get", "/api/applications/1", None),
     ("post", "/api/applications/1/cancel", {}), ("post", "/api/applications/1/resubmit", RESUBMIT),
     ("get", "/api/officer/applications", None), ("get", "/api/officer/applications/1", None),
     ("post", "/api/officer/applications/1/transitions", {"to": "in_review"}), ("get", "/api/services/1/form", None),
     ("post", "/api/officer/applications/1/notes", {"note": "x"}),
     ("get", "/api/documents", None), ("get", "/api/documents/1/content", None), ("delete", "/api/documents/1", None)],
)
def test_anonymous_is_401(client, method, path, body):
    response = getattr(client, method)(path, json=body, headers={"Idempotency-Key": str(uuid.uuid4())})
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"


def test_upload_is_for_signed_in_users_only(client):
    assert upload(client, {}, PDF).status_code == 401
