"""Back into a lost account in the browser: "Lupa kata sandi?" -> a link mailed through a real
SMTP server (aiosmtpd) -> a new password -> sign in with it; and the counter code an officer
issues after checking the KTP-el. Screenshots of every new screen in Indonesian and English."""
from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from backend.extensions import db
from backend.timeutil import utcnow
from tests.conftest import DEMO_PASSWORD
from tests.mailbox import Mailbox, body_of, settle

from .helpers import choose_mpp, sign_in

pytestmark = pytest.mark.browser

NEW_PASSWORD = "Sandi-Baru-Browser-2026"
AXE = Axe()


def shot(page, screenshot, name):
    """A 360 px screenshot for review, and axe-core: no serious or critical violation."""
    screenshot(name)
    bad = [v for v in AXE.run(page).response["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, f"{name}: " + "; ".join(f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in bad)


@pytest.fixture
def smtp(server):
    box = Mailbox()
    box.controller.start()
    saved = {k: server.app.config.get(k) for k in ("SMTP_HOST", "SMTP_PORT", "SMTP_TLS")}
    server.app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=box.port, SMTP_TLS=False)
    yield box
    settle()
    box.controller.stop()
    server.app.config.update(saved)


def _confirm_email(server, user):
    from backend.accounts.models import User

    with server.app.app_context():
        db.session.get(User, user.id).email_verified_at = utcnow()
        db.session.commit()


def _english(page):
    page.evaluate("localStorage.setItem('mpp.lang', 'en')")
    page.reload()


def test_recovery_by_email_link_then_sign_in_with_the_new_password(page, server, resident_account, smtp, screenshot):
    user, _ = resident_account
    _confirm_email(server, user)
    choose_mpp(page)
    page.goto("/masuk")
    page.get_by_role("link", name="Lupa kata sandi?").click()
    expect(page.get_by_role("heading", name="Lupa kata sandi")).to_be_visible()
    shot(page, screenshot, "11-lupa-sandi")
    page.get_by_label("NIK atau email").fill(user.nik)
    page.get_by_role("button", name="Kirim tautan").click()
    expect(page.get_by_role("heading", name="Periksa email Anda")).to_be_visible()
    shot(page, screenshot, "11-lupa-sandi-terkirim")

    [message] = smtp.wait_for(user.email)
    link = next(word for word in body_of(message).split() if "/pulihkan#token=" in word)
    assert link.startswith(server.url)
    page.goto(link)
    expect(page.get_by_role("heading", name="Buat kata sandi baru")).to_be_visible()
    assert "#token=" not in page.url  # taken out of the address bar and history
    page.get_by_label("Kata sandi baru", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Ulangi kata sandi baru").fill(NEW_PASSWORD + "x")
    page.get_by_role("button", name="Simpan kata sandi baru").click()
    expect(page.get_by_text("Kedua kata sandi tidak sama.").first).to_be_visible()
    shot(page, screenshot, "11-sandi-baru")
    page.get_by_label("Ulangi kata sandi baru").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Simpan kata sandi baru").click()
    expect(page.get_by_role("heading", name="Masuk", exact=True)).to_be_visible()
    expect(page.locator("#toast")).to_have_text("Kata sandi baru tersimpan. Silakan masuk.")

    sign_in(page, user.nik, NEW_PASSWORD)
    page.goto("/pengaturan")
    page.get_by_text("Siapa yang mengakses data saya").click()
    expect(page.get_by_text("Kata sandi diatur ulang lewat tautan email")).to_be_visible()
    expect(page.get_by_text(f"{user.email} (terkonfirmasi)")).to_be_visible()
    page.get_by_role("heading", name="Ubah kata sandi").scroll_into_view_if_needed()
    shot(page, screenshot, "11-pengaturan-keamanan")
    _english(page)
    expect(page.get_by_role("heading", name="Change password")).to_be_visible()
    page.get_by_role("heading", name="Change password").scroll_into_view_if_needed()
    shot(page, screenshot, "11-settings-security-en")
    page.goto("/lupa-sandi")
    expect(page.get_by_role("heading", name="Forgot password")).to_be_visible()
    shot(page, screenshot, "11-forgot-password-en")


def test_officer_issues_a_counter_code_and_the_resident_uses_it(page, server, resident_account, smtp, screenshot):
    from sqlalchemy import select

    from backend.accounts.models import User
    from backend.accounts.passwords import hash_password
    from backend.catalogue.models import Agency

    user, _ = resident_account
    with server.app.app_context():
        agency = db.session.scalar(select(Agency).where(Agency.code == "DISDUKCAPIL"))
        db.session.add(User(role="officer", full_name="Rina Wulandari", email="rina@probolinggo.mpp.id", agency_id=agency.id,
                            region_code="35.74", password_hash=hash_password(DEMO_PASSWORD)))
        db.session.commit()
    choose_mpp(page)
    page.goto("/masuk")
    page.get_by_label("NIK atau email").fill("rina@probolinggo.mpp.id")
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk", exact=True).click()
    expect(page.get_by_role("heading", name="Ringkasan gerai")).to_be_visible()
    page.get_by_role("link", name="Pemulihan akun warga").click()
    expect(page.get_by_role("heading", name="Pemulihan akun warga")).to_be_visible()
    page.get_by_label("NIK pada KTP-el warga").fill(user.nik)
    page.get_by_role("button", name="Terbitkan kode").click()
    expect(page.get_by_text("Saya sudah memeriksa KTP-el asli").first).to_be_visible()
    page.get_by_label("Saya sudah memeriksa KTP-el asli warga ini secara langsung dan fotonya cocok.").check()
    page.get_by_role("button", name="Terbitkan kode").click()
    code_line = page.locator("p.tracking")
    expect(code_line).to_have_text(re.compile(r"^[A-Z0-9]{5}-[A-Z0-9]{5}$"))
    code = code_line.inner_text().strip()
    assert len(code) == 11 and code[5] == "-"
    expect(page.get_by_text("Kode pemulihan untuk Siti Rahmawati (NIK ************0001)")).to_be_visible()
    expect(page.locator(".notice[role=status]")).to_be_focused()
    page.wait_for_timeout(5200)  # the welcome toast has gone
    shot(page, screenshot, "11-petugas-kode")
    _english(page)
    expect(page.get_by_role("heading", name="Resident account recovery")).to_be_visible()
    shot(page, screenshot, "11-staff-recovery-en")
    page.evaluate("localStorage.setItem('mpp.lang', 'id')")

    # the resident, on their own phone (a fresh context would do too: the officer signs out here)
    page.goto("/pengaturan")
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Keluar", exact=True).click()
    page.goto("/masuk")
    page.get_by_role("link", name="Lupa kata sandi?").click()
    page.get_by_role("link", name="Saya punya kode dari gerai MPP").click()
    expect(page.get_by_role("heading", name="Pulihkan akun dengan kode gerai")).to_be_visible()
    page.get_by_label("NIK", exact=True).fill(user.nik)
    page.get_by_label("Kode pemulihan").fill(code.lower())
    page.get_by_label("Kata sandi baru", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Ulangi kata sandi baru").fill(NEW_PASSWORD)
    shot(page, screenshot, "11-kode-gerai")
    page.get_by_role("button", name="Simpan kata sandi baru").click()
    expect(page.get_by_role("heading", name="Masuk", exact=True)).to_be_visible()
    sign_in(page, user.nik, NEW_PASSWORD)
    page.goto("/pulihkan-kode")
    _english(page)
    expect(page.get_by_role("heading", name="Recover the account with a counter code")).to_be_visible()
    shot(page, screenshot, "11-counter-code-en")


def test_a_new_email_waits_for_its_link(page, server, resident_account, smtp, screenshot):
    user, password = resident_account
    choose_mpp(page)
    sign_in(page, user.nik, password)
    page.goto("/profil")
    page.get_by_label("Email").fill("siti.baru@contoh.id")
    page.get_by_role("button", name="Simpan data diri").click()
    expect(page.locator("#toast")).to_contain_text("Email baru menunggu konfirmasi")
    expect(page.get_by_label("Email")).to_have_value(user.email)  # the old address stays until the link is opened
    page.goto("/pengaturan")
    pending = page.get_by_text("Menunggu konfirmasi: siti.baru@contoh.id")
    expect(pending).to_be_visible()
    pending.scroll_into_view_if_needed()
    shot(page, screenshot, "11-email-menunggu")
    [message] = smtp.wait_for("siti.baru@contoh.id")
    link = next(word for word in body_of(message).split() if "/konfirmasi-email#token=" in word)
    page.goto(link)
    expect(page.get_by_text("Alamat email siti.baru@contoh.id sudah dikonfirmasi.")).to_be_visible()
    shot(page, screenshot, "11-email-terkonfirmasi")
    page.get_by_role("link", name="Pengaturan").last.click()
    expect(page.get_by_text("siti.baru@contoh.id (terkonfirmasi)")).to_be_visible()


def test_change_password_in_settings(page, server, resident_account, screenshot):
    user, password = resident_account
    choose_mpp(page)
    sign_in(page, user.nik, password)
    page.goto("/pengaturan")
    page.get_by_label("Kata sandi saat ini").fill("Salah-Sandi-2026")
    page.get_by_label("Kata sandi baru", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Ulangi kata sandi baru").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Ubah kata sandi").click()
    expect(page.get_by_text("Konfirmasi gagal: kata sandi atau kunci sandi tidak cocok.")).to_be_visible()
    shot(page, screenshot, "11-ubah-sandi-galat")
    page.get_by_label("Kata sandi saat ini").fill(password)
    page.get_by_role("button", name="Ubah kata sandi").click()
    expect(page.locator("#toast")).to_have_text("Kata sandi diubah. Perangkat lain sudah dikeluarkan.")
    expect(page.get_by_label("Kata sandi saat ini")).to_have_value("")
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Keluar", exact=True).click()
    sign_in(page, user.nik, NEW_PASSWORD)


def test_change_password_with_a_passkey_instead_of_the_old_password(page, server, resident_account):
    from .test_auth import virtual_authenticator

    user, password = resident_account
    virtual_authenticator(page)
    choose_mpp(page)
    sign_in(page, user.nik, password)
    page.goto("/pengaturan")
    page.get_by_role("button", name="Tambahkan kunci sandi").click()
    expect(page.locator("#toast")).to_have_text("Kunci sandi ditambahkan.")
    page.get_by_label("Kata sandi baru", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Ulangi kata sandi baru").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Ubah dengan kunci sandi (tanpa kata sandi lama)").click()
    expect(page.locator("#toast")).to_have_text("Kata sandi diubah. Perangkat lain sudah dikeluarkan.")
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Keluar", exact=True).click()
    sign_in(page, user.nik, NEW_PASSWORD)
