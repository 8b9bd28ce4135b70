"""One source for field rules: the served form definition carries patterns, limits and accepted
document types; the PWA's checks (pwa/fields.js) and the API give the same verdict for the same
values; the document picker offers only accepted types; the outbox shows labels, never keys."""
from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.documents.files import PDF, upload

from .helpers import sign_in, wait_for_worker
from .test_physical import api_token
from .test_physical import check as screen_check

pytestmark = pytest.mark.browser

CASES = [  # (field, value, valid?) — the same verdict is required from client and server
    ("phone", "081234567890", True), ("phone", "021-5551234", False), ("phone", "(0812) 3456 7890", True),
    ("phone", "0812.3456.7890", True), ("phone", "+6281234567890", True), ("phone", "6281234567890", True),
    ("phone", "0812", False), ("phone", "08123456789012345", False), ("phone", "telepon saya", False),
    ("phone", "0812-3456-7890-1234-5", False), ("phone", "٠٨١٢٣٤٥٦٧٨٩٠", False),
    ("nik", "3574014507900001", True), ("nik", "357401450790000", False), ("nik", "9974014507900001", False),
    ("nik", "3574019907900001", False), ("nik", "3574014507900000", False), ("nik", "35740145079000a1", False),
    ("full_name", "S" * 100, True), ("full_name", "S" * 101, False),
    ("birth_date", "1990-07-05", True), ("birth_date", "1990-02-30", False), ("birth_date", "19900705", False),
    ("purpose", "lainnya", True), ("purpose", "jalan-jalan", False),
]


def _skck(server):
    from backend.catalogue.models import Service
    from backend.extensions import db

    with server.app.app_context():
        return db.session.scalar(select(Service.id).where(Service.code == "skck"))


def _good_data(docs: dict) -> dict:
    return {"nik": "3574014507900001", "full_name": "Siti Rahmawati", "phone": "081234567890", "birth_date": "1990-07-05",
            "birth_place": "Probolinggo", "purpose": "melamar_kerja", "ktp_scan": docs["ktp"], "photo": docs["pas_foto"],
            "birth_cert_or_diploma": docs["akta_kelahiran"], "agree": True}


def _server_verdict(client, headers, service_id, version, data) -> dict:
    response = client.post("/api/applications", headers={**headers, "Idempotency-Key": str(uuid.uuid4())}, json={
        "service_id": service_id, "region_code": "35.74", "form_version": version, "data": data,
        "client_created_at": "2026-12-01T08:00:00+07:00"})
    assert response.status_code in (201, 422), response.get_json()
    return {} if response.status_code == 201 else response.get_json().get("errors", {})


def test_client_and_server_give_the_same_verdict(page, server, resident_account):
    user, password = resident_account
    client = server.app.test_client()
    headers = api_token(server, user.nik, password)
    docs = {kind: upload(client, headers, PDF, document_type=kind).get_json()["id"] for kind in ("ktp", "pas_foto", "akta_kelahiran", "kk")}
    service_id = _skck(server)
    definition = client.get(f"/api/services/{service_id}/form", headers=headers).get_json()
    by_key = {f["key"]: f for f in definition["fields"]}
    assert by_key["phone"]["rules"]["pattern"] and by_key["ktp_scan"]["rules"]["document_types"] == ["ktp"]
    catalogue = client.get(f"/api/services/{service_id}").get_json()["form"]["fields"]
    assert [f.get("rules") for f in catalogue] == [f["rules"] for f in definition["fields"]]  # the offline copy too

    page.goto("/")
    client_verdicts = page.evaluate("""async ([fields, cases]) => {
        const { check } = await import('/pwa/fields.js');
        const byKey = Object.fromEntries(fields.map((f) => [f.key, f]));
        return cases.map(([key, value]) => check(byKey[key], value) === null);
    }""", [definition["fields"], [[k, v] for k, v, _ in CASES]])
    server_verdicts = []
    for key, value, _ in CASES:
        errors = _server_verdict(client, headers, service_id, definition["version"], {**_good_data(docs), key: value})
        assert set(errors) <= {f"data.{key}"}, errors
        server_verdicts.append(not errors)
    expected = [valid for _, _, valid in CASES]
    table = list(zip([c[:2] for c in CASES], client_verdicts, server_verdicts, strict=True))
    assert client_verdicts == server_verdicts, [row for row in table if row[1] != row[2]]
    assert server_verdicts == expected, [row for row, want in zip(table, expected, strict=True) if row[2] != want]

    # documents: the picker's test and the server agree on every type
    accepted = page.evaluate("""async ([def, docs]) => {
        const { acceptsDocument } = await import('/pwa/fields.js');
        return docs.map((d) => acceptsDocument(def, d));
    }""", [by_key["ktp_scan"], [{"id": i, "document_type": k} for k, i in docs.items()]])
    by_server = [not _server_verdict(client, headers, service_id, definition["version"], {**_good_data(docs), "ktp_scan": i})
                 for i in docs.values()]
    assert accepted == by_server == [True, False, False, False]


def test_picker_offers_only_accepted_types_and_errors_name_labels(page, server, resident_account):
    user, password = resident_account
    client = server.app.test_client()
    headers = api_token(server, user.nik, password)
    docs = {kind: upload(client, headers, PDF, document_type=kind, filename=f"{kind}.pdf").get_json()["id"]
            for kind in ("ktp", "kk", "npwp")}
    service_id = _skck(server)
    page.goto("/")
    page.evaluate("localStorage.setItem('mpp.region', '35.74')")
    sign_in(page, user.nik, password)
    wait_for_worker(page)
    page.goto(f"/layanan/{service_id}/ajukan")
    picker = page.get_by_label("Pindaian KTP-el", exact=True)
    expect(picker).to_be_visible()
    options = picker.locator("option").all_inner_texts()
    assert any("ktp.pdf" in o for o in options)
    assert not any("kk.pdf" in o or "npwp.pdf" in o for o in options), options
    picker.scroll_into_view_if_needed()
    screen_check(page, "41-pilih-dokumen")

    # an entry the server refuses (a document of the wrong type, queued by an older app version):
    # the list names the field by its label, never by its key
    definition = client.get(f"/api/services/{service_id}/form", headers=headers).get_json()
    version = definition["version"]
    labels = {f["key"]: f["label"] for f in definition["fields"]}
    body = {"service_id": service_id, "region_code": "35.74", "form_version": version,
            "data": {**_good_data({"ktp": docs["kk"], "pas_foto": docs["ktp"], "akta_kelahiran": docs["ktp"]})},
            "client_created_at": "2026-12-01T08:00:00+07:00"}
    page.evaluate(
        """async ([body, labels]) => {
        const { enqueue } = await import('/pwa/outbox.js');
        await enqueue({ kind: 'create', url: '/api/applications', label: {id: 'SKCK', en: 'SKCK'},
                        service_id: body.service_id, body, blobs: [], labels });
    }""",
        [body, labels],
    )
    page.goto("/permohonan")
    failed = page.locator('[data-state="failed"]')
    expect(failed).to_be_visible(timeout=15000)
    expect(failed).to_contain_text("Pindaian KTP-el:")
    expect(failed).to_contain_text("Pas foto 4x6 latar merah:")
    for key in ("ktp_scan", "photo", "birth_cert_or_diploma", "data.", "akta_kelahiran", "pas_foto"):
        assert key not in failed.inner_text()
    screen_check(page, "42-perlu-perhatian")
    page.evaluate("localStorage.setItem('mpp.lang', 'en')")
    page.reload()
    expect(page.locator('[data-state="failed"]')).to_contain_text("Scan of e-KTP:")
    screen_check(page, "42-perlu-perhatian-en")
