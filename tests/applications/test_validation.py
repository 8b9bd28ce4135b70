"""Form validation against the exact version filled in: a table per field type, versions, targets."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from backend.catalogue.models import FormDefinition
from backend.extensions import db
from backend.timeutil import utcnow


def _errors(response) -> dict:
    assert response.status_code == 422, response.get_json()
    assert response.mimetype == "application/problem+json"
    return response.get_json()["errors"]


@pytest.mark.parametrize(
    ("field", "value", "ok"),
    [
        # nik
        ("nik", "3574014507900001", True),
        ("nik", "357401450790000", False),
        ("nik", "35740145079000011", False),
        ("nik", "35740145079000a1", False),
        ("nik", "9974014507900001", False),  # no such province
        ("nik", 3574014507900001, False),  # a number, not text
        # phone
        ("phone", "081234567890", True),
        ("phone", "+6281234567890", True),
        ("phone", "0812-3456-7890", True),
        ("phone", "6281234567890", True),
        ("phone", "0212345678", False),  # a landline, not a mobile number
        ("phone", "08123", False),
        ("phone", "0812345678901234", False),
        ("phone", "+1 555 0100", False),
        # text with max_length 100
        ("full_name", "Siti Aminah", True),
        ("full_name", "", False),
        ("full_name", "   ", False),
        ("full_name", "x" * 101, False),
        ("full_name", ["Siti"], False),
        # select
        ("request_type", "baru", True),
        ("request_type", "pindah_planet", False),
        ("request_type", None, False),
        # required checkbox: must be ticked
        ("agree", True, True),
        ("agree", False, False),
        ("agree", "maybe", False),
        # optional text with exact length 16
        ("kk_number", "3574010101010001", True),
        ("kk_number", "357401", False),
        ("kk_number", None, True),
        ("kk_number", "", True),
    ],
)
def test_kartu_keluarga_fields(resident, kk_payload, submit, field, value, ok):
    response = submit(resident, kk_payload(resident, **{field: value}))
    if ok:
        assert response.status_code == 201, response.get_json()
    else:
        assert f"data.{field}" in _errors(response)


@pytest.mark.parametrize(
    ("field", "value", "ok"),
    [
        ("members_moving", 3, True),
        ("members_moving", "4", True),
        ("members_moving", 20, True),
        ("members_moving", 0, False),
        ("members_moving", 21, False),
        ("members_moving", "tiga", False),
        ("members_moving", True, False),
        ("destination_address", "Jl. Mawar 3, Medan", True),
        ("destination_address", "x" * 301, False),
        ("moving_reason", "pekerjaan", True),
        ("moving_reason", "Pekerjaan", False),
    ],
)
def test_surat_pindah_number_textarea_select(resident, service_id, submit, document, field, value, ok):
    kk = document(resident, "kk")
    data = {"nik": resident.nik, "full_name": resident.full_name, "phone": resident.phone,
            "kk_number": "3574010101010001", "destination_address": "Jl. Mawar 3, Medan", "moving_reason": "keluarga",
            "members_moving": 2, "kk_scan": kk, "agree": True, field: value}
    payload = {"service_id": service_id("surat-pindah"), "region_code": "35.74", "form_version": 1, "data": data,
               "client_created_at": "2026-11-28T08:00:00Z"}
    response = submit(resident, payload)
    if ok:
        assert response.status_code == 201, response.get_json()
        if field == "members_moving":
            assert response.get_json()["data"]["members_moving"] == int(value)
    else:
        assert f"data.{field}" in _errors(response)


def _akta_kematian(resident, service_id, **overrides):
    data = {"nik": resident.nik, "full_name": resident.full_name, "phone": resident.phone,
            "deceased_nik": "3574010101500002", "deceased_name": "Almarhum Budi", "date_of_death": "2026-11-20",
            "relationship": "orang_tua", "agree": True, **overrides}
    return {"service_id": service_id("akta-kematian"), "region_code": "35.74", "form_version": 1, "data": data,
            "client_created_at": "2026-11-28T08:00:00Z"}


@pytest.mark.parametrize(("value", "ok"), [("2026-11-20", True), ("2026-02-30", False), ("20-11-2026", False),
                                           ("2026-11-20T10:00:00", False), (20261120, False)])
def test_date_field(resident, service_id, submit, document, value, ok):
    payload = _akta_kematian(resident, service_id, date_of_death=value, death_statement=document(resident, "surat_keterangan"),
                             kk_scan=document(resident, "kk"))
    response = submit(resident, payload)
    assert (response.status_code == 201) is ok, response.get_json()
    if not ok:
        assert "data.date_of_death" in _errors(response)


def test_document_fields_must_be_mine_and_of_the_right_type(resident, make_user, service_id, submit, document):
    other = make_user("resident")
    statement, kk = document(resident, "surat_keterangan"), document(resident, "kk")
    theirs = document(other, "kk")
    wrong_type = _akta_kematian(resident, service_id, death_statement=kk, kk_scan=statement)
    errors = _errors(submit(resident, wrong_type))
    assert {"data.death_statement", "data.kk_scan"} <= set(errors)
    # the message is for the resident: it never shows internal type keys (the field's label says what is wanted)
    assert "Jenis dokumen tidak sesuai" in errors["data.death_statement"][0]
    assert "surat_keterangan" not in errors["data.death_statement"][0] and "_" not in errors["data.kk_scan"][0]
    not_mine = _akta_kematian(resident, service_id, death_statement=statement, kk_scan=theirs)
    assert "data.kk_scan" in _errors(submit(resident, not_mine))
    missing = _akta_kematian(resident, service_id, death_statement=statement, kk_scan=999999)
    assert "data.kk_scan" in _errors(submit(resident, missing))
    as_text = _akta_kematian(resident, service_id, death_statement=str(statement), kk_scan=kk)
    assert "data.death_statement" in _errors(submit(resident, as_text))
    required = _akta_kematian(resident, service_id, death_statement=statement)
    assert "data.kk_scan" in _errors(submit(resident, required))
    good = submit(resident, _akta_kematian(resident, service_id, death_statement=statement, kk_scan=kk))
    assert good.status_code == 201
    assert good.get_json()["documents"] == sorted([statement, kk])


def test_unknown_and_missing_fields_are_rejected(resident, kk_payload, submit):
    payload = kk_payload(resident, favourite_colour="biru")
    del payload["data"]["nik"]
    errors = _errors(submit(resident, payload))
    assert "data.favourite_colour" in errors
    assert "data.nik" in errors


def test_errors_are_localised(client, resident, kk_payload, auth_headers):
    import uuid

    payload = kk_payload(resident, phone="12", agree=False)
    for lang, word in (("id", "Nomor ponsel"), ("en", "mobile number")):
        response = client.post("/api/applications", json=payload, headers=auth_headers(
            resident, **{"Idempotency-Key": str(uuid.uuid4()), "Accept-Language": lang}))
        assert word in response.get_json()["errors"]["data.phone"][0]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"service_id": 999999}, "service_id"),
        ({"region_code": "99.99"}, "region_code"),
        ({"form_version": 7}, "form_version"),
        ({"client_created_at": "kemarin"}, "client_created_at"),
        ({"data": "nik=1"}, "data"),
    ],
)
def test_bad_targets_are_422(resident, kk_payload, submit, change, field):
    payload = {**kk_payload(resident), **change}
    assert field in _errors(submit(resident, payload))


def test_counter_only_service_cannot_be_applied_for_online(resident, service_id, submit):
    payload = {"service_id": service_id("ktp-el-baru"), "region_code": "35.74", "form_version": 1, "data": {},
               "client_created_at": "2026-11-28T08:00:00Z"}
    assert "service_id" in _errors(submit(resident, payload))


def test_service_not_offered_in_the_region_is_422(app, resident, service_id, submit, document):
    from backend.catalogue import services as catalogue

    with app.app_context():
        skck = service_id("skck")
        region = next(r.code for r in catalogue.list_regions(db.session)
                      if not catalogue.service_offered_in(db.session, skck, r.code))
    payload = {"service_id": skck, "region_code": region, "form_version": 1, "data": {},
               "client_created_at": "2026-11-28T08:00:00Z"}
    assert "region_code" in _errors(submit(resident, payload))


@pytest.fixture
def new_form_version(app, service_id):
    """Publish version 2 of the Kartu Keluarga form; version 1 becomes grace (or retired)."""
    made = []

    def publish(old_status: str, grace_until=None):
        with app.app_context():
            sid = service_id("kartu-keluarga")
            old = db.session.scalar(select(FormDefinition).where(FormDefinition.service_id == sid,
                                                                 FormDefinition.version == 1))
            old.status, old.grace_until = old_status, grace_until
            fields = [f for f in old.fields if f["key"] != "kk_number"]
            new = FormDefinition(service_id=sid, version=2, fields=fields, status="current")
            db.session.add(new)
            db.session.commit()
            made.append(new.id)

    yield publish
    with app.app_context():
        sid = service_id("kartu-keluarga")
        for form_id in made:
            db.session.delete(db.session.get(FormDefinition, form_id))
        old = db.session.scalar(select(FormDefinition).where(FormDefinition.service_id == sid, FormDefinition.version == 1))
        old.status, old.grace_until = "current", None
        db.session.commit()


def test_old_version_in_grace_is_accepted_against_its_own_fields(resident, kk_payload, submit, new_form_version):
    new_form_version("grace", utcnow() + timedelta(days=7))
    response = submit(resident, kk_payload(resident, kk_number="3574010101010001"))
    assert response.status_code == 201
    assert response.get_json()["form_version"] == 1
    # version 2 dropped kk_number: sending it there is an unknown field
    v2 = {**kk_payload(resident, kk_number="3574010101010001"), "form_version": 2}
    assert "data.kk_number" in _errors(submit(resident, v2))


@pytest.mark.parametrize("status", ["retired", "grace-expired"])
def test_retired_or_expired_version_is_409_asking_to_refill(client, resident, kk_payload, submit, new_form_version, status):
    if status == "retired":
        new_form_version("retired")
    else:
        new_form_version("grace", utcnow() - timedelta(minutes=1))
    response = submit(resident, kk_payload(resident))
    assert response.status_code == 409
    body = response.get_json()
    assert body["code"] == "form-outdated"
    assert body["current_version"] == 2
    assert "isi ulang" in body["detail"]


def test_form_endpoint_prefills_from_profile_and_vault(client, resident, service_id, auth_headers, document):
    kk = document(resident, "kk")
    response = client.get(f"/api/services/{service_id('kartu-keluarga')}/form", headers=auth_headers(resident))
    assert response.status_code == 200
    body = response.get_json()
    assert body["version"] == 1
    assert body["fields"][0]["key"] == "nik"
    assert body["prefill"]["nik"] == {"value": resident.nik, "source": "profile"}
    assert body["prefill"]["phone"]["value"] == resident.phone
    assert body["prefill"]["kk_scan"] == {"value": kk, "source": "document", "document_id": kk}
    assert "marriage_doc" not in body["prefill"]


def test_form_endpoint_for_counter_only_service_is_404(client, resident, service_id, auth_headers):
    response = client.get(f"/api/services/{service_id('ktp-el-baru')}/form", headers=auth_headers(resident))
    assert response.status_code == 404
    assert response.get_json()["code"] == "form-not-available"


def test_only_residents_submit(officer, admin, kk_payload, submit, resident):
    assert submit(officer, kk_payload(resident)).status_code == 403
    assert submit(admin, kk_payload(resident)).status_code == 403


@pytest.mark.parametrize(
    ("field", "value", "ok"),
    [
        ("email", "siti@contoh.id", True),
        ("email", "siti@", False),
        ("email", "siti contoh.id", False),
        ("email", "a" * 250 + "@x.id", False),
        ("capital", 50_000_000, True),
        ("capital", "Infinity", False),
        ("capital", "NaN", False),
        ("capital", -1, False),
        ("workers", "12", True),
        ("workers", 100_001, False),
    ],
)
def test_nib_email_and_number_fields(resident, service_id, submit, field, value, ok):
    data = {"nik": resident.nik, "full_name": resident.full_name, "phone": resident.phone, "email": "siti@contoh.id",
            "business_name": "Warung Bu Siti", "business_activity": "Warung makan", "business_address": "Jl. Suroyo 1",
            "capital": 10_000_000, "workers": 2, "agree": True, field: value}
    payload = {"service_id": service_id("nib-oss"), "region_code": "35.74", "form_version": 1, "data": data,
               "client_created_at": "2026-11-28T08:00:00Z"}
    response = submit(resident, payload)
    if ok:
        assert response.status_code == 201, response.get_json()
    else:
        assert f"data.{field}" in _errors(response)
