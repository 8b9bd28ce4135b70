"""The document vault: sniffed types, size limit, de-duplication, ownership, delete guard."""
from __future__ import annotations

import hashlib
import os

import pytest

from backend.documents.models import Document
from backend.extensions import db

from .files import EXE, GIF, HTML, JPEG, PDF, PNG, WEBP, upload


@pytest.mark.parametrize(
    ("data", "claimed", "expected"),
    [
        (PDF, "image/png", "application/pdf"),
        (PNG, "application/pdf", "image/png"),
        (JPEG, "text/plain", "image/jpeg"),
        (WEBP, "application/octet-stream", "image/webp"),
    ],
)
def test_upload_type_comes_from_magic_bytes_not_client(client, resident, auth_headers, data, claimed, expected):
    response = upload(client, auth_headers(resident), data, content_type=claimed, filename="x.bin")
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["content_type"] == expected
    assert body["sha256"] == hashlib.sha256(data).hexdigest()
    assert body["size"] == len(data)
    content = client.get(f"/api/documents/{body['id']}/content", headers=auth_headers(resident))
    assert content.status_code == 200
    assert content.data == data
    assert content.mimetype == expected
    assert content.headers["X-Content-Type-Options"] == "nosniff"
    assert content.headers["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize(("data", "claimed"), [(HTML, "application/pdf"), (EXE, "image/jpeg"), (GIF, "image/png"),
                                                (b"%PD", "application/pdf")])
def test_upload_spoofed_content_type_is_refused(client, resident, auth_headers, data, claimed):
    response = upload(client, auth_headers(resident), data, content_type=claimed)
    assert response.status_code == 415
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["code"] == "unsupported-document-type"
    with client.application.app_context():
        assert db.session.query(Document).count() == 0


def test_upload_over_the_size_limit_is_413(app, client, resident, auth_headers):
    limit = app.config["DOCUMENT_MAX_BYTES"]
    response = upload(client, auth_headers(resident), PDF + b"0" * limit)
    assert response.status_code == 413
    body = response.get_json()
    assert body["code"] == "document-too-large"
    assert "MB" in body["detail"]


def test_upload_at_exactly_the_limit_is_accepted(app, client, resident, auth_headers):
    limit = app.config["DOCUMENT_MAX_BYTES"]
    response = upload(client, auth_headers(resident), PDF + b"0" * (limit - len(PDF)))
    assert response.status_code == 201


def test_body_over_max_content_length_is_a_problem_not_500(app, client, resident, auth_headers):
    response = upload(client, auth_headers(resident), PDF + b"0" * (app.config["MAX_CONTENT_LENGTH"] + 10))
    assert response.status_code == 413
    assert response.mimetype == "application/problem+json"


@pytest.mark.parametrize("form", [{"document_type": "kk"}, {"document_type": "rahasia", "file": "x"}, {}])
def test_upload_without_file_or_with_unknown_type_is_422(client, resident, auth_headers, form):
    response = client.post("/api/documents", data=form, headers=auth_headers(resident), content_type="multipart/form-data")
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"


def test_same_file_twice_returns_the_existing_document(client, resident, auth_headers):
    first = upload(client, auth_headers(resident), PDF)
    again = upload(client, auth_headers(resident), PDF, filename="lain.pdf")
    assert first.status_code == 201
    assert again.status_code == 200
    assert again.get_json() == first.get_json()
    listed = client.get("/api/documents", headers=auth_headers(resident)).get_json()["items"]
    assert len(listed) == 1


def test_same_file_by_another_owner_is_their_own_document(client, make_user, auth_headers):
    a, b = make_user("resident"), make_user("resident")
    first = upload(client, auth_headers(a), PDF).get_json()
    second = upload(client, auth_headers(b), PDF)
    assert second.status_code == 201
    assert second.get_json()["id"] != first["id"]


def test_files_are_stored_under_random_names_outside_served_folders(app, client, resident, auth_headers):
    body = upload(client, auth_headers(resident), PDF, filename="../../etc/passwd.pdf").get_json()
    assert body["filename"] == "passwd.pdf"
    with app.app_context():
        key = db.session.get(Document, body["id"]).storage_key
    assert "passwd" not in key
    path = os.path.join(app.config["DOCUMENT_STORAGE_PATH"], key)
    assert open(path, "rb").read() == PDF
    assert oct(os.stat(path).st_mode & 0o777) == "0o600"
    # nothing under the PWA/static roots serves it
    assert client.get(f"/{key}").status_code == 404


def test_list_shows_only_my_documents_newest_first(client, make_user, auth_headers):
    a, b = make_user("resident"), make_user("resident")
    first = upload(client, auth_headers(a), PDF).get_json()
    second = upload(client, auth_headers(a), PNG, document_type="pas_foto").get_json()
    upload(client, auth_headers(b), JPEG)
    items = client.get("/api/documents", headers=auth_headers(a)).get_json()["items"]
    assert [d["id"] for d in items] == [second["id"], first["id"]]


def test_other_resident_cannot_read_or_delete_my_document(client, make_user, auth_headers):
    a, b = make_user("resident"), make_user("resident")
    doc = upload(client, auth_headers(a), PDF).get_json()
    assert client.get(f"/api/documents/{doc['id']}/content", headers=auth_headers(b)).status_code == 404
    assert client.delete(f"/api/documents/{doc['id']}", headers=auth_headers(b)).status_code == 404
    assert client.get(f"/api/documents/{doc['id']}/content", headers=auth_headers(a)).status_code == 200


def test_officer_without_an_application_cannot_read_a_document(client, resident, officer, admin, auth_headers):
    doc = upload(client, auth_headers(resident), PDF).get_json()
    assert client.get(f"/api/documents/{doc['id']}/content", headers=auth_headers(officer)).status_code == 404
    assert client.get(f"/api/documents/{doc['id']}/content", headers=auth_headers(admin)).status_code == 404


def test_delete_removes_row_and_file(app, client, resident, auth_headers):
    doc = upload(client, auth_headers(resident), PDF).get_json()
    with app.app_context():
        key = db.session.get(Document, doc["id"]).storage_key
    response = client.delete(f"/api/documents/{doc['id']}", headers=auth_headers(resident))
    assert response.status_code == 204
    assert not os.path.exists(os.path.join(app.config["DOCUMENT_STORAGE_PATH"], key))
    assert client.get(f"/api/documents/{doc['id']}/content", headers=auth_headers(resident)).status_code == 404


def test_anonymous_requests_are_401(client):
    assert client.get("/api/documents").status_code == 401
    assert upload(client, {}, PDF).status_code == 401
