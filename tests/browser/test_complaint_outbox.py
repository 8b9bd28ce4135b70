"""A complaint written offline, with a new photo, goes through the outbox like a survey: it waits on
the phone, is sent when the connection is back, and is filed exactly once even when the first
answer is lost (the replay carries the same Idempotency-Key)."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .helpers import choose_mpp, sign_in, wait_for_worker
from .test_physical import check
from .test_upload import big_photo

pytestmark = pytest.mark.browser
TEXT = "Petugas gerai meminta fotokopi yang tidak ada di persyaratan."


def test_offline_complaint_with_photo_is_filed_once(page, context, server, resident_account):
    from backend.documents.models import Document
    from backend.extensions import db
    from backend.feedback.models import Complaint

    user, password = resident_account
    choose_mpp(page)
    sign_in(page, user.nik, password)
    wait_for_worker(page)
    page.goto("/pengaduan/baru?tentang=service&id=1")
    expect(page.get_by_label("Hal yang diadukan")).to_have_value("service:1")

    context.set_offline(True)
    page.reload()
    expect(page.get_by_label("Hal yang diadukan")).to_have_value("service:1")
    page.get_by_label("Isi pengaduan").fill(TEXT)
    page.get_by_label("Foto pendukung").select_option(value="new")
    page.get_by_label("Foto baru").set_input_files({"name": "gerai.png", "mimeType": "image/png", "buffer": big_photo(800, 600)})
    expect(page.get_by_text("KB)", exact=False)).to_be_visible()
    check(page, "43-pengaduan-luring")
    page.get_by_role("button", name="Kirim pengaduan").click()
    expect(page.get_by_role("heading", name="Pengaduan saya")).to_be_visible()
    waiting = page.locator('[data-state="pending"]')
    expect(waiting).to_contain_text("Menunggu koneksi")
    expect(waiting).to_contain_text(TEXT)
    check(page, "44-pengaduan-menunggu")
    assert server.count(Complaint) == 0

    server.faults.fail("/api/complaints", times=1, status=502, after=True)  # filed, but the answer is lost
    context.set_offline(False)
    expect(page.get_by_text(TEXT)).to_be_visible()
    expect(page.get_by_text("Dijawab paling lambat")).to_be_visible(timeout=30000)
    expect(page.locator('[data-state="pending"]')).to_have_count(0)
    assert server.faults.count("POST", "/api/complaints") >= 2  # replayed after the lost answer
    assert server.count(Complaint) == 1
    with server.app.app_context():
        complaint = db.session.query(Complaint).one()
        photo = db.session.get(Document, complaint.document_id)
        assert photo is not None and photo.owner_id == user.id and photo.content_type.startswith("image/")
        assert complaint.idempotency_key and complaint.text == TEXT

    page.evaluate("localStorage.setItem('mpp.lang', 'en')")
    page.reload()
    expect(page.get_by_role("heading", name="My complaints")).to_be_visible()
    check(page, "44-pengaduan-en")
