"""Steps shared by the browser tests (driving the app the way a resident does)."""
from __future__ import annotations

from playwright.sync_api import Page, expect

REGION = "35.74"  # Kota Probolinggo


def choose_mpp(page: Page, name: str = "Mal Pelayanan Publik Kota Probolinggo") -> None:
    page.goto("/")
    expect(page.get_by_role("heading", name="Pilih Mal Pelayanan Publik")).to_be_visible()
    page.get_by_role("listitem").filter(has=page.get_by_role("heading", name=name, exact=True)).get_by_role("button").click()
    expect(page.get_by_role("heading", name="Layanan", exact=True)).to_be_visible()


def wait_for_worker(page: Page) -> None:
    """Wait until the service worker is active and controls the page (reload once if needed)."""
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    if not page.evaluate("Boolean(navigator.serviceWorker.controller)"):
        page.reload()
        page.wait_for_function("() => Boolean(navigator.serviceWorker.controller)")
    page.wait_for_function("() => document.documentElement.dataset.ready === '1'")


def sign_in(page: Page, identifier: str, password: str) -> None:
    page.goto("/masuk")
    page.get_by_label("NIK atau email").fill(identifier)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk", exact=True).click()
    expect(page.get_by_role("heading", name="Permohonan saya")).to_be_visible()
