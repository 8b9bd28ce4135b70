"""Deleting the account from Settings: what goes and what the agencies keep, the password (or a passkey)
again, a final confirmation; then the app is signed out, at the catalogue, with nothing left on the phone."""
import pytest
from playwright.sync_api import expect

from .conftest import SCREENS
from .helpers import choose_mpp, sign_in, wait_for_worker
from .test_outbox import fill_and_submit

pytestmark = pytest.mark.browser

COUNT_STORES = """new Promise(r => { const q = indexedDB.open('mpp-digital'); q.onsuccess = () => {
  const tx = q.result.transaction(['outbox', 'drafts', 'kv']); const out = {};
  for (const name of ['outbox', 'drafts', 'kv']) { const c = tx.objectStore(name).count(); c.onsuccess = () => (out[name] = c.result); }
  tx.oncomplete = () => r(out); }; })"""


def _user_exists(server, user_id) -> bool:
    from backend.accounts.models import User
    from backend.extensions import db

    with server.app.app_context():
        return db.session.get(User, user_id) is not None


def _open_delete(page):
    page.goto("/pengaturan")
    page.get_by_role("link", name="Hapus akun saya…").click()
    expect(page.get_by_role("heading", name="Hapus akun", exact=True)).to_be_visible()


def _shot(page, name):
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)


def test_a_resident_deletes_the_account_and_lands_signed_out_at_the_catalogue(page, context, server, resident_account):
    user, password = resident_account
    choose_mpp(page)
    wait_for_worker(page)
    sign_in(page, user.nik, password)
    # something waiting on the phone: it must go with the account
    page.goto("/layanan/2/ajukan")
    expect(page.get_by_label("NIK")).to_have_value(user.nik)
    context.set_offline(True)
    fill_and_submit(page)
    server.faults.fail("/api/applications", times=1000, status=503)  # it stays queued while the resident reads on
    context.set_offline(False)
    _open_delete(page)
    expect(page.get_by_text("1 kiriman di ponsel ini belum terkirim dan akan ikut dihapus.")).to_be_visible()
    expect(page.get_by_role("heading", name="Yang dihapus")).to_be_visible()
    expect(page.get_by_role("heading", name="Yang tetap disimpan instansi")).to_be_visible()
    expect(page.get_by_text("UU 24/2013 tentang Administrasi Kependudukan", exact=False)).to_be_visible()
    _shot(page, "delete-account-id")

    # no confirmation ticked: nothing is sent
    delete = page.get_by_role("button", name="Hapus akun untuk selamanya")
    page.get_by_label("Kata sandi Anda").fill(password)
    delete.click()
    expect(page.get_by_text("Centang pernyataan ini untuk melanjutkan.").first).to_be_visible()
    assert server.faults.count("DELETE", "/api/me") == 0

    # a wrong password is refused by the server, in the resident's language, next to the field
    page.get_by_label("Saya mengerti bahwa akun dan data di atas dihapus untuk selamanya.").check()
    page.get_by_label("Kata sandi Anda").fill("Bukan-Sandi-Saya-1")
    delete.click()
    expect(page.locator(".field-error").filter(has_text="Kata sandi")).to_be_visible()
    assert _user_exists(server, user.id)

    page.get_by_label("Kata sandi Anda").fill(password)
    delete.click()
    expect(page.get_by_role("heading", name="Layanan", exact=True)).to_be_visible()
    expect(page).to_have_url(f"{server.url}/layanan")
    expect(page.locator("#toast")).to_contain_text("Akun Anda sudah dihapus")
    expect(page.locator('[data-tab="akun"]')).to_have_attribute("href", "/masuk")
    assert not _user_exists(server, user.id)
    stores = page.evaluate(COUNT_STORES)
    assert (stores["outbox"], stores["drafts"]) == (0, 0), stores
    assert (
        page.evaluate(
            "new Promise(r => { const q = indexedDB.open('mpp-digital'); q.onsuccess = () => {"
            " const g = q.result.transaction('kv').objectStore('kv').get('auth'); g.onsuccess = () => r(g.result || null); }; })"
        )
        is None
    )
    # a reload stays signed out: no session survived
    page.reload()
    expect(page.locator('[data-tab="akun"]')).to_have_attribute("href", "/masuk")
    assert page.evaluate("fetch('/api/auth/refresh', {method: 'POST'}).then(r => r.status)") in (401, 403)


def test_the_delete_screen_in_english(page, server, resident_account):
    user, password = resident_account
    choose_mpp(page)
    sign_in(page, user.nik, password)
    page.goto("/pengaturan")
    page.get_by_label("English").check()
    page.get_by_role("link", name="Delete my account…").click()
    expect(page.get_by_role("heading", name="What the agencies keep")).to_be_visible()
    _shot(page, "delete-account-en")
    page.get_by_label("Your password").fill(password)
    page.get_by_role("button", name="Delete my account for good").click()
    expect(page.get_by_text("Tick this statement to go on.").first).to_be_visible()
    assert _user_exists(server, user.id)


def test_a_passkey_confirms_the_deletion(page, context, server, resident_account):
    user, password = resident_account
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable", {"enableUI": False})
    cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True, "hasUserVerification": True,
        "isUserVerified": True, "automaticPresenceSimulation": True}})
    choose_mpp(page)
    sign_in(page, user.nik, password)
    page.goto("/pengaturan")
    page.get_by_role("button", name="Tambahkan kunci sandi").click()
    expect(page.locator("#toast")).to_contain_text("Kunci sandi ditambahkan")
    _open_delete(page)
    page.get_by_label("Saya mengerti bahwa akun dan data di atas dihapus untuk selamanya.").check()
    page.get_by_role("button", name="Konfirmasi dengan kunci sandi").click()
    expect(page.get_by_role("heading", name="Layanan", exact=True)).to_be_visible()
    expect(page.locator('[data-tab="akun"]')).to_have_attribute("href", "/masuk")
    assert not _user_exists(server, user.id)


def test_staff_are_told_an_admin_deletes_their_account(page, server):
    from sqlalchemy import select

    from backend.accounts.models import User
    from backend.accounts.passwords import hash_password
    from backend.catalogue.models import Agency
    from backend.extensions import db

    with server.app.app_context():
        agency = db.session.scalar(select(Agency).where(Agency.code == "DISDUKCAPIL"))
        db.session.add(User(role="officer", full_name="Rina Wulandari", email="rina@probolinggo.mpp.id",
                            agency_id=agency.id, region_code="35.74", password_hash=hash_password("Petugas-Kuat-2026")))
        db.session.commit()
    choose_mpp(page)
    page.goto("/masuk")
    page.get_by_label("NIK atau email").fill("rina@probolinggo.mpp.id")
    page.get_by_label("Kata sandi").fill("Petugas-Kuat-2026")
    page.get_by_role("button", name="Masuk", exact=True).click()
    page.wait_for_function("() => !location.pathname.startsWith('/masuk')")
    page.goto("/pengaturan")
    expect(page.get_by_role("heading", name="Pengaturan")).to_be_visible()
    expect(page.get_by_role("link", name="Hapus akun saya…")).to_have_count(0)
    page.goto("/pengaturan/hapus-akun")
    expect(page.get_by_text("Akun petugas dan admin dihapus oleh admin MPP")).to_be_visible()
    expect(page.get_by_role("button", name="Hapus akun untuk selamanya")).to_have_count(0)
