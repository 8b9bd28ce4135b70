"""Masuk dengan MPP Digital, in Chromium: the demo e-service (examples/izin-usaha, Authlib's client with
private_key_jwt) -> the app's consent screen -> back, signed in, the form prefilled from the claims; the same
with a passkey sign-in at the provider; then "Putuskan" in Settings, after which the e-service's refresh token
is refused. Screenshots of the consent screen and of "Aplikasi terhubung" in both languages."""
from __future__ import annotations

import importlib.util
import json
import re
import threading
from pathlib import Path

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from backend.extensions import db

from .conftest import _free_port
from .helpers import sign_in
from .test_auth import virtual_authenticator

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _patient_expect():
    """Each hop here crosses two servers (e-service and provider, discovery, JWKS, token): on a busy
    machine with PostgreSQL it can take longer than the default 5 s."""
    expect.set_options(timeout=20_000)
    yield
    expect.set_options(timeout=5_000)


@pytest.fixture
def eservice(server, tmp_path):
    """The demo e-service on a free port, registered at the live provider as `make run` does."""
    spec = importlib.util.spec_from_file_location("izin_usaha", ROOT / "examples/izin-usaha/app.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    port = _free_port()
    from backend.catalogue import services as catalogue
    from backend.oauth import services as oauth
    from backend.timeutil import utcnow

    key = module.load_key(tmp_path / "izin")
    with server.app.app_context():
        client, _ = oauth.register_client(
            db.session, name="Izin Usaha Mikro, Kota Probolinggo", agency_id=catalogue.get_agency_by_code(db.session, "DPMPTSP").id,
            region_code="35.74", redirect_uris=[f"http://localhost:{port}/callback"], scopes=module.SCOPES.split(),
            required_scopes=["profile", "nik"], jwks=module.public_jwks(key), now=utcnow())
        db.session.commit()
        client_id = client.client_id
    app = module.create_app({"INSTANCE": tmp_path / "izin", "ISSUER": server.url, "CLIENT_ID": client_id})
    http = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    yield f"http://localhost:{port}"
    http.shutdown()
    http.server_close()


def _consent_and_back(page, eservice_url, screenshot=None):

    expect(page.get_by_role("heading", name="Masuk ke Izin Usaha Mikro, Kota Probolinggo")).to_be_visible()
    expect(page.get_by_text("dari Dinas Penanaman Modal")).to_be_visible()
    nik = page.get_by_label("NIK (wajib)")
    expect(nik).to_be_checked()
    expect(nik).to_be_disabled()
    expect(page.get_by_text("************0001")).to_be_visible()  # partly masked
    page.get_by_label("Nomor telepon").uncheck()  # optional: not shared
    if screenshot:
        screenshot("15-izin-id")
    page.get_by_role("button", name="Izinkan").click()
    expect(page.get_by_role("heading", name="Formulir Izin Usaha Mikro")).to_be_visible()
    assert page.url.startswith(eservice_url)


def test_demo_eservice_consent_then_back_prefilled_then_disconnect(page, server, resident_account, eservice, screenshot):
    from backend.audit.models import AuditEntry

    sign_in(page, resident_account[0].nik, resident_account[1])  # signed in on this phone: no second sign-in
    page.goto(eservice)
    page.get_by_role("link", name="Masuk dengan MPP Digital").click()
    _consent_and_back(page, eservice, screenshot)
    expect(page.get_by_label("Nama lengkap")).to_have_value("Siti Rahmawati")
    expect(page.get_by_label("NIK")).to_have_value("3574014507900001")
    expect(page.get_by_label("Tanggal lahir")).to_have_value("1990-07-05")
    expect(page.get_by_label("Alamat")).to_have_value("Jl. Suroyo No. 1, Probolinggo")
    expect(page.get_by_label("Nomor telepon")).to_have_value("")  # unticked on the consent screen
    page.get_by_role("button", name="Perbarui data dari MPP Digital").click()
    expect(page.get_by_text("Data diperbarui dari MPP Digital.")).to_be_visible()

    page.goto("/pengaturan")
    page.get_by_role("link", name="Lihat aplikasi terhubung").click()
    expect(page.get_by_text("Boleh menerima: Nama lengkap, NIK")).to_be_visible()
    expect(page.get_by_text("Terakhir menerima nama, NIK, tanggal lahir")).to_be_visible()
    screenshot("15-aplikasi-id")
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Putuskan Izin Usaha Mikro, Kota Probolinggo").click()
    expect(page.get_by_text("Diputus")).to_be_visible()

    page.goto(f"{eservice}/permohonan")
    page.get_by_role("button", name="Perbarui data dari MPP Digital").click()  # the refresh token is refused now
    expect(page.get_by_text("Akses ke data MPP Digital Anda sudah dicabut.")).to_be_visible()

    with server.app.app_context():
        releases = db.session.query(AuditEntry).filter_by(action="release", actor_role="eservice").all()
        assert {e.object_id for e in releases} == {"id_token", "userinfo"}
        assert all("nomor telepon" not in e.detail for e in releases)
    page.goto("/pengaturan")
    page.get_by_text("Siapa yang mengakses data saya").click()
    expect(page.get_by_text("Menerima · data diri · nama, NIK").first).to_be_visible()

    page.evaluate("localStorage.setItem('mpp.lang', 'en')")
    page.goto("/pengaturan/aplikasi")
    expect(page.get_by_role("heading", name="Connected apps")).to_be_visible()
    screenshot("15-aplikasi-en")
    export = page.evaluate("""(async () => {
      const r = await fetch('/api/auth/refresh', {method: 'POST', headers: {'X-CSRF-Token': document.cookie.match(/mpp_csrf=([^;]+)/)[1]}});
      const token = (await r.json()).access_token;
      return (await fetch('/api/me/export', {headers: {Authorization: 'Bearer ' + token}})).json();
    })()""")
    assert export["connected_apps"][0]["withdrawn_at"] and export["connected_apps"][0]["name"].startswith("Izin Usaha")


def test_passkey_sign_in_at_the_provider_then_consent_in_english(page, server, resident_account, eservice, screenshot):
    virtual_authenticator(page)
    sign_in(page, resident_account[0].nik, resident_account[1])
    page.goto("/pengaturan")
    page.get_by_role("button", name="Tambahkan kunci sandi").click()
    expect(page.get_by_text("Kunci sandi ditambahkan.")).to_be_visible()
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Keluar", exact=True).click()
    expect(page.locator('[data-tab="akun"]')).to_have_attribute("href", "/masuk")

    page.goto(eservice)
    page.get_by_role("link", name="Masuk dengan MPP Digital").click()
    expect(page).to_have_url(re.compile(r"/masuk\?lanjut=%2Fizin%2F"))
    page.get_by_role("button", name="Masuk dengan sidik jari / kunci layar").click()
    _consent_and_back(page, eservice)
    expect(page.get_by_label("Nama lengkap")).to_have_value("Siti Rahmawati")

    page.goto("/layanan")
    page.evaluate("localStorage.setItem('mpp.lang', 'en')")
    page.goto(eservice)
    page.get_by_role("link", name="Masuk dengan MPP Digital").click()
    # asked again: the e-service wants a vault document too, and a document is picked for each sign-in
    expect(page.get_by_role("heading", name="Sign in to Izin Usaha Mikro, Kota Probolinggo")).to_be_visible()
    expect(page.get_by_text("There are no documents in your vault yet.")).to_be_visible()
    screenshot("15-izin-en")
    page.get_by_role("button", name="Refuse").click()
    expect(page.get_by_text("Anda menolak berbagi data.")).to_be_visible()
    assert json.loads(json.dumps(page.url)).startswith(eservice)
