"""The admin's connected-systems screen in Chromium: figures, dead letters with retry, connecting a
system (secrets shown once); axe finds nothing; screenshots at 360 px in both languages."""
from __future__ import annotations

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from backend.extensions import db
from backend.timeutil import utcnow

from ..browser.conftest import (  # noqa: F401 (fixtures)
    _no_uncaught_errors,
    browser_context_args,
    browser_type_launch_args,
    live_server,
    screenshot,
    server,
)

pytestmark = pytest.mark.browser
ADMIN_PASSWORD = "Admin-Uji-2026-Kuat"


@pytest.fixture
def world(server):
    """An admin and one connected system with delivered, pending and dead events."""
    from backend.accounts.models import User
    from backend.accounts.passwords import hash_password
    from backend.integrations import services
    from backend.integrations.models import IntegrationEvent

    with server.app.app_context():
        db.session.add(User(role="admin", full_name="Admin MPP", email="admin@uji.id",
                            password_hash=hash_password(ADMIN_PASSWORD)))
        integration, _ = services.connect(db.session, name="SIAK Terpusat", agency_code="DISDUKCAPIL",
                                          regions=["35.74"], services={"kartu-keluarga": "system"},
                                          webhook_url="https://siak.example.go.id/mpp", now=utcnow())
        now = utcnow()
        for n, status in enumerate(["delivered"] * 5 + ["pending", "dead"]):
            db.session.add(IntegrationEvent(
                integration_id=integration.id, event_id=f"evt_{n:032x}", type="complaint.created",
                ordering_key=f"complaint:{n}", status=status, attempts=9 if status == "dead" else 1,
                next_attempt_at=now, retry_from=now, created_at=now - timedelta(seconds=3),
                delivered_at=now if status == "delivered" else None, last_status_code=503 if status == "dead" else 204,
                last_error="HTTP 503" if status == "dead" else None, last_attempt_at=now,
                payload={"type": "complaint.created", "timestamp": now.isoformat(),
                         "data": {"complaint": {"id": 40 + n}, "links": {}}}))
        db.session.commit()
        db.session.remove()


def _sign_in(page, identifier: str = "admin@uji.id"):
    page.goto("/masuk")
    page.get_by_label("NIK atau email").fill(identifier)
    page.get_by_label("Kata sandi").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Masuk", exact=True).click()
    page.wait_for_url(lambda url: not url.endswith("/masuk"))


def _axe(page, name):
    bad = Axe().run(page).response["violations"]
    assert not bad, f"{name}: " + "; ".join(f"{v['id']} {[n['target'] for n in v['nodes']][:3]}" for v in bad)


def test_admin_sees_figures_retries_and_connects(page, server, world, screenshot):
    _sign_in(page)
    page.goto("/pengaturan")  # the admin finds the screen from Settings
    page.get_by_role("link", name="Kelola sistem instansi yang terhubung (admin)").click()
    card = page.get_by_role("region", name="SIAK Terpusat")
    expect(card).to_contain_text("Terkirim")
    expect(card).to_contain_text("Kota Probolinggo")
    expect(card.locator(".tile").nth(0)).to_contain_text("5")
    expect(card.locator(".tile.alert")).to_contain_text("1")
    expect(card).to_contain_text("Kesalahan terakhir: HTTP 503")
    expect(card).to_contain_text("3 detik")
    _axe(page, "integrations id")
    screenshot("admin-integrations-id")
    card.get_by_role("button", name="Lihat pengiriman gagal").click()
    expect(card).to_contain_text("Pengaduan baru · #46 · 9 kali dicoba")
    card.get_by_role("heading", name="Pengiriman gagal (lebih dari 3 hari)").scroll_into_view_if_needed()
    screenshot("admin-integrations-dead-letters-id")
    card.get_by_role("button", name="Coba kirim lagi").click()
    expect(page.locator("#live")).to_contain_text("1 pengiriman dijadwalkan ulang.")
    expect(page.get_by_role("region", name="SIAK Terpusat").locator(".tile.alert")).to_have_count(0)

    page.get_by_label("Nama sistem").fill("SIKS-NG Dinsos")
    page.get_by_label("Kota Probolinggo").check()
    page.get_by_label("Instansi").select_option("DINSOS")
    page.get_by_label("Surat Keterangan Tidak Mampu").select_option("both")
    page.get_by_label("Alamat webhook").fill("https://siks.example.go.id/hook")
    page.get_by_role("button", name="Hubungkan").click()
    notice = page.get_by_role("status").filter(has_text="Simpan kredensial ini sekarang")
    expect(notice).to_contain_text("whsec_")
    notice.scroll_into_view_if_needed()
    expect(page.get_by_role("region", name="SIKS-NG Dinsos")).to_be_visible()
    screenshot("admin-integrations-connected-id")

    page.evaluate("localStorage.setItem('mpp.lang', 'en')")
    page.reload()
    card = page.get_by_role("region", name="SIAK Terpusat")
    expect(card).to_contain_text("Delivered")
    expect(card).to_contain_text("3 seconds")
    _axe(page, "integrations en")
    screenshot("admin-integrations-en")


def test_not_for_residents_or_officers(page, server):
    from backend.accounts.models import User
    from backend.accounts.passwords import hash_password

    with server.app.app_context():
        db.session.add(User(role="resident", full_name="Warga", email="warga@uji.id", nik="3574014507900009",
                            password_hash=hash_password(ADMIN_PASSWORD)))
        db.session.commit()
        db.session.remove()
    _sign_in(page, "warga@uji.id")
    page.goto("/admin/integrasi")
    expect(page.locator("main")).to_contain_text("Halaman ini hanya untuk admin MPP.")
