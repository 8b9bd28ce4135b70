"""The status machine end to end, SLA dates, tracking numbers, and notifications in the same transaction."""
from __future__ import annotations

import re
import uuid
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from backend.applications import officer as officer_services
from backend.applications.models import Application
from backend.applications.status import TRANSITIONS
from backend.audit.models import AuditEntry
from backend.extensions import db
from backend.notifications.models import Notification
from backend.timeutil import utcnow
from backend.wiring import registry
from backend.workdays import add_working_days

from .conftest import post_all_at_once


def _move(client, auth_headers, user, app_id, to, **extra):
    return client.post(f"/api/officer/applications/{app_id}/transitions", json={"to": to, **extra},
                       headers=auth_headers(user))


def _notifications(app, user_id) -> list[Notification]:
    with app.app_context():
        return list(db.session.scalars(select(Notification).where(Notification.user_id == user_id)
                                       .order_by(Notification.id)))


def test_full_lifecycle_with_revision(app, client, resident, officer, auth_headers, kk_payload, submit):
    created = submit(resident, kk_payload(resident)).get_json()
    app_id = created["id"]
    assert created["status"] == "submitted"
    assert re.fullmatch(r"PRB-\d{8}-\d{4}", created["tracking_number"])

    assert _move(client, auth_headers, officer, app_id, "in_review").status_code == 200
    revision = _move(client, auth_headers, officer, app_id, "needs_revision",
                     note="Nomor ponsel tidak aktif, mohon diperbaiki.", fields_to_fix=["phone"])
    assert revision.status_code == 200
    mine = client.get(f"/api/applications/{app_id}", headers=auth_headers(resident)).get_json()
    assert mine["status"] == "needs_revision"
    assert mine["fields_to_fix"] == ["phone"]
    assert mine["history"][-1]["note"] == "Nomor ponsel tidak aktif, mohon diperbaiki."

    fixed = kk_payload(resident, phone="081399998888")
    resubmit = client.post(f"/api/applications/{app_id}/resubmit",
                           json={"form_version": 1, "data": fixed["data"], "client_created_at": "2026-11-28T09:00:00Z"},
                           headers=auth_headers(resident, **{"Idempotency-Key": str(uuid.uuid4())}))
    assert resubmit.status_code == 200, resubmit.get_json()
    body = resubmit.get_json()
    assert body["status"] == "resubmitted"
    assert body["fields_to_fix"] == []
    assert body["data"]["phone"] == "081399998888"

    for to in ("in_review", "processing", "completed"):
        response = _move(client, auth_headers, officer, app_id, to)
        assert response.status_code == 200, response.get_json()
    final = client.get(f"/api/applications/{app_id}", headers=auth_headers(resident)).get_json()
    assert [h["status"] for h in final["history"]] == [
        "submitted", "in_review", "needs_revision", "resubmitted", "in_review", "processing", "completed"]
    assert [h["actor_role"] for h in final["history"]] == [
        "resident", "officer", "officer", "resident", "officer", "officer", "officer"]
    # one inbox entry per status change, each naming the application
    notes = _notifications(app, resident.id)
    assert [n.params["status"] for n in notes] == [h["status"] for h in final["history"]]
    assert all(n.application_id == app_id and n.url == f"/permohonan/{app_id}" for n in notes)
    assert notes[2].params["note"].startswith("Nomor ponsel")
    assert notes[0].params["tracking_number"] == created["tracking_number"]
    assert notes[0].params["service_name"]["id"].startswith("Penerbitan Kartu Keluarga")


def test_illegal_transitions_are_409_with_a_clear_message(client, resident, officer, auth_headers, kk_payload, submit):
    app_id = submit(resident, kk_payload(resident)).get_json()["id"]
    response = client.post(f"/api/officer/applications/{app_id}/transitions", json={"to": "completed"},
                           headers=auth_headers(officer, **{"Accept-Language": "id"}))
    assert response.status_code == 409
    body = response.get_json()
    assert body["code"] == "illegal-transition"
    assert "Diajukan" in body["detail"] and "Selesai" in body["detail"]
    assert body["allowed"] == ["in_review"]
    # officers cannot do what only residents do
    assert _move(client, auth_headers, officer, app_id, "cancelled").status_code == 409
    assert _move(client, auth_headers, officer, app_id, "resubmitted").status_code == 409


def test_every_pair_outside_the_machine_is_refused():
    from backend.applications.status import STATUSES, check_transition
    from backend.errors import Problem

    for frm in STATUSES:
        for to in STATUSES:
            for who in ("staff", "resident"):
                if TRANSITIONS.get((frm, to)) == who:
                    check_transition(frm, to, who)
                else:
                    with pytest.raises(Problem):
                        check_transition(frm, to, who)


@pytest.mark.parametrize("to", ["needs_revision", "rejected"])
def test_revision_and_rejection_need_a_note(client, resident, officer, auth_headers, kk_payload, submit, to):
    app_id = submit(resident, kk_payload(resident)).get_json()["id"]
    _move(client, auth_headers, officer, app_id, "in_review")
    response = _move(client, auth_headers, officer, app_id, to, note="  ")
    assert response.status_code == 422
    assert "note" in response.get_json()["errors"]


def test_fields_to_fix_must_be_on_the_form(client, resident, officer, auth_headers, kk_payload, submit):
    app_id = submit(resident, kk_payload(resident)).get_json()["id"]
    _move(client, auth_headers, officer, app_id, "in_review")
    response = _move(client, auth_headers, officer, app_id, "needs_revision", note="x", fields_to_fix=["shoe_size"])
    assert response.status_code == 422
    assert "fields_to_fix" in response.get_json()["errors"]


def test_resident_cancels_before_review_only(client, resident, officer, auth_headers, kk_payload, submit):
    first = submit(resident, kk_payload(resident)).get_json()["id"]
    cancelled = client.post(f"/api/applications/{first}/cancel", json={}, headers=auth_headers(resident))
    assert cancelled.status_code == 200
    assert cancelled.get_json()["status"] == "cancelled"
    again = client.post(f"/api/applications/{first}/cancel", json={}, headers=auth_headers(resident))
    assert again.status_code == 200 and len(again.get_json()["history"]) == 2
    second = submit(resident, kk_payload(resident)).get_json()["id"]
    _move(client, auth_headers, officer, second, "in_review")
    late = client.post(f"/api/applications/{second}/cancel", json={}, headers=auth_headers(resident))
    assert late.status_code == 409
    assert late.get_json()["code"] == "illegal-transition"


def test_resubmit_only_when_revision_was_asked(client, resident, auth_headers, kk_payload, submit):
    app_id = submit(resident, kk_payload(resident)).get_json()["id"]
    response = client.post(f"/api/applications/{app_id}/resubmit",
                           json={"form_version": 1, "data": kk_payload(resident)["data"],
                                 "client_created_at": "2026-11-28T09:00:00Z"},
                           headers=auth_headers(resident, **{"Idempotency-Key": str(uuid.uuid4())}))
    assert response.status_code == 409


def test_notification_rolls_back_with_a_failed_status_change(app, resident, officer, kk_payload, submit):
    app_id = submit(resident, kk_payload(resident)).get_json()["id"]
    before = len(_notifications(app, resident.id))
    with app.app_context():
        actor = db.session.merge(officer)
        officer_services.transition(db.session, actor, app_id, to="in_review", note=None, fields_to_fix=[], now=utcnow())
        db.session.flush()
        with db.engine.connect() as other:  # not visible to anyone before the commit
            count = other.execute(select(func.count(Notification.id)).where(Notification.user_id == resident.id)).scalar()
            assert count == before
        db.session.rollback()
        assert db.session.get(Application, app_id).status == "submitted"
    assert len(_notifications(app, resident.id)) == before


def test_sla_due_date_counts_working_days_in_local_time(app, resident, kk_payload, service_id):
    from backend.applications import services

    with app.app_context():
        user = db.session.merge(resident)
        # Friday 28 Nov 2025, 23:30 WIB is still Friday locally (16:30 UTC)
        friday_night = datetime.fromisoformat("2025-11-28T16:30:00+00:00")
        payload = {**kk_payload(resident), "client_created_at": friday_night}
        application, _ = services.create_application(db.session, user, payload, key=str(uuid.uuid4()), now=friday_night)
        assert application.sla_due_date == date(2025, 12, 1)  # kartu-keluarga: 1 working day -> Monday
        assert application.tracking_number.startswith("PRB-20251128-")
        # Wednesday 24 Dec 2025 + 1 working day skips Christmas and cuti bersama (25, 26 Dec)
        christmas_eve = datetime.fromisoformat("2025-12-24T03:00:00+00:00")
        later, _ = services.create_application(db.session, user, payload, key=str(uuid.uuid4()), now=christmas_eve)
        assert later.sla_due_date == add_working_days(date(2025, 12, 24), 1) == date(2025, 12, 29)
        db.session.rollback()


def test_tracking_numbers_are_unique_under_concurrency(app, live_server, make_user, kk_payload, auth_headers):
    residents = [make_user("resident") for _ in range(5)]
    requests = []
    for i in range(25):
        user = residents[i % 5]
        requests.append(("/api/applications", auth_headers(user, **{"Idempotency-Key": str(uuid.uuid4())}),
                         kk_payload(user)))
    results = post_all_at_once(live_server, requests)
    assert [status for status, _ in results] == [201] * 25, results[:3]
    numbers = [body["tracking_number"] for _, body in results]
    assert len(set(numbers)) == 25
    prefix = numbers[0].rsplit("-", 1)[0]
    assert sorted(int(n.rsplit("-", 1)[1]) for n in numbers) == list(range(1, 26))
    assert all(n.startswith(prefix) for n in numbers)


def test_officer_reads_are_audit_logged(app, client, resident, officer, auth_headers, kk_payload, submit):
    app_id = submit(resident, kk_payload(resident)).get_json()["id"]
    response = client.get(f"/api/officer/applications/{app_id}", headers=auth_headers(officer))
    assert response.status_code == 200
    body = response.get_json()
    assert body["applicant"]["nik"] == resident.nik
    assert body["allowed_transitions"] == ["in_review"]
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.subject_user_id == resident.id,
                                                           AuditEntry.action == "read"))
        assert entry.actor_user_id == officer.id and entry.object_id == str(app_id)


def test_worklist_filters_masks_and_flags_overdue(app, client, resident, officer, auth_headers, kk_payload, submit):
    ids = [submit(resident, kk_payload(resident)).get_json()["id"] for _ in range(3)]
    _move(client, auth_headers, officer, ids[0], "in_review")
    with app.app_context():
        late = db.session.get(Application, ids[1])
        late.sla_due_date = date.today() - timedelta(days=3)
        db.session.commit()
    listing = client.get("/api/officer/applications", headers=auth_headers(officer)).get_json()
    assert listing["total"] == 3
    assert listing["items"][0]["id"] == ids[1]  # the most urgent first
    assert all(item["applicant"]["nik"] == "*" * 12 + resident.nik[-4:] for item in listing["items"])
    in_review = client.get("/api/officer/applications?status=in_review", headers=auth_headers(officer)).get_json()
    assert [i["id"] for i in in_review["items"]] == [ids[0]]
    overdue = client.get("/api/officer/applications?overdue=true", headers=auth_headers(officer)).get_json()
    assert [i["id"] for i in overdue["items"]] == [ids[1]] and overdue["items"][0]["overdue"] is True
    not_overdue = client.get("/api/officer/applications?overdue=false", headers=auth_headers(officer)).get_json()
    assert sorted(i["id"] for i in not_overdue["items"]) == sorted([ids[0], ids[2]])
    paged = client.get("/api/officer/applications?per_page=2&page=2", headers=auth_headers(officer)).get_json()
    assert paged["pages"] == 2 and len(paged["items"]) == 1
    bad = client.get("/api/officer/applications?status=lost", headers=auth_headers(officer))
    assert bad.status_code == 422


def test_my_list_is_newest_first_and_paged(client, resident, auth_headers, kk_payload, submit):
    ids = [submit(resident, kk_payload(resident)).get_json()["id"] for _ in range(3)]
    page = client.get("/api/applications?per_page=2", headers=auth_headers(resident)).get_json()
    assert [i["id"] for i in page["items"]] == [ids[2], ids[1]]
    assert page["total"] == 3 and page["pages"] == 2


def test_data_export_includes_applications_and_documents(app, resident, kk_payload, submit, document):
    doc = document(resident, "kk")
    submit(resident, kk_payload(resident, kk_scan=doc))
    with app.app_context():
        user = db.session.merge(resident)
        parts = dict(exporter(db.session, user) for exporter in registry(app).exporters)
    assert parts["applications"][0]["data"]["kk_scan"] == doc
    assert parts["documents"][0]["id"] == doc


def test_officer_note_without_status_change(app, client, resident, officer, make_user, auth_headers, kk_payload, submit):
    app_id = submit(resident, kk_payload(resident)).get_json()["id"]
    response = client.post(f"/api/officer/applications/{app_id}/notes", json={"note": "Berkas asli dibawa saat pengambilan."},
                           headers=auth_headers(officer))
    assert response.status_code == 201
    history = response.get_json()["history"]
    assert history[-1] == {**history[-1], "status": "submitted", "note": "Berkas asli dibawa saat pengambilan."}
    assert response.get_json()["status"] == "submitted"
    kinds = [n.kind for n in _notifications(app, resident.id)]
    assert kinds == ["application_status", "officer_note"]
    blank = client.post(f"/api/officer/applications/{app_id}/notes", json={"note": "  "}, headers=auth_headers(officer))
    assert blank.status_code == 422
    polri = make_user("officer", agency_code="POLRI")
    other = client.post(f"/api/officer/applications/{app_id}/notes", json={"note": "x"}, headers=auth_headers(polri))
    assert other.status_code == 404
    mine = client.post(f"/api/officer/applications/{app_id}/notes", json={"note": "x"}, headers=auth_headers(resident))
    assert mine.status_code == 403


def test_no_notes_on_a_closed_application(client, resident, officer, auth_headers, kk_payload, submit):
    app_id = submit(resident, kk_payload(resident)).get_json()["id"]
    client.post(f"/api/applications/{app_id}/cancel", json={}, headers=auth_headers(resident))
    response = client.post(f"/api/officer/applications/{app_id}/notes", json={"note": "x"}, headers=auth_headers(officer))
    assert response.status_code == 409
    assert response.get_json()["code"] == "application-closed"


def test_deleting_the_account_removes_applications_and_documents(app, client, resident, officer, auth_headers,
                                                               kk_payload, submit, document):
    from backend.documents.models import Document
    from tests.conftest import DEMO_PASSWORD

    doc = document(resident, "kk")
    app_id = submit(resident, kk_payload(resident, kk_scan=doc)).get_json()["id"]
    _move(client, auth_headers, officer, app_id, "in_review")
    response = client.delete("/api/me", json={"password": DEMO_PASSWORD}, headers=auth_headers(resident))
    if response.status_code == 404:
        pytest.skip("account deletion not available")
    assert response.status_code == 204
    with app.app_context():
        assert db.session.get(Application, app_id) is None
        assert db.session.get(Document, doc) is None
