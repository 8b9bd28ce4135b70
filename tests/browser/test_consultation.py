"""Tanya petugas in Chromium: a resident asks offline (delivered once, even when the first answer is
lost), the counter officer answers and publishes it without personal data, the resident reads the
answer, and the service page shows the question and answer to everyone. axe on each screen."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .helpers import choose_mpp, sign_in, wait_for_worker
from .test_physical import check, officer_account, officer_page, officer_sign_in  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser
AXE = Axe()
QUESTION = "Apakah fotokopi KK untuk KTP-el harus dilegalisir dulu? Saya Siti."
PUBLIC = "Apakah fotokopi KK untuk KTP-el harus dilegalisir dulu?"
ANSWER = "Tidak perlu dilegalisir. Bawa KK asli, petugas mencocokkannya di loket."


def no_violations(page, name):
    check(page, name)
    violations = AXE.run(page).response["violations"]
    assert not violations, [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    width = page.viewport_size["width"]
    page.set_viewport_size({"width": 180, "height": 370})
    page.wait_for_timeout(150)
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), name
    page.set_viewport_size({"width": width, "height": 740})


def test_ask_offline_answer_and_faq(page, context, server, resident_account, officer_account, officer_page):
    from backend.consultation.models import Consultation

    user, password = resident_account
    choose_mpp(page)
    sign_in(page, user.nik, password)
    wait_for_worker(page)
    page.goto("/layanan/1")
    expect(page.get_by_role("heading", name="Tanya-jawab")).to_be_visible()
    page.get_by_role("link", name="Tanya petugas").click()
    expect(page.get_by_role("heading", name="Tanya petugas")).to_be_visible()
    expect(page.get_by_text("paling lambat 3 hari kerja")).to_be_visible()

    context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", name="Tanya petugas")).to_be_visible()
    page.get_by_label("Pertanyaan Anda").fill(QUESTION)
    page.get_by_label("Boleh ditampilkan sebagai tanya-jawab umum").check()
    no_violations(page, "50-tanya-form")
    page.get_by_role("button", name="Kirim pertanyaan").click()
    expect(page.get_by_role("heading", name="Pertanyaan saya")).to_be_visible()
    expect(page.locator('[data-state="pending"]')).to_contain_text(QUESTION)
    assert server.count(Consultation) == 0

    server.faults.fail("/api/consultations", times=1, status=502, after=True)  # stored, but the answer is lost
    context.set_offline(False)
    expect(page.get_by_text("Dijawab paling lambat")).to_be_visible(timeout=30000)
    expect(page.locator('[data-state="pending"]')).to_have_count(0)
    assert server.faults.count("POST", "/api/consultations") >= 2
    assert server.count(Consultation) == 1
    no_violations(page, "51-tanya-saya")

    _, email, officer_password = officer_account
    officer_sign_in(officer_page, email, officer_password)
    officer_page.get_by_role("link", name="Pertanyaan warga").click()
    expect(officer_page.get_by_role("heading", name="Pertanyaan warga")).to_be_visible()
    expect(officer_page.get_by_text(QUESTION)).to_be_visible()
    officer_page.get_by_text("Jawab", exact=True).click()
    officer_page.get_by_label("Jawaban", exact=True).fill(ANSWER)
    officer_page.get_by_label("Tampilkan sebagai tanya-jawab umum").check()
    no_violations(officer_page, "52-petugas-tanya")
    officer_page.get_by_role("button", name="Kirim jawaban").click()
    expect(officer_page.get_by_text("Teks untuk umum masih memuat data pribadi (nama)").first).to_be_visible()
    officer_page.get_by_label("Pertanyaan untuk umum").fill(PUBLIC)
    officer_page.get_by_role("button", name="Kirim jawaban").click()
    expect(officer_page.get_by_text("Jawaban terkirim")).to_be_visible()

    page.goto("/tanya")
    expect(page.get_by_text(ANSWER)).to_be_visible()
    expect(page.get_by_text("Ditampilkan sebagai tanya-jawab umum")).to_be_visible()

    anonymous = context.browser.new_context(base_url=page.url.split("/tanya")[0])
    stranger = anonymous.new_page()
    try:
        choose_mpp(stranger)
        stranger.goto("/layanan/1")
        faq = stranger.locator(".faq-item", has_text=PUBLIC)
        expect(faq).to_be_visible()
        faq.locator("summary").click()
        expect(faq).to_contain_text(ANSWER)
        expect(stranger.locator("main")).not_to_contain_text("Siti")
        no_violations(stranger, "53-layanan-tanya-jawab")
    finally:
        anonymous.close()
