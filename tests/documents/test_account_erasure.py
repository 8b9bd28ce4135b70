"""Deleting an account erases the vault's stored files, not only its rows."""
from __future__ import annotations

import os

from sqlalchemy import func, select

from backend.documents import routes as document_routes
from backend.documents.models import Document
from backend.extensions import db
from backend.wiring import registry
from tests.conftest import DEMO_PASSWORD

from .files import JPEG, PDF, PNG, upload


def _stored(app, document_id: int) -> str:
    """The path on disk of a document's bytes."""
    with app.app_context():
        key = db.session.get(Document, document_id).storage_key
    return os.path.join(app.config["DOCUMENT_STORAGE_PATH"], key)


def _count(app, owner_id: int) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Document).where(Document.owner_id == owner_id))


def test_the_vault_eraser_is_registered_once(app):
    assert registry(app).erasers.count(document_routes._erase_vault) == 1


def test_deleting_my_account_deletes_my_files_and_rows(app, client, make_user, auth_headers):
    alice, bob = make_user("resident"), make_user("resident")
    mine = [upload(client, auth_headers(alice), PDF).get_json()["id"],
            upload(client, auth_headers(alice), PNG, document_type="pas_foto", filename="foto.png").get_json()["id"]]
    theirs = upload(client, auth_headers(bob), JPEG, document_type="ktp", filename="ktp.jpg").get_json()["id"]
    my_paths = [_stored(app, d) for d in mine]
    their_path = _stored(app, theirs)
    assert all(os.path.exists(p) for p in my_paths)

    response = client.delete("/api/me", json={"password": DEMO_PASSWORD}, headers=auth_headers(alice))

    assert response.status_code == 204
    assert not any(os.path.exists(p) for p in my_paths)
    assert _count(app, alice.id) == 0
    # another resident's vault is untouched
    assert open(their_path, "rb").read() == JPEG
    assert _count(app, bob.id) == 1
    assert client.get(f"/api/documents/{theirs}/content", headers=auth_headers(bob)).data == JPEG


def test_a_file_already_missing_does_not_block_the_deletion(app, client, resident, auth_headers):
    gone = upload(client, auth_headers(resident), PDF).get_json()["id"]
    kept = upload(client, auth_headers(resident), PNG, document_type="pas_foto").get_json()["id"]
    os.remove(_stored(app, gone))
    kept_path = _stored(app, kept)

    response = client.delete("/api/me", json={"password": DEMO_PASSWORD}, headers=auth_headers(resident))

    assert response.status_code == 204
    assert not os.path.exists(kept_path)
    assert _count(app, resident.id) == 0


def test_a_refused_deletion_keeps_the_files(app, client, resident, auth_headers):
    document_id = upload(client, auth_headers(resident), PDF).get_json()["id"]
    path = _stored(app, document_id)

    response = client.delete("/api/me", json={"password": "Salah-Sandi-2026"}, headers=auth_headers(resident))

    assert response.status_code == 403
    assert open(path, "rb").read() == PDF
    assert client.get(f"/api/documents/{document_id}/content", headers=auth_headers(resident)).data == PDF


def test_deleting_an_account_without_documents_still_works(app, client, resident, auth_headers):
    response = client.delete("/api/me", json={"password": DEMO_PASSWORD}, headers=auth_headers(resident))
    assert response.status_code == 204


def test_deleting_an_account_whose_application_uses_a_document(app, client, resident, auth_headers):
    """The application links restrict a document's deletion; erasure releases them first (both databases)."""
    from backend.applications.models import Application

    from .test_references import submit_with_document

    headers = auth_headers(resident)
    document_id = upload(client, headers, PDF).get_json()["id"]
    submit_with_document(app, client, headers, resident, document_id)
    path = _stored(app, document_id)

    response = client.delete("/api/me", json={"password": DEMO_PASSWORD}, headers=headers)

    assert response.status_code == 204
    assert not os.path.exists(path)
    assert _count(app, resident.id) == 0
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Application)
                                 .where(Application.user_id == resident.id)) == 0
