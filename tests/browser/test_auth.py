"""Sign up with a live NIK check, add a passkey, sign out, and sign in with the passkey
(a CDP virtual authenticator); password sign-in as the fallback."""
import pytest
from playwright.sync_api import expect

from .helpers import choose_mpp, sign_in

pytestmark = pytest.mark.browser


def virtual_authenticator(page):
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable", {"enableUI": False})
    result = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True, "hasUserVerification": True,
        "isUserVerified": True, "automaticPresenceSimulation": True,
    }})
    return cdp, result["authenticatorId"]


def test_sign_up_add_passkey_then_sign_in_with_it(page, server, screenshot):
    from backend.accounts.models import Passkey, User

    virtual_authenticator(page)
    choose_mpp(page)
    page.goto("/daftar")
    nik = page.get_by_label("NIK", exact=True)
    nik.fill("3574010507900002")  # day 05 = male, but we will choose "Perempuan"
    page.get_by_label("Nama lengkap").fill("Dewi Lestari")
    page.get_by_label("Tanggal lahir").fill("1990-07-05")
    page.get_by_label("Perempuan").check()
    expect(page.get_by_text("Jenis kelamin pada NIK berbeda")).to_be_visible()
    page.get_by_label("Nomor ponsel").fill("081298765432")
    page.get_by_label("Kata sandi").fill("Sangat-Rahasia-2026")
    screenshot("04-daftar")
    page.get_by_role("button", name="Daftar", exact=True).click()  # the warning never blocks
    expect(page.get_by_role("heading", name="Akun Anda sudah dibuat")).to_be_visible()
    page.get_by_role("button", name="Tambahkan kunci sandi").click()
    expect(page.get_by_role("heading", name="Permohonan saya")).to_be_visible()
    assert server.count(User, nik="3574010507900002") == 1
    assert server.count(Passkey) == 1

    page.goto("/pengaturan")
    page.get_by_role("button", name="Ubah nama kunci sandi Ponsel ini").click()
    page.get_by_label("Nama baru kunci sandi").fill("HP Dewi")
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page.get_by_text("HP Dewi")).to_be_visible()
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Keluar", exact=True).click()
    expect(page.locator('[data-tab="akun"]')).to_have_attribute("href", "/masuk")

    page.goto("/masuk")
    screenshot("04-masuk")
    page.get_by_role("button", name="Masuk dengan sidik jari / kunci layar").click()
    expect(page.get_by_role("heading", name="Permohonan saya")).to_be_visible()
    assert (
        page.evaluate(
            "(async () => (await new Promise(r => { const q = indexedDB.open('mpp-digital'); q.onsuccess = () => {"
            " const g = q.result.transaction('kv').objectStore('kv').get('auth'); g.onsuccess = () => r(g.result); }; }))"
            ".user.full_name)()"
        )
        == "Dewi Lestari"
    )


def test_passkey_refused_without_user_verification_shows_a_message(page, server, resident_account):
    cdp, authenticator = virtual_authenticator(page)
    cdp.send("WebAuthn.setUserVerified", {"authenticatorId": authenticator, "isUserVerified": False})
    page.goto("/masuk")
    page.get_by_role("button", name="Masuk dengan sidik jari / kunci layar").click()
    expect(page.get_by_role("alert").filter(has_text="dibatalkan")).to_be_visible()


def test_password_sign_in_with_wrong_password_shows_error_then_succeeds(page, server, resident_account):
    user, password = resident_account
    page.goto("/masuk")
    page.get_by_label("NIK atau email").fill(user.nik)
    page.get_by_label("Kata sandi").fill("salah-sekali-123")
    page.get_by_role("button", name="Masuk", exact=True).click()
    expect(page.locator(".error-summary")).to_be_visible()
    sign_in(page, user.nik, password)
