"""Complaints sent from the outbox carry an Idempotency-Key: a replay (lost answer, retry after
a crash) returns the first complaint and never files a second one."""
from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from backend.extensions import db
from backend.feedback.models import Complaint

TEXT = "Antrean di gerai tidak dipanggil sesuai urutan nomor."


@pytest.fixture
def ktp_id(app):
    from backend.catalogue.models import Service

    with app.app_context():
        return db.session.scalar(select(Service.id).where(Service.code == "ktp-el-baru"))


def _post(client, auth_headers, user, key, **body):
    payload = {"subject_type": "service", "region_code": "35.74", "text": TEXT, **body}
    return client.post("/api/complaints", json=payload, headers=auth_headers(user, **{"Idempotency-Key": key}))


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Complaint.id)))


def test_a_replayed_complaint_is_filed_once(app, client, auth_headers, resident, ktp_id):
    key = str(uuid.uuid4())
    first = _post(client, auth_headers, resident, key, subject_id=ktp_id)
    again = _post(client, auth_headers, resident, key, subject_id=ktp_id)
    assert first.status_code == again.status_code == 201
    assert again.get_json()["id"] == first.get_json()["id"]
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert _count(app) == 1
    with app.app_context():
        assert db.session.get(Complaint, first.get_json()["id"]).idempotency_key == key


def test_same_key_with_another_text_is_refused(app, client, auth_headers, resident, ktp_id):
    key = str(uuid.uuid4())
    assert _post(client, auth_headers, resident, key, subject_id=ktp_id).status_code == 201
    other = _post(client, auth_headers, resident, key, subject_id=ktp_id, text=TEXT + " Lagi.")
    assert other.status_code == 422
    assert _count(app) == 1


def test_two_keys_are_two_complaints(app, client, auth_headers, resident, ktp_id):
    for _ in range(2):
        assert _post(client, auth_headers, resident, str(uuid.uuid4()), subject_id=ktp_id).status_code == 201
    assert _count(app) == 2


def test_refusals_are_replayed_too(app, client, auth_headers, resident, ktp_id):
    key = str(uuid.uuid4())
    first = _post(client, auth_headers, resident, key, subject_id=ktp_id, document_id=999999)
    assert first.status_code == 422
    assert _post(client, auth_headers, resident, key, subject_id=ktp_id, document_id=999999).status_code == 422
    assert _count(app) == 0
