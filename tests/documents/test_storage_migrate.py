"""`flask documents migrate-storage`: 200 documents to S3 (and back), every sha256 checked, downloads served throughout."""
from __future__ import annotations

import hashlib
import os

import pytest
from sqlalchemy import select

from backend.documents import migration, services
from backend.documents.models import Document
from backend.documents.storage import storage_for
from backend.extensions import db

from .conftest import stored
from .files import PDF

COUNT = 200


@pytest.fixture
def both(app, s3, tmp_path):
    """Filesystem and S3 both configured (as every host is while documents move); filesystem first."""
    saved = dict(app.config)
    app.config.update(s3.settings(), DOCUMENT_STORAGE="filesystem", DOCUMENT_STORAGE_PATH=str(tmp_path / "documents"))
    yield storage_for(app.config, "filesystem"), storage_for(app.config, "s3")
    app.config.clear()
    app.config.update(saved)


def _vault(app, resident, count: int) -> dict[int, str]:
    """count distinct PDFs in the resident's vault on the current primary; {id: sha256}."""
    import io

    with app.app_context():
        storage = storage_for(app.config)
        for n in range(count):
            services.upload(db.session, storage, owner_id=resident.id, document_type="lainnya", filename=f"d{n}.pdf",
                            stream=io.BytesIO(PDF + f"% {n}\n".encode() * 50), max_bytes=10**6)
        db.session.commit()
        return dict(db.session.execute(select(Document.id, Document.sha256)).all())


def test_migrate_200_documents_to_s3_and_back_while_downloads_go_on(app, client, resident, auth_headers, both,
                                                                    monkeypatch):
    filesystem, s3 = both
    documents = _vault(app, resident, COUNT)
    keys = _keys(app)
    headers = auth_headers(resident)
    # the hosts switch first: new uploads go to S3, older documents are read through from the filesystem
    app.config["DOCUMENT_STORAGE"] = "s3"
    ids = sorted(documents)
    moved, during = [], []
    move = migration._move

    def move_and_download(source, target, key, digest, delete_source):
        outcome = move(source, target, key, digest, delete_source)
        moved.append(key)
        if len(moved) == COUNT // 2:  # half-way: one already moved (source deleted), one not yet
            for document_id in (ids[0], ids[-1]):
                response = client.get(f"/api/documents/{document_id}/content", headers=headers)
                during.append((response.status_code, hashlib.sha256(response.data).hexdigest()))
        return outcome

    monkeypatch.setattr(migration, "_move", move_and_download)
    result = app.test_cli_runner().invoke(args=["documents", "migrate-storage", "--to", "s3", "--delete-source"])

    assert result.exit_code == 0, result.output
    assert f"copied and verified: {COUNT}," in result.output and "failed: 0" in result.output
    assert during == [(200, documents[ids[0]]), (200, documents[ids[-1]])]
    for document_id, digest in documents.items():
        assert hashlib.sha256(stored(s3, keys[document_id])).hexdigest() == digest
        assert stored(filesystem, keys[document_id]) is None
    assert client.get(f"/api/documents/{ids[7]}/content", headers=headers).data.startswith(PDF)



def test_a_repeated_run_copies_nothing_and_the_way_back_works(app, resident, both):
    filesystem, s3 = both
    documents, keys = _vault(app, resident, 3), _keys(app)
    runner = app.test_cli_runner()
    first = runner.invoke(args=["documents", "migrate-storage", "--to", "s3"])
    assert first.exit_code == 0 and "set DOCUMENT_STORAGE=s3 on every host" in first.output

    again = runner.invoke(args=["documents", "migrate-storage", "--to", "s3", "--delete-source"])
    assert again.exit_code == 0 and "copied and verified: 0, already there: 3," in again.output
    back = runner.invoke(args=["documents", "migrate-storage", "--to", "filesystem", "--delete-source"])
    assert back.exit_code == 0 and "copied and verified: 3," in back.output
    for document_id, digest in documents.items():
        assert hashlib.sha256(stored(filesystem, keys[document_id])).hexdigest() == digest
        assert stored(s3, keys[document_id]) is None


def test_a_copy_that_differs_from_its_row_is_not_migrated(app, resident, both):
    filesystem, s3 = both
    documents = _vault(app, resident, 2)
    keys = _keys(app)
    bad = min(documents)
    path = os.path.join(app.config["DOCUMENT_STORAGE_PATH"], keys[bad])
    with open(path, "ab") as handle:
        handle.write(b"flipped")

    result = app.test_cli_runner().invoke(args=["documents", "migrate-storage", "--to", "s3", "--delete-source"])

    assert result.exit_code == 1
    assert f"document {bad}: sha256 differs" in result.output and "copied and verified: 1," in result.output
    assert stored(s3, keys[bad]) is None and stored(filesystem, keys[bad]) is not None  # the evidence stays


def test_migrating_to_an_unconfigured_backend_is_refused(app, tmp_path):
    saved = dict(app.config)
    app.config.update(S3_BUCKET="", DOCUMENT_STORAGE_PATH=str(tmp_path))
    try:
        result = app.test_cli_runner().invoke(args=["documents", "migrate-storage", "--to", "s3"])
    finally:
        app.config.clear()
        app.config.update(saved)
    assert result.exit_code == 2 and "S3_BUCKET" in result.output


def _keys(app) -> dict[int, str]:
    with app.app_context():
        return dict(db.session.execute(select(Document.id, Document.storage_key)).all())
