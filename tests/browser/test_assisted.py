"""Assisted filing in Chromium: the counter officer looks the resident up, the resident's app shows the
consent code, the officer fills the same form with a document scanned at the counter while offline; the
outbox delivers it once when the connection is back, into the resident's list and access log. axe on each
screen, no sideways scroll at 180 CSS px, screenshots in both languages."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .helpers import choose_mpp, sign_in, wait_for_worker
from .test_consultation import no_violations
from .test_physical import officer_account, officer_page, officer_sign_in  # noqa: F401 - fixtures
from .test_upload import big_photo

pytestmark = pytest.mark.browser


def test_officer_files_for_a_resident_offline_through_the_outbox(page, context, server, resident_account, officer_account,
                                                                  officer_page):
    from backend.applications.models import Application
    from backend.assisted.models import AssistedFiling
    from backend.documents.models import Document
    from backend.extensions import db

    user, password = resident_account
    # the resident, at the counter with their phone
    choose_mpp(officer_page)
    sign_in(officer_page, user.nik, password)

    _, email, officer_password = officer_account
    officer_sign_in(page, email, officer_password)
    wait_for_worker(page)
    page.get_by_role("link", name="Bantu pengajuan warga").click()
    expect(page.get_by_role("heading", name="Bantu pengajuan warga")).to_be_visible()
    no_violations(page, "60-petugas-bantu-cari")
    page.get_by_label("NIK warga").fill(user.nik)
    page.get_by_role("button", name="Cari").click()
    expect(page.get_by_text("Akun ditemukan: S*** R********")).to_be_visible()
    no_violations(page, "61-petugas-bantu-izin")
    page.get_by_role("button", name="Kirim kode ke aplikasi warga").click()
    expect(page.get_by_text("Kode terkirim ke aplikasi warga")).to_be_visible()

    officer_page.goto("/kotak-masuk")
    message = officer_page.get_by_text(re.compile(r"Petugas Disdukcapil meminta izin .* Kode: \d{6}"))
    expect(message).to_be_visible()
    no_violations(officer_page, "62-warga-kode-izin")
    code = re.search(r"Kode: (\d{6})", message.inner_text()).group(1)

    page.get_by_label("Kode dari aplikasi warga").fill(code)
    page.get_by_role("button", name="Konfirmasi persetujuan").click()
    expect(page.get_by_text("Persetujuan diterima")).to_be_visible()
    no_violations(page, "63-petugas-bantu-layanan")
    page.get_by_label("Layanan Disdukcapil").select_option(label="Penerbitan Kartu Keluarga (Baru atau Perubahan)")
    page.get_by_role("button", name="Buka formulir").click()
    expect(page.get_by_text("Atas nama Siti Rahmawati")).to_be_visible()
    expect(page.get_by_label("NIK", exact=True)).to_have_value(re.compile(user.nik[:4]))

    context.set_offline(True)
    page.get_by_label("Jenis permohonan").select_option(index=1)
    page.locator("select[name=kk_scan]").select_option(value="new")
    page.get_by_label("Berkas untuk Pindaian Kartu Keluarga").set_input_files(
        {"name": "kk-pindai.png", "mimeType": "image/png", "buffer": big_photo(800, 600)})
    expect(page.get_by_text("kk-pindai")).to_be_visible()
    page.locator("form input[type='checkbox']").last.check()
    no_violations(page, "64-petugas-bantu-formulir")
    page.get_by_role("button", name="Lanjut: periksa kembali").click()
    expect(page.get_by_role("heading", name="Periksa kembali")).to_be_visible()
    no_violations(page, "65-petugas-bantu-periksa")
    page.get_by_role("button", name="Kirim permohonan").click()
    expect(page.locator("#assist-sent")).to_contain_text("Menunggu koneksi")
    no_violations(page, "66-petugas-bantu-menunggu")
    assert server.count(Application) == 0

    server.faults.fail("/api/officer/assisted/applications", times=1, status=502, after=True)  # filed, answer lost
    context.set_offline(False)
    expect(page.locator("#assist-sent")).to_contain_text("Terkirim", timeout=30000)
    assert server.faults.count("POST", "/api/officer/assisted/applications") >= 2
    assert server.count(Application) == 1
    with server.app.app_context():
        application = db.session.query(Application).one()
        assert application.user_id == user.id
        scan = db.session.query(Document).one()
        assert scan.owner_id == user.id and application.data["kk_scan"] == scan.id
        assert db.session.query(AssistedFiling).one().application_id == application.id
        tracking = application.tracking_number
    expect(page.locator("#assist-sent")).to_contain_text(tracking)

    # the resident's own app: in their list, with the officer named in the timeline and the access log
    officer_page.goto("/permohonan")
    expect(officer_page.get_by_text(tracking).first).to_be_visible()
    officer_page.get_by_role("link", name="Penerbitan Kartu Keluarga").first.click()
    expect(officer_page.get_by_text("Diajukan oleh petugas Disdukcapil")).to_be_visible()
    no_violations(officer_page, "67-warga-permohonan-dibantu")
    officer_page.goto("/pengaturan")
    officer_page.get_by_text("Siapa yang mengakses data saya").click()
    expect(officer_page.get_by_text(f"Diajukan oleh petugas · permohonan · {tracking}")).to_be_visible()

    page.evaluate("localStorage.setItem('mpp.lang', 'en')")
    page.goto("/petugas/bantu")
    expect(page.get_by_role("heading", name="Assisted filing")).to_be_visible()
    expect(page.locator("#assist-sent")).to_contain_text(tracking)
    no_violations(page, "68-petugas-bantu-en")


def test_walk_in_registration_and_the_in_person_check(page, server, resident_account, officer_account):
    """A NIK without an account: the officer registers the resident (no password) and goes straight to the
    services; a resident without a phone at hand: the KTP-el check. axe and 180 px on both forms."""
    from backend.accounts.models import User
    from backend.extensions import db

    _, email, officer_password = officer_account
    officer_sign_in(page, email, officer_password)
    page.goto("/petugas/bantu")
    page.get_by_label("NIK warga").fill("3574015203880002")
    page.get_by_role("button", name="Cari").click()
    expect(page.get_by_text("Belum ada akun dengan NIK ini")).to_be_visible()
    page.get_by_role("button", name="Daftarkan warga").click()
    expect(page.locator(".error-summary")).to_be_visible()
    no_violations(page, "69-petugas-bantu-daftar-galat")
    page.get_by_label("Nama lengkap").fill("Budi Santoso")
    page.get_by_label("Tanggal lahir").fill("1988-03-12")
    page.get_by_text("Perempuan", exact=True).click()
    page.get_by_label("Saya sudah memeriksa KTP-el asli warga ini").check()
    page.get_by_label("Warga menyatakan setuju").check()
    page.get_by_role("button", name="Daftarkan warga").click()
    expect(page.get_by_text("Persetujuan diterima")).to_be_visible()
    with server.app.app_context():
        walk_in = db.session.query(User).filter_by(nik="3574015203880002").one()
        assert walk_in.password_hash is None and walk_in.role == "resident"
    page.get_by_role("button", name="Selesai dengan warga ini").click()
    expect(page.get_by_label("NIK warga")).to_be_visible()

    user, _ = resident_account
    page.get_by_label("NIK warga").fill(user.nik)
    page.get_by_role("button", name="Cari").click()
    page.get_by_role("button", name="Warga tanpa ponsel: periksa KTP-el").click()
    page.get_by_label("NIK yang tertera pada KTP-el").fill("3574014507909999")
    page.get_by_label("Saya sudah memeriksa KTP-el asli warga ini").check()
    page.get_by_label("Warga menyatakan setuju").check()
    page.get_by_role("button", name="Konfirmasi persetujuan").click()
    expect(page.get_by_text("NIK pada KTP-el tidak sama").first).to_be_visible()
    no_violations(page, "70-petugas-bantu-ktp-galat")
    page.get_by_label("NIK yang tertera pada KTP-el").fill(user.nik)
    page.get_by_role("button", name="Konfirmasi persetujuan").click()
    expect(page.get_by_text("Persetujuan diterima")).to_be_visible()

    page.evaluate("localStorage.setItem('mpp.lang', 'en')")
    page.goto("/petugas/bantu")
    page.get_by_label("Resident's NIK").fill("3574015203880003")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("button", name="Register the resident")).to_be_visible()
    no_violations(page, "71-petugas-bantu-daftar-en")
