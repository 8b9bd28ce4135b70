"""Complaints: filing, routing to the agency's counter, answer deadline in working days, answering, notifying."""
from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from backend.extensions import db
from backend.feedback import complaints
from backend.notifications.models import Notification

TEXT = "Petugas meminta berkas yang tidak tercantum dalam persyaratan."


def _file(client, auth_headers, user, **body):
    payload = {"text": TEXT, **body}
    return client.post("/api/complaints", json=payload, headers=auth_headers(user))


@pytest.fixture
def ktp_id(app):
    from backend.catalogue.models import Service

    with app.app_context():
        return db.session.scalar(select(Service.id).where(Service.code == "ktp-el-baru"))


def test_complaint_about_my_application(client, auth_headers, resident, make_application):
    application_id = make_application(resident, status="in_review")
    response = _file(client, auth_headers, resident, subject_type="application", subject_id=application_id)
    assert response.status_code == 201
    body = response.get_json()
    assert body["status"] == "diterima" and body["answer"] is None and body["overdue"] is False
    assert body["agency"]["code"] == "DISDUKCAPIL" and body["region_code"] == "35.74"
    assert body["subject_label"].startswith("T-")


@pytest.mark.parametrize(
    ("now", "region", "due"),
    [
        # Thursday 23:30 WIB is Friday 00:30 WITA: the 5 working days start from each MPP's own date
        (datetime(2026, 12, 10, 16, 30, tzinfo=UTC), "35.74", date(2026, 12, 17)),
        (datetime(2026, 12, 10, 16, 30, tzinfo=UTC), "73.06", date(2026, 12, 18)),
        # Friday 18 December: the weekend, Christmas Eve leave and Christmas are skipped
        (datetime(2026, 12, 18, 3, 0, tzinfo=UTC), "35.74", date(2026, 12, 29)),
        # filed on a Saturday: counted from Monday
        (datetime(2026, 12, 12, 3, 0, tzinfo=UTC), "63.71", date(2026, 12, 18)),
    ],
)
def test_due_date_is_five_working_days_in_local_time(client, auth_headers, resident, clock, ktp_id, now, region, due):
    clock(now)
    response = _file(client, auth_headers, resident, subject_type="service", subject_id=ktp_id, region_code=region)
    assert response.status_code == 201
    assert response.get_json()["due_date"] == due.isoformat()


def test_complaint_about_my_ticket_goes_to_its_counter(client, auth_headers, resident, make_booking, make_user):
    booking_id = make_booking(resident, status="no_show", region="73.06", service="nib-oss")
    body = _file(client, auth_headers, resident, subject_type="booking", subject_id=booking_id).get_json()
    assert body["agency"]["code"] == "DPMPTSP" and body["region_code"] == "73.06"
    assert body["subject_label"] == "B-001"
    gowa_officer = make_user("officer", agency_code="DPMPTSP", region_code="73.06")
    items = client.get("/api/officer/complaints", headers=auth_headers(gowa_officer)).get_json()["items"]
    assert [i["id"] for i in items] == [body["id"]]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"subject_type": "service"}, 422),  # no region
        ({"subject_type": "service", "region_code": "99.99"}, 404),
        ({"subject_type": "service", "region_code": "35.74", "text": "pendek"}, 422),
        ({"subject_type": "layanan", "region_code": "35.74"}, 422),
        ({"subject_type": "service", "region_code": "35.74", "document_id": 999999}, 422),
        ({"subject_type": "application", "subject_id": 999999}, 404),
        ({"subject_type": "booking", "subject_id": 999999}, 404),
    ],
)
def test_bad_complaints(client, auth_headers, resident, ktp_id, body, status):
    payload = {"subject_id": ktp_id, "text": TEXT, **body}
    response = client.post("/api/complaints", json=payload, headers=auth_headers(resident))
    assert response.status_code == status, response.get_json()


def test_photo_must_be_from_my_own_vault(client, auth_headers, make_user, ktp_id, app):
    from backend.documents.models import Document

    owner, other = make_user(), make_user()
    with app.app_context():
        document = Document(owner_id=owner.id, document_type="lainnya", filename="foto.jpg", content_type="image/jpeg",
                            size=10, sha256="0" * 64, storage_key="k-" + str(owner.id))
        db.session.add(document)
        db.session.commit()
        document_id = document.id
    body = {"subject_type": "service", "subject_id": ktp_id, "region_code": "35.74", "document_id": document_id}
    assert _file(client, auth_headers, other, **body).status_code == 422
    filed = _file(client, auth_headers, owner, **body)
    assert filed.status_code == 201 and filed.get_json()["document_id"] == document_id
    with app.app_context():
        officer_like = type("Actor", (), {"role": "officer", "agency_id": filed.get_json()["agency"]["id"],
                                          "region_code": "35.74"})()
        from backend.feedback import services

        assert services.complaint_document_reference(db.session, officer_like, document_id) == filed.get_json()["id"]


def test_someone_elses_application_cannot_be_complained_about(client, auth_headers, make_user, make_application):
    owner, other = make_user(), make_user()
    response = _file(client, auth_headers, other, subject_type="application", subject_id=make_application(owner))
    assert response.status_code == 404


def test_officer_answers_and_resident_is_notified(client, auth_headers, resident, officer, ktp_id, app):
    complaint_id = _file(client, auth_headers, resident, subject_type="service", subject_id=ktp_id,
                         region_code="35.74").get_json()["id"]
    listed = client.get("/api/officer/complaints", headers=auth_headers(officer)).get_json()
    assert [i["id"] for i in listed["items"]] == [complaint_id]
    assert listed["items"][0]["resident_name"] == resident.full_name
    path = f"/api/officer/complaints/{complaint_id}/answer"
    first = client.post(path, json={"answer": "Sedang kami periksa.", "status": "diproses"}, headers=auth_headers(officer))
    assert first.status_code == 200 and first.get_json()["status"] == "diproses"
    done = client.post(path, json={"answer": "Berkas tambahan tidak diperlukan.", "status": "selesai"},
                       headers=auth_headers(officer))
    assert done.status_code == 200 and done.get_json()["answer"] == "Berkas tambahan tidak diperlukan."
    again = client.post(path, json={"answer": "Lagi", "status": "selesai"}, headers=auth_headers(officer))
    assert again.status_code == 409 and again.get_json()["code"] == "complaint-closed"
    with app.app_context():
        notes = db.session.scalars(select(Notification).order_by(Notification.id)).all()
        assert [(n.user_id, n.kind) for n in notes] == [(resident.id, "complaint_answered")] * 2
        assert "Berkas tambahan" in notes[1].params["subject"]["id"] and notes[1].url == f"/pengaduan/{complaint_id}"
    mine = client.get("/api/complaints", headers=auth_headers(resident)).get_json()["items"]
    assert mine[0]["status"] == "selesai" and mine[0]["answered_at"]
    assert client.get("/api/officer/complaints?status=diterima", headers=auth_headers(officer)).get_json()["items"] == []


def test_other_counters_cannot_see_or_answer(client, auth_headers, resident, make_user, ktp_id):
    complaint_id = _file(client, auth_headers, resident, subject_type="service", subject_id=ktp_id,
                         region_code="35.74").get_json()["id"]
    for agency, region in (("DPMPTSP", "35.74"), ("DISDUKCAPIL", "73.06")):
        stranger = make_user("officer", agency_code=agency, region_code=region)
        assert client.get("/api/officer/complaints", headers=auth_headers(stranger)).get_json()["items"] == []
        answer = client.post(f"/api/officer/complaints/{complaint_id}/answer", json={"answer": "x", "status": "selesai"},
                             headers=auth_headers(stranger))
        assert answer.status_code == 404
    other_resident = make_user()
    assert client.get("/api/complaints", headers=auth_headers(other_resident)).get_json()["items"] == []


def test_overdue_when_unanswered_after_the_due_date(client, auth_headers, resident, officer, ktp_id, clock):
    clock(datetime(2026, 12, 10, 3, 0, tzinfo=UTC))
    _file(client, auth_headers, resident, subject_type="service", subject_id=ktp_id, region_code="35.74")
    clock(datetime(2026, 12, 17, 3, 0, tzinfo=UTC))  # due day itself
    assert client.get("/api/complaints", headers=auth_headers(resident)).get_json()["items"][0]["overdue"] is False
    clock(datetime(2026, 12, 18, 3, 0, tzinfo=UTC))
    assert client.get("/api/officer/complaints", headers=auth_headers(officer)).get_json()["items"][0]["overdue"] is True


def test_is_overdue_stops_once_answered():
    answered = complaints.Complaint(status="diproses", due_date=date(2026, 12, 1), answered_at=datetime(2026, 12, 1, tzinfo=UTC))
    assert complaints.is_overdue(answered, datetime(2026, 12, 20, tzinfo=UTC), "Asia/Jakarta") is False


@pytest.mark.parametrize("body", [{"answer": "ok", "status": "diterima"}, {"answer": "", "status": "selesai"}, {}])
def test_bad_answers_are_422(client, auth_headers, officer, body):
    assert client.post("/api/officer/complaints/1/answer", json=body, headers=auth_headers(officer)).status_code == 422


def test_authorization(client, auth_headers, resident, officer, admin, ktp_id):
    body = {"subject_type": "service", "subject_id": ktp_id, "region_code": "35.74", "text": TEXT}
    answer = {"answer": "ok", "status": "selesai"}
    assert client.post("/api/complaints", json=body).status_code == 401
    assert client.get("/api/complaints").status_code == 401
    assert client.get("/api/officer/complaints").status_code == 401
    assert client.post("/api/officer/complaints/1/answer", json=answer).status_code == 401
    assert client.post("/api/complaints", json=body, headers=auth_headers(officer)).status_code == 403
    assert client.post("/api/complaints", json=body, headers=auth_headers(admin)).status_code == 403
    for user in (resident, admin):
        assert client.get("/api/officer/complaints", headers=auth_headers(user)).status_code == 403
        assert client.post("/api/officer/complaints/1/answer", json=answer, headers=auth_headers(user)).status_code == 403
