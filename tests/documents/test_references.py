"""Who refers to a document: a document in use is never deleted, in the API or in the database."""
from __future__ import annotations

import uuid

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from backend.applications.models import ApplicationDocument
from backend.catalogue.models import Service
from backend.documents.models import Document
from backend.extensions import db

from .files import PDF, upload


def submit_with_document(app, client, headers, user, document_id: int):
    """A Kartu Keluarga application in Kota Probolinggo naming document_id as its KK scan."""
    with app.app_context():
        service_id = db.session.scalar(select(Service.id).where(Service.code == "kartu-keluarga"))
    payload = {"service_id": service_id, "region_code": "35.74", "form_version": 1,
               "client_created_at": "2026-11-28T08:00:00+07:00",
               "data": {"nik": user.nik, "full_name": user.full_name, "phone": user.phone,
                        "request_type": "perubahan_data", "agree": True, "kk_scan": document_id}}
    response = client.post("/api/applications", json=payload, headers={**headers, "Idempotency-Key": str(uuid.uuid4())})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def _links(app, document_id: int) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(ApplicationDocument)
                                 .where(ApplicationDocument.document_id == document_id))


@pytest.mark.parametrize(("language", "expected"), [
    (None, "masih dipakai oleh permohonan"), ("id", "masih dipakai oleh permohonan"),
    ("en", "still used by an application in progress"),
])
def test_deleting_a_document_in_use_is_409_in_the_request_language(app, client, resident, auth_headers,
                                                                    language, expected):
    headers = auth_headers(resident)
    document_id = upload(client, headers, PDF).get_json()["id"]
    application = submit_with_document(app, client, headers, resident, document_id)

    response = client.delete(f"/api/documents/{document_id}",
                             headers={**headers, **({"Accept-Language": language} if language else {})})

    assert response.status_code == 409
    assert response.content_type == "application/problem+json"
    body = response.get_json()
    assert body["code"] == "document-in-use"
    assert expected in body["detail"] and application["tracking_number"] in body["detail"]
    assert body["tracking_numbers"] == [application["tracking_number"]]
    assert _links(app, document_id) == 1
    assert client.get(f"/api/documents/{document_id}/content", headers=headers).data == PDF


def test_a_document_of_a_cancelled_application_can_be_deleted_with_its_link(app, client, resident, auth_headers):
    headers = auth_headers(resident)
    document_id = upload(client, headers, PDF).get_json()["id"]
    application = submit_with_document(app, client, headers, resident, document_id)
    assert client.post(f"/api/applications/{application['id']}/cancel", json={}, headers=headers).status_code == 200

    assert client.delete(f"/api/documents/{document_id}", headers=headers).status_code == 204

    assert _links(app, document_id) == 0
    with app.app_context():
        assert db.session.get(Document, document_id) is None


def test_the_database_refuses_to_delete_a_linked_document(app, client, resident, auth_headers):
    """The restricting foreign key is the last guard, even for code that skips the service."""
    headers = auth_headers(resident)
    document_id = upload(client, headers, PDF).get_json()["id"]
    submit_with_document(app, client, headers, resident, document_id)

    with app.app_context():
        with pytest.raises(IntegrityError):
            db.session.execute(delete(Document).where(Document.id == document_id))
            db.session.flush()
        db.session.rollback()
    assert _links(app, document_id) == 1
