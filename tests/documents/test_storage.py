"""The vault on both storage backends (filesystem, and S3 over HTTP to a moto server): the same behaviour."""
from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest

from backend.documents.models import Document
from backend.documents.services import sweep_orphans
from backend.documents.storage import StoredFileMissing
from backend.extensions import db
from backend.timeutil import utcnow
from tests.conftest import DEMO_PASSWORD

from .conftest import stored
from .files import PDF, PNG, upload


def _key(app, document_id: int) -> str:
    with app.app_context():
        return db.session.get(Document, document_id).storage_key


def test_put_open_delete_keep_their_meaning(storage):
    key = storage.put(PDF, "pdf")
    assert re.fullmatch(r"[0-9a-f]{2}/[0-9a-f]{32}\.pdf", key)
    assert b"".join(storage.open(key)) == PDF
    storage.delete(key)
    storage.delete(key)  # idempotent
    with pytest.raises(StoredFileMissing):
        storage.open(key)


def test_upload_is_stored_on_the_configured_backend_and_downloads(app, client, resident, auth_headers, storage):
    headers = auth_headers(resident)
    body = upload(client, headers, PDF).get_json()
    key = _key(app, body["id"])
    assert stored(storage, key) == PDF

    content = client.get(f"/api/documents/{body['id']}/content", headers=headers)
    assert content.status_code == 200 and content.data == PDF
    assert content.headers["Content-Length"] == str(len(PDF))

    assert client.delete(f"/api/documents/{body['id']}", headers=headers).status_code == 204
    assert stored(storage, key) is None


def test_a_large_download_is_streamed_in_chunks(app, client, resident, auth_headers, storage):
    data = PDF + bytes(range(256)) * (3 * 4096)  # 3 MiB
    headers = auth_headers(resident)
    document_id = upload(client, headers, data).get_json()["id"]

    response = client.get(f"/api/documents/{document_id}/content", headers=headers, buffered=False)
    chunks = list(response.response)
    response.close()

    assert len(chunks) >= 40 and max(len(c) for c in chunks) <= 64 * 1024  # never the whole file at once
    assert hashlib.sha256(b"".join(chunks)).hexdigest() == hashlib.sha256(data).hexdigest()


def test_bytes_gone_from_the_backend_are_410(app, client, resident, auth_headers, storage):
    headers = auth_headers(resident)
    document_id = upload(client, headers, PDF).get_json()["id"]
    storage.delete(_key(app, document_id))

    response = client.get(f"/api/documents/{document_id}/content", headers=headers)
    assert response.status_code == 410 and response.get_json()["code"] == "document-content-missing"


def test_the_sweep_lists_the_backend_and_deletes_only_old_orphans(app, client, resident, auth_headers, storage):
    document_id = upload(client, auth_headers(resident), PDF).get_json()["id"]
    referenced = _key(app, document_id)
    orphan = storage.put(PNG, "png")

    with app.app_context():
        assert sweep_orphans(db.session, storage, now=utcnow()) == 0  # too fresh: maybe an upload in progress
        deleted = sweep_orphans(db.session, storage, now=utcnow() + timedelta(days=2))

    assert deleted == 1
    assert stored(storage, orphan) is None and stored(storage, referenced) == PDF


def test_the_sweep_leaves_objects_it_did_not_name(app, s3):
    prefix = s3.settings()["S3_PREFIX"]
    client = s3.client()
    client.put_object(Bucket=s3.bucket, Key=f"{prefix}ab/notes.txt", Body=b"not ours")
    client.put_object(Bucket=s3.bucket, Key="elsewhere/ab/" + "0" * 32 + ".pdf", Body=b"another prefix")
    from backend.documents.s3 import S3Storage

    with app.app_context():
        assert sweep_orphans(db.session, S3Storage(s3.settings(prefix)), now=utcnow() + timedelta(days=2)) == 0
    assert s3.keys(prefix) == ["ab/notes.txt"] and s3.keys("elsewhere/") == ["ab/" + "0" * 32 + ".pdf"]


def test_deleting_the_account_deletes_its_objects(app, client, resident, auth_headers, storage):
    headers = auth_headers(resident)
    keys = [_key(app, upload(client, headers, PDF).get_json()["id"]),
            _key(app, upload(client, headers, PNG, document_type="pas_foto").get_json()["id"])]

    assert client.delete("/api/me", json={"password": DEMO_PASSWORD}, headers=headers).status_code == 204
    assert [stored(storage, key) for key in keys] == [None, None]


def test_server_side_encryption_is_asked_for(app, client, resident, auth_headers, s3):
    settings, saved = s3.settings(S3_SSE="AES256"), dict(app.config)
    app.config.update(settings)
    try:
        document_id = upload(client, auth_headers(resident), PDF).get_json()["id"]
        head = s3.client().head_object(Bucket=s3.bucket, Key=settings["S3_PREFIX"] + _key(app, document_id))
    finally:
        app.config.clear()
        app.config.update(saved)
    assert head["ServerSideEncryption"] == "AES256"


def test_verify_reads_every_document_and_names_the_ones_that_fail(app, client, resident, auth_headers, storage):
    headers = auth_headers(resident)
    kept = upload(client, headers, PDF).get_json()["id"]
    lost = upload(client, headers, PNG, document_type="pas_foto").get_json()["id"]
    runner = app.test_cli_runner()
    assert runner.invoke(args=["documents", "verify"]).output.endswith("documents failing: 0\n")

    storage.delete(_key(app, lost))
    result = runner.invoke(args=["documents", "verify"])
    assert result.exit_code == 1 and f"document {lost}: no bytes" in result.output and f"document {kept}:" not in result.output
