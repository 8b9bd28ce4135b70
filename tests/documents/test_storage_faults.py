"""The object store fails: 503 problem+json for uploads and downloads, the rest of the app serves on,
no row without an object, and the sweep removes what a cut-off upload left in the bucket."""
from __future__ import annotations

import socket
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from backend.documents.models import Document
from backend.documents.services import sweep_orphans
from backend.documents.storage import storage_for
from backend.extensions import db
from backend.timeutil import utcnow
from tests.s3server import s3_server

from .files import PDF, PNG, upload


class SwallowingProxy:
    """TCP proxy to the store; with swallow set, requests still reach the store but no answer comes back.

    That is a store lost in the middle of an upload: the object may be written, the app never hears so.
    """

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.swallow = False
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            self.sockets += [client, upstream]
            threading.Thread(target=self._pump, args=(client, upstream, False), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, True), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, answers: bool) -> None:
        try:
            while data := source.recv(65536):
                if not (answers and self.swallow):
                    sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def close(self) -> None:
        self.listener.close()
        for sock in self.sockets:
            sock.close()


@pytest.fixture
def own_s3(app, tmp_path):
    """A store of this test's own (it will be stopped), configured as the app's document storage."""
    saved = dict(app.config)
    with s3_server() as server:
        app.config.update(server.settings(), DOCUMENT_STORAGE_PATH=str(tmp_path / "documents"))
        app.extensions.pop("health_cache", None)
        yield server
    app.config.clear()
    app.config.update(saved)
    app.extensions.pop("health_cache", None)


def _rows(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Document))


def test_store_down_uploads_and_downloads_are_503_and_the_rest_serves(app, client, resident, auth_headers, own_s3):
    headers = auth_headers(resident)
    document_id = upload(client, headers, PDF).get_json()["id"]
    own_s3.stop()

    for lang, words in (("id", "Penyimpanan dokumen"), ("en", "Document storage")):
        refused = upload(client, {**headers, "Accept-Language": lang}, PNG, document_type="pas_foto")
        assert refused.status_code == 503 and refused.mimetype == "application/problem+json"
        assert refused.get_json()["code"] == "document-storage-unavailable" and words in refused.get_json()["detail"]
        assert refused.headers["Retry-After"]
    assert _rows(app) == 1  # no row without an object
    download = client.get(f"/api/documents/{document_id}/content", headers=headers)
    assert download.status_code == 503 and download.get_json()["code"] == "document-storage-unavailable"

    assert client.get("/api/regions").status_code == 200  # the catalogue
    assert client.get("/api/notifications", headers=headers).status_code == 200  # the inbox
    assert client.get("/api/documents", headers=headers).get_json()["items"][0]["id"] == document_id
    health = client.get("/api/health")
    assert health.status_code == 200
    assert health.get_json()["status"] == "degraded" and health.get_json()["checks"]["documents"] == "down"

    own_s3.start()
    assert client.get(f"/api/documents/{document_id}/content", headers=headers).data == PDF


def test_store_lost_mid_upload_leaves_no_row_and_the_sweep_takes_the_object(app, client, resident, auth_headers,
                                                                            own_s3):
    proxy = SwallowingProxy(own_s3.port)
    prefix = app.config["S3_PREFIX"]
    app.config["S3_ENDPOINT_URL"] = proxy.url
    try:
        proxy.swallow = True
        started = time.monotonic()
        response = upload(client, auth_headers(resident), PDF)
        took = time.monotonic() - started

        assert response.status_code == 503 and response.get_json()["code"] == "document-storage-unavailable"
        assert took < 10  # read timeout x attempts, not a hung worker
        assert _rows(app) == 0
        left = own_s3.keys(prefix)
        assert len(left) == 1  # the store did write it (the retry reused the key)

        proxy.swallow = False
        with app.app_context():
            storage = storage_for(app.config)
            assert sweep_orphans(db.session, storage, now=utcnow()) == 0  # fresh: could be an upload in progress
            assert sweep_orphans(db.session, storage, now=utcnow() + timedelta(days=2)) == 1
        assert own_s3.keys(prefix) == []
    finally:
        proxy.close()


def test_deleting_while_the_store_is_down_leaves_an_orphan_for_the_sweep(app, client, resident, auth_headers,
                                                                         own_s3):
    headers = auth_headers(resident)
    document_id = upload(client, headers, PDF).get_json()["id"]
    own_s3.stop()
    assert client.delete(f"/api/documents/{document_id}", headers=headers).status_code == 204
    own_s3.start()
    prefix = app.config["S3_PREFIX"]
    assert len(own_s3.keys(prefix)) == 1
    with app.app_context():
        assert sweep_orphans(db.session, storage_for(app.config), now=utcnow() + timedelta(days=2)) == 1
    assert own_s3.keys(prefix) == []
