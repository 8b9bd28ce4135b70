"""The catalogue after one online visit: offline reload still shows the chosen MPP's services, search works."""
import pytest
from playwright.sync_api import expect

from .helpers import choose_mpp, wait_for_worker

pytestmark = pytest.mark.browser


def test_chosen_mpp_is_remembered_and_catalogue_searchable(page, server):
    choose_mpp(page)
    expect(page.locator("#region-link")).to_have_text("Probolinggo")
    page.reload()
    expect(page.get_by_role("heading", name="Layanan", exact=True)).to_be_visible()
    page.get_by_label("Cari layanan").fill("akta kelahiran")
    expect(page.get_by_role("link", name="Penerbitan Kutipan Akta Kelahiran")).to_be_visible()
    expect(page.get_by_role("link", name="Perpanjangan SIM A")).to_have_count(0)


def test_offline_reload_shows_catalogue_and_search_works(page, context, server):
    choose_mpp(page)
    wait_for_worker(page)
    expect(page.locator("#hasil")).to_contain_text("layanan")
    page.get_by_role("link", name="Penerbitan Surat Keterangan Catatan Kepolisian (SKCK)").click()
    expect(page.get_by_text("Rp30.000").first).to_be_visible()
    context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", name="Penerbitan Surat Keterangan Catatan Kepolisian (SKCK)")).to_be_visible()
    page.goto("/layanan")
    expect(page.get_by_role("heading", name="Layanan", exact=True)).to_be_visible()
    page.get_by_label("Cari layanan").fill("paspor")
    expect(page.get_by_role("link", name="Permohonan Paspor Biasa Baru")).to_be_visible()
    expect(page.get_by_role("link", name="Perpanjangan SIM A")).to_have_count(0)
    page.get_by_label("Cari layanan").fill("")
    page.get_by_label("Instansi").select_option(value="POLRI")
    expect(page.get_by_role("link", name="Perpanjangan SIM A")).to_be_visible()


def test_service_detail_shows_the_six_components_and_fee(page, server):
    choose_mpp(page)
    page.get_by_label("Cari layanan").fill("ktp-el baru")
    page.get_by_role("link", name="Perekaman dan Penerbitan KTP-el Baru").click()
    for heading in ["1. Persyaratan", "2. Prosedur", "3. Jangka waktu", "4. Biaya/tarif", "5. Produk layanan", "6. Pengaduan"]:
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
    expect(page.get_by_text("Gratis").first).to_be_visible()
    expect(page.get_by_text("gerai").first).to_be_visible()
    expect(page.get_by_role("link", name="Ajukan online")).to_have_count(0)
