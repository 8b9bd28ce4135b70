"""Assisted filing: an officer files for a walk-in resident with their consent (a code in the resident's
app, or a KTP-el check in person, or registration on the spot); scoped, audited, exactly once."""
from __future__ import annotations

import io
import re
import uuid
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from backend.accounts.models import User
from backend.applications.models import Application
from backend.assisted.models import AssistedConsent, AssistedFiling
from backend.catalogue.models import Service
from backend.extensions import db
from backend.notifications.models import Notification
from backend.timeutil import utcnow

from ..documents.files import PDF

BASE = "/api/officer/assisted"


@pytest.fixture
def kk_service(app):
    with app.app_context():
        return db.session.scalar(select(Service.id).where(Service.code == "kartu-keluarga"))


def kk_body(consent_id: int, service_id: int, user, **data) -> dict:
    fields = {"nik": user.nik, "full_name": user.full_name, "phone": user.phone, "request_type": "perubahan_data",
              "agree": True, **data}
    return {"consent_id": consent_id, "service_id": service_id, "form_version": 1, "data": fields,
            "client_created_at": utcnow().isoformat()}


def code_from_inbox(client, headers) -> str:
    items = client.get("/api/notifications", headers=headers).get_json()["items"]
    mine = [i for i in items if i["kind"] == "assisted_consent"]
    assert mine, items
    return re.search(r"Kode: (\d{6})", mine[0]["body"]).group(1)


def ask(client, headers, nik: str, method: str = "code"):
    return client.post(f"{BASE}/consents", json={"nik": nik, "method": method}, headers=headers)


def file(client, headers, body: dict, key: str | None = None):
    return client.post(f"{BASE}/applications", json=body, headers={**headers, "Idempotency-Key": key or str(uuid.uuid4())})


def count(app, model, **where) -> int:
    with app.app_context():
        query = select(func.count()).select_from(model)
        for name, value in where.items():
            query = query.where(getattr(model, name) == value)
        return db.session.scalar(query)


def test_an_officer_cannot_use_the_residents_endpoint_today(client, auth_headers, officer, resident, kk_service):
    body = {k: v for k, v in kk_body(1, kk_service, resident).items() if k != "consent_id"}
    response = client.post("/api/applications", json={**body, "region_code": "35.74"},
                           headers=auth_headers(officer, **{"Idempotency-Key": str(uuid.uuid4())}))
    assert response.status_code == 403


def test_lookup_masks_the_name_and_says_how_to_reach_the_resident(client, auth_headers, officer, make_user):
    person = make_user("resident", full_name="Siti Wulandari")
    found = client.post(f"{BASE}/lookup", json={"nik": person.nik}, headers=auth_headers(officer)).get_json()
    assert found == {"exists": True, "masked_name": "S*** W********", "has_phone": True, "has_email": True, "has_app": False}
    missing = client.post(f"{BASE}/lookup", json={"nik": "3574014507991234"}, headers=auth_headers(officer)).get_json()
    assert missing["exists"] is False and missing["masked_name"] is None
    log = client.get("/api/me/access-log", headers=auth_headers(person)).get_json()["items"]
    assert [(e["action"], e["object_type"], e["actor_role"]) for e in log] == [("read", "account", "officer")]


def test_consent_by_code_then_the_resident_sees_the_application_and_the_audit_line(
        client, app, auth_headers, officer, resident, kk_service):
    officer_h, resident_h = auth_headers(officer), auth_headers(resident)
    consent = ask(client, officer_h, resident.nik).get_json()
    assert consent["state"] == "waiting" and consent["method"] == "code"
    # before the code, nothing can be filed
    early = file(client, officer_h, kk_body(consent["id"], kk_service, resident))
    assert early.status_code == 409 and early.get_json()["type"].endswith("consent-not-confirmed")
    code = code_from_inbox(client, resident_h)
    inbox = client.get("/api/notifications", headers=resident_h).get_json()["items"][0]
    assert "Petugas Disdukcapil meminta izin" in inbox["body"]
    confirmed = client.post(f"{BASE}/consents/{consent['id']}/confirm", json={"code": code}, headers=officer_h)
    assert confirmed.status_code == 200 and confirmed.get_json()["state"] == "confirmed"

    filed = file(client, officer_h, kk_body(consent["id"], kk_service, resident))
    assert filed.status_code == 201, filed.get_json()
    application = filed.get_json()
    first = application["history"][0]
    assert first["actor_role"] == "officer" and first["note"] == "Diajukan oleh petugas Disdukcapil"

    mine = client.get("/api/applications", headers=resident_h).get_json()["items"]
    assert [a["id"] for a in mine] == [application["id"]]
    kinds = [n["kind"] for n in client.get("/api/notifications", headers=resident_h).get_json()["items"]]
    assert "application_status" in kinds  # "sudah diterima", to the resident
    log = client.get("/api/me/access-log", headers=resident_h).get_json()["items"]
    filing = [e for e in log if e["action"] == "assisted_filing"]
    assert len(filing) == 1 and filing[0]["object_type"] == "application"
    assert filing[0]["detail"] == application["tracking_number"] and filing[0]["agency"]["short"] == "Disdukcapil"
    assert any(e["action"] == "assisted_consent" for e in log)
    with app.app_context():
        row = db.session.scalar(select(AssistedFiling))
        assert (row.application_id, row.resident_id, row.officer_id) == (application["id"], resident.id, officer.id)
        assert db.session.get(Application, application["id"]).user_id == resident.id


def test_a_wrong_code_counts_and_five_void_the_request(client, app, auth_headers, officer, resident):
    officer_h = auth_headers(officer)
    consent = ask(client, officer_h, resident.nik).get_json()
    code = code_from_inbox(client, auth_headers(resident))
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        response = client.post(f"{BASE}/consents/{consent['id']}/confirm", json={"code": wrong}, headers=officer_h)
        assert response.status_code == 422 and "code" in response.get_json()["errors"]
    late = client.post(f"{BASE}/consents/{consent['id']}/confirm", json={"code": code}, headers=officer_h)
    assert late.status_code == 410
    with app.app_context():
        assert db.session.scalar(select(AssistedConsent.attempts)) == 5


def test_consent_in_person_with_the_ktp_checked(client, auth_headers, officer, resident, kk_service):
    officer_h = auth_headers(officer)
    consent = ask(client, officer_h, resident.nik, "in_person").get_json()
    unchecked = client.post(f"{BASE}/consents/{consent['id']}/confirm", json={"ktp_number": resident.nik,
                            "consent_recorded": True, "ktp_checked": False}, headers=officer_h)
    assert unchecked.status_code == 422 and "ktp_checked" in unchecked.get_json()["errors"]
    other = client.post(f"{BASE}/consents/{consent['id']}/confirm", json={"ktp_number": "3574014507909999",
                        "consent_recorded": True, "ktp_checked": True}, headers=officer_h)
    assert other.status_code == 422 and "ktp_number" in other.get_json()["errors"]
    ok = client.post(f"{BASE}/consents/{consent['id']}/confirm", json={"ktp_number": resident.nik,
                     "consent_recorded": True, "ktp_checked": True}, headers=officer_h)
    assert ok.status_code == 200 and ok.get_json()["state"] == "confirmed"
    assert file(client, officer_h, kk_body(consent["id"], kk_service, resident)).status_code == 201
    # no code was sent for an in-person consent
    kinds = [n["kind"] for n in client.get("/api/notifications", headers=auth_headers(resident)).get_json()["items"]]
    assert "assisted_consent" not in kinds


def _confirmed_in_person(client, headers, resident) -> int:
    consent = ask(client, headers, resident.nik, "in_person").get_json()
    response = client.post(f"{BASE}/consents/{consent['id']}/confirm", json={"ktp_number": resident.nik,
                           "consent_recorded": True, "ktp_checked": True}, headers=headers)
    assert response.status_code == 200
    return consent["id"]


@pytest.mark.parametrize("other", [{"agency_code": "POLRI"}, {"region_code": "12.71"}])
def test_an_officer_of_another_agency_or_region_is_refused(client, app, auth_headers, officer, make_user, resident,
                                                            kk_service, other):
    consent_id = _confirmed_in_person(client, auth_headers(officer), resident)
    stranger = make_user("officer", **other)
    stranger_h = auth_headers(stranger)
    refused = file(client, stranger_h, kk_body(consent_id, kk_service, resident))
    assert refused.status_code == 404 and refused.headers["Content-Type"].startswith("application/problem+json")
    assert client.get(f"{BASE}/consents/{consent_id}/form?service_id={kk_service}", headers=stranger_h).status_code == 404
    # with a consent of their own, the Polri officer still cannot file a Disdukcapil service
    own = _confirmed_in_person(client, stranger_h, resident)
    out_of_scope = file(client, stranger_h, kk_body(own, kk_service, resident))
    if "agency_code" in other:
        assert out_of_scope.status_code == 403 and out_of_scope.get_json()["type"].endswith("service-out-of-scope")
    assert count(app, Application, user_id=resident.id) == (0 if "agency_code" in other else 1)


def test_a_transferred_officer_loses_the_consent(client, app, auth_headers, officer, resident, kk_service):
    consent_id = _confirmed_in_person(client, auth_headers(officer), resident)
    with app.app_context():
        db.session.get(User, officer.id).region_code = "12.71"
        db.session.commit()
    assert file(client, auth_headers(officer), kk_body(consent_id, kk_service, resident)).status_code == 404


def test_residents_and_admins_cannot_file_for_others(client, auth_headers, resident, admin, officer, kk_service):
    consent_id = _confirmed_in_person(client, auth_headers(officer), resident)
    for who in (resident, admin):
        assert file(client, auth_headers(who), kk_body(consent_id, kk_service, resident)).status_code == 403
    assert client.post(f"{BASE}/lookup", json={"nik": resident.nik}).status_code == 401


def test_filing_is_exactly_once_per_key_and_a_replay_returns_the_same(client, app, auth_headers, officer, resident, kk_service):
    officer_h = auth_headers(officer)
    consent_id = _confirmed_in_person(client, officer_h, resident)
    key = str(uuid.uuid4())
    body = kk_body(consent_id, kk_service, resident)
    first = file(client, officer_h, body, key)
    again = file(client, officer_h, body, key)
    assert first.status_code == again.status_code == 201 and again.headers.get("Idempotent-Replayed") == "true"
    assert first.get_json()["id"] == again.get_json()["id"]
    changed = file(client, officer_h, {**body, "data": {**body["data"], "kk_number": "3574010101010001"}}, key)
    assert changed.status_code == 422
    assert count(app, Application, user_id=resident.id) == 1 and count(app, AssistedFiling) == 1


def test_the_window_ends_and_a_form_filled_offline_inside_it_still_lands(client, app, auth_headers, officer, resident,
                                                                       kk_service, monkeypatch):
    officer_h = auth_headers(officer)
    consent_id = _confirmed_in_person(client, officer_h, resident)
    with app.app_context():
        confirmed_at = db.session.get(AssistedConsent, consent_id).confirmed_at
    later = confirmed_at + timedelta(hours=2)
    monkeypatch.setattr("backend.assisted.routes.utcnow", lambda: later)
    inside = kk_body(consent_id, kk_service, resident)
    inside["client_created_at"] = (confirmed_at + timedelta(minutes=10)).isoformat()
    outside = {**inside, "client_created_at": (confirmed_at + timedelta(minutes=40)).isoformat()}
    assert file(client, officer_h, outside).status_code == 410
    assert file(client, officer_h, inside).status_code == 201
    monkeypatch.setattr("backend.assisted.routes.utcnow", lambda: utcnow() + timedelta(days=2))
    assert file(client, officer_h, {**inside, "data": {**inside["data"], "kk_number": "3574010101010002"}}).status_code == 410


def test_closing_ends_the_window(client, auth_headers, officer, resident, kk_service):
    officer_h = auth_headers(officer)
    consent_id = _confirmed_in_person(client, officer_h, resident)
    assert client.post(f"{BASE}/consents/{consent_id}/close", headers=officer_h).get_json()["state"] == "closed"
    assert file(client, officer_h, kk_body(consent_id, kk_service, resident)).status_code == 410


def test_a_walk_in_without_an_account_is_registered_without_a_password(client, app, auth_headers, officer, kk_service):
    officer_h = auth_headers(officer)
    person = {"nik": "3574015203880002", "full_name": "Budi Santoso", "birth_date": "1988-03-12", "gender": "L"}
    unconsented = client.post(f"{BASE}/residents", json={**person, "ktp_checked": True, "consent_recorded": False},
                              headers=officer_h)
    assert unconsented.status_code == 422 and "consent_recorded" in unconsented.get_json()["errors"]
    made = client.post(f"{BASE}/residents", json={**person, "ktp_checked": True, "consent_recorded": True}, headers=officer_h)
    assert made.status_code == 201, made.get_json()
    assert made.get_json()["state"] == "confirmed" and made.get_json()["method"] == "registered"
    with app.app_context():
        user = db.session.scalar(select(User).where(User.nik == person["nik"]))
        assert user.role == "resident" and user.password_hash is None
        user_id = user.id
    login = client.post("/api/auth/login", json={"identifier": person["nik"], "password": "anything-at-all-1"})
    assert login.status_code in (400, 401)
    body = kk_body(made.get_json()["id"], kk_service, user, phone="081234567890")
    assert file(client, officer_h, body).status_code == 201
    assert count(app, Application, user_id=user_id) == 1
    again = client.post(f"{BASE}/residents", json={**person, "ktp_checked": True, "consent_recorded": True}, headers=officer_h)
    assert again.status_code == 409


def test_documents_scanned_at_the_counter_go_to_the_residents_vault(client, app, auth_headers, officer, resident, kk_service):
    officer_h = auth_headers(officer)
    consent_id = _confirmed_in_person(client, officer_h, resident)
    response = client.post(f"{BASE}/consents/{consent_id}/documents", headers=officer_h, content_type="multipart/form-data",
                           data={"document_type": "kk", "file": (io.BytesIO(PDF), "scan.pdf", "application/pdf")})
    assert response.status_code == 201, response.get_json()
    document_id = response.get_json()["id"]
    vault = client.get("/api/documents", headers=auth_headers(resident)).get_json()["items"]
    assert [d["id"] for d in vault] == [document_id]
    form = client.get(f"{BASE}/consents/{consent_id}/form?service_id={kk_service}", headers=officer_h).get_json()
    assert form["prefill"]["nik"]["value"] == resident.nik and form["documents"][0]["id"] == document_id
    filed = file(client, officer_h, kk_body(consent_id, kk_service, resident, kk_scan=document_id))
    assert filed.status_code == 201 and filed.get_json()["documents"] == [document_id]
    log = client.get("/api/me/access-log", headers=auth_headers(resident)).get_json()["items"]
    assert {"assisted_upload", "assisted_filing", "read"} <= {e["action"] for e in log}
    # the officer's own vault has nothing
    assert client.get("/api/documents", headers=officer_h).get_json()["items"] == []


def test_the_export_lists_the_consents(client, auth_headers, officer, resident, kk_service):
    consent_id = _confirmed_in_person(client, auth_headers(officer), resident)
    filed = file(client, auth_headers(officer), kk_body(consent_id, kk_service, resident)).get_json()
    exported = client.get("/api/me/export", headers=auth_headers(resident)).get_json()["assisted_consents"]
    assert exported[0]["agency"] == "Disdukcapil" and exported[0]["application_ids"] == [filed["id"]]


def test_a_code_request_notifies_once_and_a_new_one_replaces_it(client, app, auth_headers, officer, resident):
    officer_h = auth_headers(officer)
    first = ask(client, officer_h, resident.nik).get_json()
    second = ask(client, officer_h, resident.nik).get_json()
    assert client.get(f"{BASE}/consents/{first['id']}", headers=officer_h).get_json()["state"] == "closed"
    assert client.get(f"{BASE}/consents/{second['id']}", headers=officer_h).get_json()["state"] == "waiting"
    assert count(app, Notification, user_id=resident.id, kind="assisted_consent") == 2
    assert ask(client, officer_h, "3574014507991234").status_code == 404


def test_every_assisted_step_in_the_access_log_has_a_label_in_both_languages():
    """The resident's access log names each step in words ("Diajukan oleh petugas"), never the action code."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    actions = set(re.findall(r'action="(assisted_[a-z_]+)"', (root / "backend/assisted/services.py").read_text()))
    assert {"assisted_consent", "assisted_filing", "assisted_upload", "assisted_register"} <= actions
    source = (root / "pwa/i18n-account.js").read_text()
    id_part, en_part = source.split("export const en", 1)
    for part in (id_part, en_part):
        assert all(f'"access.{a}":' in part for a in actions), actions


@given(steps=st.lists(st.sampled_from(["wrong", "right", "wait"]), min_size=1, max_size=9))
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_code_consent_is_confirmed_only_by_its_code_in_time_and_within_the_attempts(app, officer, resident, steps):
    """Any sequence of wrong codes, the right code and waiting: confirmed iff the right code comes before
    the fifth wrong one and before the code's 10 minutes are up; once confirmed it stays confirmed."""
    from backend.assisted import services
    from backend.errors import Problem

    secret = "test-secret"
    with app.app_context():
        officer_row, now = db.session.get(User, officer.id), utcnow()
        consent = services.request_consent(db.session, officer_row, resident.nik, "code", secret=secret, now=now)
        code = db.session.scalars(select(Notification).where(Notification.user_id == resident.id)
                                  .order_by(Notification.id.desc())).first().params["code"]
        wrong = "000000" if code != "000000" else "111111"
        confirmed, wrongs, elapsed = False, 0, timedelta(0)
        for step in steps:
            if step == "wait":
                elapsed += timedelta(minutes=4)
                continue
            live = wrongs < services.MAX_ATTEMPTS and elapsed < timedelta(minutes=services.CODE_MINUTES)
            try:
                services.confirm(db.session, officer_row, consent.id, code=code if step == "right" else wrong,
                                 ktp_number=None, secret=secret, now=now + elapsed)
                outcome = "ok"
            except Problem as problem:
                outcome = problem.status
            if confirmed:
                assert outcome == "ok"  # confirming twice is harmless (the window is checked when filing)
            elif not live:
                assert outcome == 410
            elif step == "right":
                assert outcome == "ok"
                confirmed = True
            else:
                assert outcome == 422
                wrongs += 1
        assert (consent.confirmed_at is not None) == confirmed
        db.session.rollback()


@pytest.fixture
def limited(test_config):
    """A second app on the same database with rate limits on and small assisted-filing limits."""
    import os

    from backend.app import create_app
    from backend.extensions import limiter

    storage = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    app = create_app({**test_config, "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": storage,
                      "ASSISTED_RATE_LIMIT": "4 per hour", "ASSISTED_CONFIRM_LIMIT": "3 per hour",
                      # officer ids start again in each test database; Redis counters outlive it
                      "RATELIMIT_KEY_PREFIX": f"assisted-test-{uuid.uuid4().hex}"})
    yield app.test_client()
    limiter.enabled = False
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_look_ups_and_wrong_confirmations_are_rate_limited_per_officer(limited, client, auth_headers, make_user, resident):
    officer = make_user("officer", full_name="Petugas Cepat")
    headers = auth_headers(officer)
    for _ in range(4):
        assert limited.post(f"{BASE}/lookup", json={"nik": resident.nik}, headers=headers).status_code == 200
    blocked = limited.post(f"{BASE}/lookup", json={"nik": resident.nik}, headers=headers)
    assert blocked.status_code == 429 and blocked.get_json()["code"] == "rate-limited"
    consent = limited.post(f"{BASE}/consents", json={"nik": resident.nik, "method": "in_person"}, headers=headers).get_json()
    wrong = {"ktp_number": "3574014507909999", "ktp_checked": True, "consent_recorded": True}
    for _ in range(3):
        assert limited.post(f"{BASE}/consents/{consent['id']}/confirm", json=wrong, headers=headers).status_code == 422
    assert limited.post(f"{BASE}/consents/{consent['id']}/confirm", json=wrong, headers=headers).status_code == 429
    # another officer is not held up by this one
    other = auth_headers(make_user("officer", full_name="Petugas Lain"))
    assert limited.post(f"{BASE}/lookup", json={"nik": resident.nik}, headers=other).status_code == 200
