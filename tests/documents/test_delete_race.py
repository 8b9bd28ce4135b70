"""A submission naming document D and DELETE /api/documents/D, sent at the same moment: exactly one wins.

On PostgreSQL the two requests go to two gunicorn processes on one database; on SQLite to two
threaded servers in this process (separate threads and connections). Each trial is released by a
barrier. Whenever the application was accepted, its link to D must be intact and D readable.
"""
from __future__ import annotations

import threading
import time
import uuid

import pytest
import requests
from sqlalchemy import func, select

from backend.applications.models import ApplicationDocument
from backend.catalogue.models import Service
from backend.documents.models import Document
from backend.extensions import db
from tests.conftest import DEMO_PASSWORD, is_postgres

from .files import PDF
from .servers import gunicorn_pair, thread_servers

TRIALS = 40
# the delete starts 0 to 45 ms after the submission, so both orders and the overlaps between them occur
DELAYS = [i * 0.005 for i in range(10)]


@pytest.fixture
def servers(app, test_config):
    if is_postgres():
        with gunicorn_pair(test_config) as urls:
            yield urls
    else:
        with thread_servers(app) as urls:
            yield urls


def _login(base: str, user) -> dict:
    response = requests.post(f"{base}/api/auth/login", json={"identifier": user.nik, "password": DEMO_PASSWORD},
                             timeout=30)
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def _upload(base: str, headers: dict, n: int) -> int:
    files = {"file": ("kk.pdf", PDF + f"% trial {n} {uuid.uuid4()}".encode(), "application/pdf")}
    response = requests.post(f"{base}/api/documents", headers=headers, data={"document_type": "kk"}, files=files,
                             timeout=30)
    assert response.status_code == 201, response.text
    return response.json()["id"]


def _together(*calls) -> list[requests.Response]:
    """Run each call on its own thread, released by one barrier; their responses in order."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        barrier.wait()
        try:
            results[index] = call()
        except Exception as error:
            results[index] = error

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_submission_and_delete_of_its_document_never_both_succeed(app, servers, resident):
    with app.app_context():
        kk_service = db.session.scalar(select(Service.id).where(Service.code == "kartu-keluarga"))
    headers = _login(servers[0], resident)
    outcomes = {"application": 0, "delete": 0}
    doubles, broken = [], []
    for n in range(TRIALS):
        submit_to, delete_on = (servers[0], servers[1]) if n % 2 == 0 else (servers[1], servers[0])
        document_id = _upload(servers[0], headers, n)
        payload = {
            "service_id": kk_service, "region_code": "35.74", "form_version": 1,
            "client_created_at": "2026-11-28T08:00:00+07:00",
            "data": {"nik": resident.nik, "full_name": resident.full_name, "phone": resident.phone,
                     "request_type": "perubahan_data", "agree": True, "kk_scan": document_id},
        }
        delay = DELAYS[(n // 2) % len(DELAYS)]

        def delete(delay=delay, document_id=document_id, delete_on=delete_on):
            time.sleep(delay)
            return requests.delete(f"{delete_on}/api/documents/{document_id}", headers=headers, timeout=60)

        submitted, deleted = _together(
            lambda submit_to=submit_to, payload=payload: requests.post(
                f"{submit_to}/api/applications", json=payload, timeout=60,
                headers={**headers, "Idempotency-Key": str(uuid.uuid4())}),
            delete,
        )
        assert isinstance(submitted, requests.Response) and isinstance(deleted, requests.Response), (submitted, deleted)
        # the loser gets a clear 4xx: the submission 422 (document gone), the delete 409 (document in use)
        assert submitted.status_code in (201, 422), submitted.text
        assert deleted.status_code in (204, 409), deleted.text
        if submitted.ok and deleted.ok:
            doubles.append(n)
        if submitted.ok:
            outcomes["application"] += 1
            if not deleted.ok:
                assert deleted.json()["code"] == "document-in-use"
            with app.app_context():
                linked = db.session.scalar(select(func.count()).select_from(ApplicationDocument).where(
                    ApplicationDocument.application_id == submitted.json()["id"],
                    ApplicationDocument.document_id == document_id))
            content = requests.get(f"{delete_on}/api/documents/{document_id}/content", headers=headers, timeout=30)
            if linked != 1 or content.status_code != 200:
                broken.append((n, linked, content.status_code))
        else:
            outcomes["delete"] += 1
            assert "data.kk_scan" in submitted.json()["errors"], submitted.text
            with app.app_context():
                assert db.session.get(Document, document_id) is None
    assert doubles == [], f"both succeeded in trials {doubles} of {TRIALS}"
    assert broken == [], f"accepted applications without their document: {broken}"
    print(f"delete race: {TRIALS} trials, {outcomes}")
