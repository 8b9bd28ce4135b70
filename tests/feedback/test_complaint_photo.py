"""The photo of a complaint: the officers answering it may open it (audited), nobody else but its owner."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from backend.audit.models import AuditEntry
from backend.extensions import db
from tests.documents.files import PDF, PNG, upload

TEXT = "Antrean di loket perekaman KTP-el tidak bergerak selama dua jam."


@pytest.fixture
def ktp_id(app):
    from backend.catalogue.models import Service

    with app.app_context():
        return db.session.scalar(select(Service.id).where(Service.code == "ktp-el-baru"))


@pytest.fixture
def photo(client, auth_headers, resident, ktp_id):
    """A photo in the resident's vault attached to a complaint for Disdukcapil at Kota Probolinggo: (document, complaint)."""
    document = upload(client, auth_headers(resident), PNG, document_type="lainnya", filename="antrean.png").get_json()
    response = client.post("/api/complaints", headers=auth_headers(resident), json={
        "subject_type": "service", "subject_id": ktp_id, "region_code": "35.74", "text": TEXT, "document_id": document["id"]})
    assert response.status_code == 201, response.get_json()
    return document, response.get_json()


def _entries(app, subject_user_id: int) -> list[AuditEntry]:
    with app.app_context():
        rows = db.session.scalars(select(AuditEntry).where(AuditEntry.subject_user_id == subject_user_id)
                                  .order_by(AuditEntry.id))
        return [row for row in rows if row.object_type == "document"]


def _content(client, auth_headers, user, document_id: int):
    return client.get(f"/api/documents/{document_id}/content", headers=auth_headers(user))


def test_officer_answering_the_complaint_opens_the_photo_and_is_audited(app, client, auth_headers, resident, officer, photo):
    document, complaint = photo
    listed = client.get("/api/officer/complaints", headers=auth_headers(officer)).get_json()["items"]
    assert [(c["id"], c["document_id"]) for c in listed] == [(complaint["id"], document["id"])]

    response = _content(client, auth_headers, officer, document["id"])

    assert response.status_code == 200
    assert response.data == PNG and response.mimetype == "image/png"
    [entry] = _entries(app, resident.id)
    assert (entry.actor_user_id, entry.action, entry.object_id) == (officer.id, "download", str(document["id"]))
    assert entry.detail == f"lainnya (pengaduan #{complaint['id']})"
    log = client.get("/api/me/access-log", headers=auth_headers(resident)).get_json()["items"]
    assert any(e["action"] == "download" and e["object_type"] == "document" and e["actor_name"] == "Petugas Disdukcapil"
               for e in log)


@pytest.mark.parametrize(("role", "agency", "region"), [
    ("officer", "POLRI", "35.74"),  # another agency at the same MPP
    ("officer", "DISDUKCAPIL", "12.71"),  # the same agency at another MPP
    ("admin", None, None),
])
def test_other_staff_cannot_open_the_photo(app, client, auth_headers, make_user, resident, photo, role, agency, region):
    document, _ = photo
    fields = {"agency_code": agency, "region_code": region} if role == "officer" else {}
    stranger = make_user(role, **fields)

    response = _content(client, auth_headers, stranger, document["id"])

    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert _entries(app, resident.id) == []


def test_the_resident_opens_their_own_photo_without_an_audit_entry(app, client, auth_headers, resident, photo):
    document, _ = photo
    response = _content(client, auth_headers, resident, document["id"])
    assert response.status_code == 200 and response.data == PNG
    assert _entries(app, resident.id) == []


def test_the_complaint_opens_only_its_own_photo(app, client, auth_headers, resident, officer, photo):
    other = upload(client, auth_headers(resident), PDF, document_type="ktp").get_json()
    assert _content(client, auth_headers, officer, other["id"]).status_code == 404
    assert _entries(app, resident.id) == []
