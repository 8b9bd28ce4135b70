"""Copy and layout from the new user's walk-through: non-field errors under a heading of their own,
English plurals, the booking screen opening on the next day with places and using the server's
BOOKING_MAX_DAYS_AHEAD, the MPP chooser (search, provinces, last used on top). Screenshots at
360x740 in both languages."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from .helpers import choose_mpp, sign_in
from .test_physical import check, officer_account, officer_page  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser


def _first_day_with_places(server, service_id: int = 1) -> str:
    client = server.app.test_client()
    today = date.today()
    for n in range(0, 15):
        day = (today + timedelta(days=n)).isoformat()
        body = client.get(f"/api/regions/35.74/availability?service={service_id}&date={day}").get_json()
        if any(s["remaining"] > 0 for s in body["slots"]):
            return day
    raise AssertionError("no day with places")


def test_booking_opens_on_the_next_day_with_places_and_the_served_limit(page, server, resident_account):
    server.app.config["BOOKING_MAX_DAYS_AHEAD"] = 9
    try:
        user, password = resident_account
        choose_mpp(page)
        sign_in(page, user.nik, password)
        page.goto("/antrian/baru?layanan=1")
        expected = _first_day_with_places(server)
        date_input = page.get_by_label("Tanggal kedatangan")
        expect(date_input).to_have_value(expected)
        expect(page.locator("label.slot input:not([disabled])").first).to_be_visible()
        expect(page.get_by_text("Tidak ada jadwal tersisa")).to_have_count(0)
        expect(page.get_by_text("Paling lambat 9 hari ke depan")).to_be_visible()
        assert date_input.get_attribute("max") == (date.fromisoformat(date_input.get_attribute("min")) + timedelta(days=9)).isoformat()
        check(page, "47-antrian-hari-berikutnya")

        # a refusal that is not about a field has its own heading, not "Periksa isian berikut"
        page.get_by_role("button", name="Ambil nomor antrean").click()
        expect(page.locator(".error-summary h2")).to_have_text("Periksa isian berikut")
        page.locator("label.slot input:not([disabled])").first.check()
        page.context.set_offline(True)
        page.get_by_role("button", name="Ambil nomor antrean").click()
        expect(page.locator(".error-summary h2")).to_have_text("Belum dapat diproses")
        expect(page.locator(".error-summary")).to_contain_text("memerlukan koneksi internet")
        check(page, "48-galat-umum")
        page.context.set_offline(False)
        page.evaluate("localStorage.setItem('mpp.lang', 'en')")
        page.reload()
        expect(page.get_by_text("Up to 9 days ahead")).to_be_visible()
        check(page, "47-antrian-hari-berikutnya-en")
    finally:
        server.app.config["BOOKING_MAX_DAYS_AHEAD"] = 14


def test_english_counts_follow_plural_rules(page, server):
    page.goto("/")
    page.evaluate("localStorage.setItem('mpp.lang', 'en')")
    page.reload()
    said = page.evaluate("""async () => {
        const { ready, t } = await import('/pwa/i18n.js');
        await ready();  // English arrives after the first paint; until then t() answers in Indonesian
        const keys = ['days.working', 'catalogue.count', 'staff.complaint_count', 'book.remaining'];
        return [1, 2, 0].flatMap((n) => keys.map((k) => t(k, { n })));
    }""")
    assert said[:4] == ["1 working day", "1 service", "1 complaint", "1 place left"]
    assert said[4:8] == ["2 working days", "2 services", "2 complaints", "2 places left"]
    assert said[8] == "0 working days"
    page.evaluate("localStorage.setItem('mpp.lang', 'id')")
    page.reload()
    assert page.evaluate("import('/pwa/i18n.js').then(({ t }) => t('days.working', { n: 1 }))") == "1 hari kerja"


def test_mpp_chooser_searches_groups_by_province_and_puts_the_last_used_on_top(page, server):
    page.goto("/pilih-mpp")
    expect(page.get_by_role("heading", name="Pilih Mal Pelayanan Publik")).to_be_visible()
    headings = page.locator(".mpp-group > h2").all_inner_texts()
    assert "Jawa Tengah" in headings and headings == sorted(headings)
    central_java = page.locator("section.mpp-group", has=page.get_by_role("heading", name="Jawa Tengah", exact=True))
    names = central_java.locator("h3").all_inner_texts()
    # by place name, not "Kabupaten ..." before every "Kota ..."
    assert [n.rsplit(" ", 1)[1] for n in names] == ["Banjarnegara", "Tegal", "Wonosobo"]
    check(page, "49-pilih-mpp")
    page.get_by_label("Cari MPP").fill("banjar")
    visible = [n for n in page.locator("li.card:visible h3").all_inner_texts()]
    assert sorted(visible) == ["Mal Pelayanan Publik Kabupaten Banjarnegara", "Mal Pelayanan Publik Kota Banjarmasin"]
    page.get_by_label("Cari MPP").fill("kalimantan tengah")
    expect(page.locator("li.card:visible")).to_have_count(3)
    page.get_by_label("Cari MPP").fill("tidak ada")
    expect(page.get_by_text("Tidak ada MPP yang cocok.")).to_be_visible()

    page.get_by_label("Cari MPP").fill("")
    choose_mpp(page, "Mal Pelayanan Publik Kota Sukabumi")
    page.goto("/pilih-mpp")
    first = page.locator("section.mpp-group").first
    expect(first.get_by_role("heading", name="Terakhir dipakai")).to_be_visible()
    expect(first.locator("h3")).to_have_text(["Mal Pelayanan Publik Kota Sukabumi"])
    expect(page.get_by_role("heading", name="Mal Pelayanan Publik Kota Sukabumi")).to_have_count(1)  # not twice
    check(page, "49-pilih-mpp-terakhir")
    page.evaluate("localStorage.setItem('mpp.lang', 'en')")
    page.reload()
    expect(page.get_by_role("heading", name="Last used")).to_be_visible()
    check(page, "49-pilih-mpp-en")


OVERLAPS = """() => {
    const box = document.getElementById('toast').getBoundingClientRect();
    if (!box.height) return ['no toast'];
    const hit = [];
    for (const el of document.querySelectorAll('main a, main button, main input, main select, main label, main .qr, main p, nav a')) {
        const r = el.getBoundingClientRect();
        if (!r.width || !r.height) continue;
        if (r.left < box.right && r.right > box.left && r.top < box.bottom && r.bottom > box.top) hit.push(el.outerHTML.slice(0, 80));
    }
    return hit;
}"""

TAB_LABEL_GAPS = """(selector) => {
    const labels = [...document.querySelectorAll(`${selector} a > span:not(.badge)`)];
    // a label broken inside a word ("Permoh-onan") is one word on two lines: fail then too
    if (labels.some((s) => !s.textContent.includes(' ') && s.getClientRects().length > 1)) return [-1];
    const spans = labels.map((s) => s.getBoundingClientRect());
    return spans.slice(1).map((r, i) => r.left - spans[i].right);
}"""


def test_toasts_cover_no_action(page, server, resident_account):
    user, password = resident_account
    choose_mpp(page)
    sign_in(page, user.nik, password)
    page.goto("/antrian/baru?layanan=1")
    expect(page.locator("label.slot").first).to_be_visible()
    page.evaluate("import('/pwa/dom.js').then(({ toast }) => toast('Nomor antrean A-001 sudah diambil.'))")
    expect(page.locator("#toast")).to_be_visible()
    assert page.evaluate(OVERLAPS) == []
    check(page, "50-toast")


def test_tabs_have_icons_room_and_a_visible_current_tab(page, server, resident_account):
    user, password = resident_account
    choose_mpp(page)
    sign_in(page, user.nik, password)
    tabs = page.locator("nav.resident-tabs")
    expect(tabs.locator("a svg")).to_have_count(4)
    for lang in ("id", "en"):
        page.evaluate(f"localStorage.setItem('mpp.lang', '{lang}')")
        page.goto("/permohonan")
        page.wait_for_function("() => document.documentElement.dataset.ready === '1'")
        assert min(page.evaluate(TAB_LABEL_GAPS, "nav.resident-tabs")) >= 8  # "ApplicationsMessages" no more
        current = tabs.locator('a[aria-current="page"]')
        expect(current).to_have_count(1)
        other = tabs.locator("a:not([aria-current])").first
        assert current.evaluate("a => getComputedStyle(a).backgroundColor") != other.evaluate("a => getComputedStyle(a).backgroundColor")
        check(page, f"51-tab-{lang}")
    page.evaluate("localStorage.setItem('mpp.lang', 'id')")


def test_officers_have_a_tab_bar_of_their_own(officer_account, officer_page, server):
    from .test_physical import officer_sign_in

    _, email, password = officer_account
    officer_sign_in(officer_page, email, password)
    expect(officer_page.locator("nav.resident-tabs")).to_be_hidden()
    staff = officer_page.locator("nav.staff-tabs")
    expect(staff.get_by_role("link")).to_have_text(["Ringkasan", "Antrean", "Permohonan", "Pengaduan"])  # settings: the header's gear
    expect(staff.locator('a[aria-current="page"]')).to_have_text("Ringkasan")
    staff.get_by_role("link", name="Permohonan").click()
    expect(officer_page.get_by_role("heading", name="Daftar permohonan")).to_be_visible()
    expect(staff.locator('a[aria-current="page"]')).to_have_text("Permohonan")
    assert min(officer_page.evaluate(TAB_LABEL_GAPS, "nav.staff-tabs")) >= 8
    check(officer_page, "52-tab-petugas")
