"""Consultation (tanya petugas): ask exactly once, answer due in working days, scoped officers,
audited reads, notifications, and a public FAQ that carries no personal data."""
from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from backend.audit.models import AuditEntry
from backend.catalogue.models import Service
from backend.consultation.models import Consultation
from backend.extensions import db
from backend.notifications.models import Notification

REGION = "35.74"


@pytest.fixture
def ktp_service(app):
    with app.app_context():
        return db.session.scalar(select(Service.id).where(Service.code == "ktp-el-baru"))


@pytest.fixture
def clock(monkeypatch):
    def freeze(when: datetime) -> None:
        monkeypatch.setattr("backend.consultation.routes.utcnow", lambda: when)

    return freeze


def ask(client, headers, service_id, *, key=None, question="Apakah fotokopi KK harus dilegalisir?", **extra):
    body = {"service_id": service_id, "region_code": REGION, "question": question, **extra}
    return client.post("/api/consultations", json=body, headers={**headers, "Idempotency-Key": key or str(uuid.uuid4())})


def count(app, model, **where) -> int:
    with app.app_context():
        query = select(func.count()).select_from(model)
        for name, value in where.items():
            query = query.where(getattr(model, name) == value)
        return db.session.scalar(query)


def test_ask_once_even_when_the_outbox_sends_it_twice(client, app, auth_headers, resident, ktp_service):
    headers = auth_headers(resident)
    key = str(uuid.uuid4())
    first = ask(client, headers, ktp_service, key=key)
    assert first.status_code == 201, first.get_json()
    again = ask(client, headers, ktp_service, key=key)
    assert again.status_code == 201 and again.headers.get("Idempotent-Replayed") == "true"
    assert again.get_json()["id"] == first.get_json()["id"]
    assert count(app, Consultation, user_id=resident.id) == 1
    body = first.get_json()
    assert body["status"] == "diterima" and body["agency"]["code"] == "DISDUKCAPIL" and body["answer"] is None


def test_a_key_is_required(client, auth_headers, resident, ktp_service):
    response = client.post("/api/consultations", json={"service_id": ktp_service, "region_code": REGION,
                                                       "question": "Berapa lama prosesnya?"}, headers=auth_headers(resident))
    assert response.status_code == 400 and response.mimetype == "application/problem+json"


@pytest.mark.parametrize(("asked", "due"), [
    (datetime(2026, 12, 23, 2, 0, tzinfo=UTC), "2026-12-30"),  # Wed; 24-25 Dec are holidays, then the weekend
    (datetime(2026, 11, 27, 18, 0, tzinfo=UTC), "2026-12-02"),  # Fri 18:00 UTC = Sat 01:00 WIB: counts from Saturday
])
def test_due_in_three_working_days_at_the_mpp(client, auth_headers, resident, ktp_service, clock, asked, due):
    clock(asked)
    response = ask(client, auth_headers(resident), ktp_service)
    assert response.status_code == 201 and response.get_json()["due_date"] == due


@pytest.mark.parametrize(("body", "status"), [
    ({"question": "pendek"}, 422),
    ({"region_code": "99.99"}, 404),
    ({"service_id": 2**31 - 1}, 404),
    ({"document_id": 123456}, 422),
    ({"question": "x" * 2001}, 422),
])
def test_bad_questions(client, auth_headers, resident, ktp_service, body, status):
    payload = {"service_id": ktp_service, "region_code": REGION, "question": "Berapa lama prosesnya di MPP?", **body}
    response = client.post("/api/consultations", json=payload,
                           headers={**auth_headers(resident), "Idempotency-Key": str(uuid.uuid4())})
    assert response.status_code == status, response.get_json()
    assert response.mimetype == "application/problem+json"


def test_officers_of_that_counter_only(client, app, auth_headers, resident, officer, make_user, ktp_service):
    asked = ask(client, auth_headers(resident), ktp_service).get_json()
    other_agency = make_user("officer", agency_code="POLRI")
    other_region = make_user("officer", region_code="33.76")
    assert client.get("/api/officer/consultations", headers=auth_headers(other_agency)).get_json()["items"] == []
    assert client.get("/api/officer/consultations", headers=auth_headers(other_region)).get_json()["items"] == []
    for stranger in (other_agency, other_region):
        refused = client.post(f"/api/officer/consultations/{asked['id']}/answer", json={"answer": "Ya."},
                              headers=auth_headers(stranger))
        assert refused.status_code == 404
    assert client.get("/api/officer/consultations", headers=auth_headers(resident)).status_code == 403

    listed = client.get("/api/officer/consultations", headers=auth_headers(officer)).get_json()
    assert [q["id"] for q in listed["items"]] == [asked["id"]]
    assert listed["items"][0]["resident_name"] == resident.full_name
    # the officer's read is in the resident's access log
    assert count(app, AuditEntry, subject_user_id=resident.id, object_type="consultation") == 1
    log = client.get("/api/me/access-log", headers=auth_headers(resident)).get_json()
    assert any(entry.get("object_type") == "consultation" for entry in log["items"])


def test_another_residents_question_is_not_mine(client, auth_headers, resident, make_user, ktp_service):
    asked = ask(client, auth_headers(resident), ktp_service).get_json()
    stranger = make_user("resident")
    assert client.get(f"/api/consultations/{asked['id']}", headers=auth_headers(stranger)).status_code == 404
    assert client.get("/api/consultations", headers=auth_headers(stranger)).get_json()["items"] == []
    assert client.get(f"/api/consultations/{asked['id']}", headers=auth_headers(resident)).status_code == 200


def test_answer_notifies_once(client, app, auth_headers, resident, officer, ktp_service):
    asked = ask(client, auth_headers(resident), ktp_service).get_json()
    answered = client.post(f"/api/officer/consultations/{asked['id']}/answer",
                           json={"answer": "Tidak perlu dilegalisir, bawa KK asli."}, headers=auth_headers(officer))
    assert answered.status_code == 200, answered.get_json()
    assert answered.get_json()["status"] == "dijawab" and answered.get_json()["published"] is False
    assert count(app, Notification, user_id=resident.id, kind="consultation_answered") == 1
    again = client.post(f"/api/officer/consultations/{asked['id']}/answer", json={"answer": "Lagi."},
                        headers=auth_headers(officer))
    assert again.status_code == 409
    mine = client.get(f"/api/consultations/{asked['id']}", headers=auth_headers(resident)).get_json()
    assert mine["answer"] == "Tidak perlu dilegalisir, bawa KK asli."


def test_faq_needs_consent_and_carries_no_personal_data(client, app, auth_headers, make_user, officer, ktp_service):
    resident = make_user("resident", full_name="Siti Rahmawati")
    headers = auth_headers(resident)
    private = ask(client, headers, ktp_service, question="Saya Siti, NIK 3574014507900001, apakah KK harus asli?").get_json()
    refused = client.post(f"/api/officer/consultations/{private['id']}/answer",
                          json={"answer": "Ya.", "publish": True, "public_question": "Apakah KK harus asli?"},
                          headers=auth_headers(officer))
    assert refused.status_code == 409 and refused.get_json()["code"] == "consultation-not-public"

    public = ask(client, headers, ktp_service, allow_public=True,
                 question="Saya Siti Rahmawati (0812-3456-7890), apakah KK harus asli?").get_json()
    url = f"/api/officer/consultations/{public['id']}/answer"
    for leaked in ("Saya Siti Rahmawati, apakah KK harus asli?", "NIK 3574 0145 0790 0001: apakah KK harus asli?",
                   "Hubungi 0812-3456-7890: apakah KK harus asli?", "siti@contoh.id bertanya: apakah KK harus asli?"):
        response = client.post(url, json={"answer": "Ya, bawa KK asli.", "publish": True, "public_question": leaked},
                               headers=auth_headers(officer))
        assert response.status_code == 422, leaked
        assert response.get_json()["code"] == "validation-error"
    assert client.post(url, json={"answer": "Ya.", "publish": True}, headers=auth_headers(officer)).status_code == 422
    ok = client.post(url, json={"answer": "Ya, bawa KK asli; fotokopi tidak perlu dilegalisir.", "publish": True,
                                "public_question": "Apakah KK harus asli?"}, headers=auth_headers(officer))
    assert ok.status_code == 200, ok.get_json()

    faq = client.get(f"/api/services/{ktp_service}/faq?region={REGION}")
    assert faq.status_code == 200
    items = faq.get_json()["items"]
    assert [i["question"] for i in items] == ["Apakah KK harus asli?"]
    text = faq.get_data(as_text=True)
    for personal in ("Siti", "0812", "3574014507900001", "resident", "user_id"):
        assert personal not in text
    assert client.get(f"/api/services/{ktp_service}/faq?region=33.76").get_json()["items"] == []


def test_export_includes_my_questions(client, auth_headers, resident, ktp_service):
    ask(client, auth_headers(resident), ktp_service)
    exported = client.get("/api/me/export", headers=auth_headers(resident))
    assert exported.status_code == 200
    questions = exported.get_json()["consultations"]
    assert len(questions) == 1 and questions[0]["question"].startswith("Apakah fotokopi")


def test_counts_in_the_performance_report(client, app, auth_headers, resident, officer, ktp_service, clock):
    clock(datetime(2026, 11, 2, 2, 0, tzinfo=UTC))
    asked = ask(client, auth_headers(resident), ktp_service).get_json()
    clock(datetime(2026, 11, 4, 3, 0, tzinfo=UTC))
    client.post(f"/api/officer/consultations/{asked['id']}/answer", json={"answer": "Ya."}, headers=auth_headers(officer))
    from backend.performance import routes as performance_routes

    performance_routes._computed.clear()
    body = client.get(f"/api/regions/{REGION}/performance?year=2026").get_json()
    november = next(m for m in body["total"]["months"] if m["month"] == "2026-11")
    assert november["consultations"] == {"received": 1, "answered": 1, "answered_on_time": 1, "median_days": 2.0}
