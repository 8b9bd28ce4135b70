"""axe-core on every screen, both languages, anonymous, resident and officer: zero violations of
any impact (minor and moderate too, e.g. heading order), and a 360x740 screenshot of each,
saved under test-output/screens/ for review."""
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .helpers import choose_mpp, sign_in
from .test_physical import counter_day, officer_account, officer_page  # noqa: F401 (fixtures)
from .test_zoom import (
    ANONYMOUS,
    officer_paths,
    pick_mpp,
    resident_paths,
    set_language,
    settle,
    sign_in_as,
    to_review,
    use_language,
    world,  # noqa: F401 (fixture)
)

pytestmark = pytest.mark.browser
AXE = Axe()


def check(page, screenshot, name):
    page.wait_for_function("() => document.documentElement.dataset.ready === '1'")
    page.wait_for_timeout(300)
    screenshot(name)
    results = AXE.run(page)
    bad = results.response["violations"]  # every impact: minor and moderate ones are real barriers too
    assert not bad, f"{name}: " + "; ".join(f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}" for v in bad)


def violations(page, name) -> list[str]:
    return [f"{name}: {v['id']} ({v['impact']}) {[n['target'] for n in v['nodes']][:3]}" for v in AXE.run(page).response["violations"]]


def test_axe_reports_a_broken_page(page, server):
    """The check can fail: a page with an unlabelled input and low contrast is reported."""
    page.goto("/pwa/offline.html")
    page.evaluate("document.body.append(Object.assign(document.createElement('input'), {type: 'text'}))")
    page.evaluate("document.querySelector('h1').style.color = '#ddd'")
    violations = AXE.run(page).response["violations"]
    assert any(v["id"] in ("label", "color-contrast") for v in violations)


def test_public_screens(page, server, screenshot):
    page.goto("/")
    expect(page.get_by_role("heading", name="Pilih Mal Pelayanan Publik")).to_be_visible()
    check(page, screenshot, "01-pilih-mpp")
    choose_mpp(page)
    check(page, screenshot, "02-katalog")
    page.get_by_label("Cari layanan").fill("paspor")
    check(page, screenshot, "02-katalog-cari")
    page.goto("/layanan/15")
    expect(page.get_by_role("heading", name="Permohonan Paspor Biasa Baru")).to_be_visible()
    check(page, screenshot, "03-layanan")
    page.goto("/masuk")
    check(page, screenshot, "04-masuk")
    page.goto("/daftar")
    page.get_by_role("button", name="Daftar", exact=True).click()
    expect(page.locator(".error-summary")).to_be_visible()
    check(page, screenshot, "04-daftar-galat")
    page.goto("/pengaturan")
    check(page, screenshot, "08-pengaturan-tamu")
    page.goto("/pwa/offline.html")
    screenshot("00-luring")
    assert not AXE.run(page).response["violations"]


def test_english_screens(page, server, screenshot):
    choose_mpp(page)
    page.goto("/pengaturan")
    page.get_by_label("English").check()
    expect(page.get_by_role("heading", name="Settings")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto("/layanan/12")
    expect(page.get_by_role("heading", name="1. Requirements")).to_be_visible()
    check(page, screenshot, "03-service-en")


def test_signed_in_screens(page, server, resident_account, screenshot):
    user, password = resident_account
    choose_mpp(page)
    sign_in(page, user.nik, password)
    check(page, screenshot, "07-permohonan-kosong")
    page.goto("/profil")
    expect(page.get_by_label("Nama lengkap")).to_have_value("Siti Rahmawati")
    check(page, screenshot, "05-profil")
    page.goto("/layanan/2/ajukan")
    expect(page.get_by_label("NIK")).to_have_value(user.nik)
    check(page, screenshot, "06-ajukan")
    page.get_by_role("button", name="Lanjut: periksa kembali").click()
    expect(page.locator(".error-summary")).to_be_visible()
    check(page, screenshot, "06-ajukan-galat")
    page.get_by_label("Alasan penggantian").select_option(index=1)
    page.get_by_role("checkbox").check()
    page.get_by_role("button", name="Lanjut: periksa kembali").click()
    check(page, screenshot, "06-periksa-kembali")
    page.get_by_role("button", name="Kirim permohonan").click()
    expect(page.locator('[data-state="delivered"]')).to_be_visible(timeout=20000)
    check(page, screenshot, "07-permohonan")
    page.locator('[data-state="delivered"]').get_by_role("link", name="Lihat").click()
    expect(page.get_by_role("heading", name="Riwayat status")).to_be_visible()
    check(page, screenshot, "07-permohonan-detail")
    page.goto("/kotak-masuk")
    expect(page.get_by_role("heading", name="Pesan")).to_be_visible()
    check(page, screenshot, "09-pesan")
    page.goto("/pengaturan")
    expect(page.get_by_role("heading", name="Kunci sandi (passkey)")).to_be_visible()
    check(page, screenshot, "08-pengaturan")


def test_axe_reports_a_skipped_heading_level(page, server):
    """A moderate violation fails the check too: an h3 straight after the h1."""
    page.goto("/pwa/offline.html")
    page.evaluate("document.querySelector('h1').after(Object.assign(document.createElement('h3'), {textContent: 'Rincian'}))")
    assert "heading-order" in [v["id"] for v in AXE.run(page).response["violations"]]


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_screen_has_no_axe_violation(page, server, resident_account, officer_account, officer_page, world, language):
    """Every screen, anonymous, resident and officer, in both languages."""
    user, password = resident_account
    officer_id, email, officer_password = officer_account
    set_language(server, user.id, language)
    set_language(server, officer_id, language)
    use_language(page, language)
    found: list[str] = []
    page.goto("/pilih-mpp")
    settle(page)
    found += violations(page, "/pilih-mpp")
    pick_mpp(page, language)
    for path in ANONYMOUS:
        page.goto(path)
        settle(page)
        found += violations(page, path)
    sign_in_as(page, user.nik, password)
    for path in resident_paths(world):
        page.goto(path)
        settle(page)
        found += violations(page, path)
    to_review(page)
    found += violations(page, "check your answers")
    staff = officer_page
    use_language(staff, language)
    pick_mpp(staff, language)
    sign_in_as(staff, email, officer_password)
    for path in officer_paths(world):
        staff.goto(path)
        settle(staff)
        found += violations(staff, path)
    assert not found, "\n".join(found)
