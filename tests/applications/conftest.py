"""Fixtures for the applications tests: services by code, valid payloads, submitting helpers."""
from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from backend.catalogue.models import Service
from backend.extensions import db

from ..documents.files import PDF, PNG, upload


@pytest.fixture
def service_id(app):
    """service_id("kartu-keluarga") -> the service's id."""

    def find(code: str) -> int:
        with app.app_context():
            return db.session.scalar(select(Service.id).where(Service.code == code))

    return find


def kk_data(user, **overrides) -> dict:
    """Valid data for the Kartu Keluarga form (no required documents)."""
    data = {"nik": user.nik, "full_name": user.full_name, "phone": user.phone, "request_type": "perubahan_data",
            "agree": True}
    data.update(overrides)
    return data


@pytest.fixture
def kk_payload(service_id):
    """kk_payload(user, **data overrides) -> a valid POST /api/applications body (Kota Probolinggo)."""

    def make(user, region_code: str = "35.74", **overrides) -> dict:
        return {"service_id": service_id("kartu-keluarga"), "region_code": region_code, "form_version": 1,
                "data": kk_data(user, **overrides), "client_created_at": "2026-11-28T08:00:00+07:00"}

    return make


@pytest.fixture
def submit(client, auth_headers):
    """submit(user, payload, key=None) -> response (a fresh UUID key unless given)."""

    def send(user, payload, key: str | None = None):
        headers = auth_headers(user, **{"Idempotency-Key": key or str(uuid.uuid4())})
        return client.post("/api/applications", json=payload, headers=headers)

    return send


@pytest.fixture
def document(client, auth_headers):
    """document(user, document_type="kk", data=PDF) -> the uploaded document's id."""
    counter = iter(range(1, 1000))

    def make(user, document_type: str = "kk", data: bytes | None = None) -> int:
        body = data if data is not None else PDF + f"% {next(counter)}".encode()
        response = upload(client, auth_headers(user), body, document_type=document_type)
        assert response.status_code in (200, 201), response.get_json()
        return response.get_json()["id"]

    return make


__all__ = ["PDF", "PNG", "kk_data"]


@pytest.fixture
def live_server(app):
    """The app on a real threaded WSGI server on 127.0.0.1; yields its base URL."""
    import threading

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


def post_all_at_once(base_url: str, requests: list[tuple[str, dict, dict]]) -> list[tuple[int, dict]]:
    """POST every (path, headers, json body) from its own thread, released together; (status, body) each."""
    import http.client
    import json
    import threading
    from urllib.parse import urlsplit

    host = urlsplit(base_url)
    barrier = threading.Barrier(len(requests))
    results: list[tuple[int, dict] | None] = [None] * len(requests)

    def run(index: int, path: str, headers: dict, body: dict) -> None:
        conn = http.client.HTTPConnection(host.hostname, host.port, timeout=60)
        conn.connect()
        barrier.wait()
        conn.request("POST", path, body=json.dumps(body), headers={**headers, "Content-Type": "application/json"})
        response = conn.getresponse()
        results[index] = (response.status, json.loads(response.read() or b"{}"))
        conn.close()

    threads = [threading.Thread(target=run, args=(i, *r)) for i, r in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results
