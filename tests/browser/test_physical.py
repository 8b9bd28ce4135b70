"""The physical MPP in a real browser: a resident books a queue ticket and still shows its QR
offline; the counter officer checks it in and marks it served; the resident's survey, sent
offline, is counted once in the IKM; the officer asks for a revision through the worklist;
complaints; axe-core on every new screen and 360x740 screenshots in test-output/screens/."""
from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.conftest import DEMO_PASSWORD

from .conftest import SCREENS
from .helpers import choose_mpp, sign_in, wait_for_worker

pytestmark = pytest.mark.browser
AXE = Axe()
WIB = ZoneInfo("Asia/Jakarta")
ANSWERS = [4, 4, 3, 4, 4, 4, 4, 3, 4]  # IKM = 34/9 x 25 = 94.44 (A)


def check(page, name):
    """Screenshot at 360x740, then zero serious or critical axe violations."""
    page.wait_for_function("() => document.documentElement.dataset.ready === '1'")
    page.wait_for_timeout(300)
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"{name}.png"))
    bad = [v for v in AXE.run(page).response["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, f"{name}: " + "; ".join(f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in bad)


def next_open_day() -> date:
    """The next Monday-Thursday after today that is not a public holiday (the MPP opens 08:00 WIB)."""
    from backend.workdays import holiday_name

    day = datetime.now(WIB).date() + timedelta(days=1)
    while day.weekday() > 3 or holiday_name(day) is not None:
        day += timedelta(days=1)
    return day


@pytest.fixture
def counter_day(monkeypatch):
    """Freeze the booking domain's clock at 08:10 WIB on an opening day, so today's queue exists."""
    from backend.booking import officer_routes, routes

    day = next_open_day()
    now = datetime.combine(day, time(8, 10), tzinfo=WIB).astimezone(UTC)
    monkeypatch.setattr(routes, "utcnow", lambda: now)
    monkeypatch.setattr(officer_routes, "utcnow", lambda: now)
    return day


@pytest.fixture
def officer_account(server):
    """A Disdukcapil counter officer at MPP Kota Probolinggo (35.74), who signs in by email."""
    from sqlalchemy import select

    from backend.accounts.models import User
    from backend.accounts.passwords import hash_password
    from backend.catalogue.models import Agency
    from backend.extensions import db

    with server.app.app_context():
        agency = db.session.scalar(select(Agency).where(Agency.code == "DISDUKCAPIL"))
        officer = User(role="officer", full_name="Petugas Disdukcapil", email="petugas@contoh.id", agency_id=agency.id,
                       region_code="35.74", password_hash=hash_password(DEMO_PASSWORD))
        db.session.add(officer)
        db.session.commit()
        return officer.id, "petugas@contoh.id", DEMO_PASSWORD


def api_token(server, identifier, password):
    client = server.app.test_client()
    response = client.post("/api/auth/login", json={"identifier": identifier, "password": password})
    assert response.status_code == 200, response.get_json()
    return {"Authorization": f"Bearer {response.get_json()['access_token']}"}


@pytest.fixture
def officer_page(browser, browser_context_args):
    context = browser.new_context(**browser_context_args)
    page = context.new_page()
    yield page
    context.close()


def officer_sign_in(page, email, password):
    page.goto("/masuk")
    page.get_by_label("NIK atau email").fill(email)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk", exact=True).click()
    expect(page.get_by_role("heading", name="Ringkasan gerai")).to_be_visible()


def book_in_ui(page, day):
    page.goto("/layanan/1")
    page.get_by_role("link", name="Ambil nomor antrean").click()
    expect(page.get_by_role("heading", name="Ambil nomor antrean")).to_be_visible()
    expect(page.get_by_label("Layanan", exact=True)).to_have_value("1")
    page.get_by_label("Tanggal kedatangan").fill(day.isoformat())
    expect(page.get_by_text("09:00–09:30", exact=True)).to_be_visible()
    check(page, "20-antrian-baru")
    page.get_by_text("09:00–09:30", exact=True).click()
    page.get_by_role("button", name="Ambil nomor antrean").click()
    expect(page.get_by_role("heading", name="Tiket antrean")).to_be_visible()


def qr_shown(page):
    qr = page.get_by_role("img", name="Kode QR tiket A-001. Tunjukkan ke petugas gerai.")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    box = qr.bounding_box()
    assert box["width"] >= 250  # large enough to scan from the phone's screen


def test_ticket_offline_checked_in_served_and_offline_survey_counted_once(
    page, context, server, resident_account, officer_account, officer_page, counter_day
):
    from backend.booking.models import Booking
    from backend.feedback.models import Survey

    user, password = resident_account
    choose_mpp(page)
    wait_for_worker(page)
    sign_in(page, user.nik, password)
    book_in_ui(page, counter_day)
    expect(page.locator(".ticket-number")).to_have_text("A-001")
    qr_shown(page)
    check(page, "21-tiket")
    booking_id = int(page.url.rsplit("/", 1)[1])
    assert server.count(Booking, id=booking_id) == 1

    # No signal: the ticket, its QR and the list still open after a reload.
    context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", name="Tiket antrean")).to_be_visible()
    expect(page.get_by_text("(luring)")).to_be_visible()
    qr_shown(page)
    check(page, "21-tiket-luring")
    page.goto("/antrian")
    expect(page.get_by_role("link", name="Lihat tiket A-001")).to_be_visible()
    check(page, "22-antrean-saya-luring")
    context.set_offline(False)

    # The counter officer checks the ticket in by its number and marks it served.
    _, email, officer_password = officer_account
    officer_sign_in(officer_page, email, officer_password)
    check(officer_page, "30-petugas")
    officer_page.locator("nav.staff-tabs").get_by_role("link", name="Antrean").click()
    row = officer_page.locator('[data-ticket="A-001"]')
    expect(row).to_have_attribute("data-status", "booked")
    check(officer_page, "31-petugas-antrean")
    officer_page.get_by_label("Nomor antrean atau token").fill("a-001")
    officer_page.get_by_role("button", name="Catat hadir").click()
    expect(row).to_have_attribute("data-status", "checked_in")
    officer_page.get_by_role("button", name="Panggil berikutnya").click()
    expect(row).to_have_attribute("data-status", "called")
    expect(officer_page.get_by_role("button", name="Panggil berikutnya")).to_be_disabled()
    officer_page.get_by_role("button", name="Tandai A-001 selesai dilayani").click()
    expect(row).to_have_attribute("data-status", "served")
    check(officer_page, "31-petugas-antrean-dilayani")
    # A ticket number that is not in today's queue gets a clear message on the field.
    officer_page.get_by_label("Nomor antrean atau token").fill("A-999")
    officer_page.get_by_role("button", name="Catat hadir").click()
    expect(officer_page.get_by_text("Tiket A-999 tidak ada di antrean hari ini.")).to_be_visible()
    expect(officer_page.get_by_label("Nomor antrean atau token")).to_have_attribute("aria-invalid", "true")

    # The resident rates the service; the signal drops before the answers are sent.
    page.goto(f"/antrian/{booking_id}")
    page.get_by_role("link", name="Beri penilaian layanan").click()
    expect(page.get_by_role("heading", name="Survei kepuasan")).to_be_visible()
    context.set_offline(True)
    page.get_by_role("button", name="Berikutnya").click()
    expect(page.get_by_text("Pilih salah satu jawaban.")).to_be_visible()
    for number, score in enumerate(ANSWERS, start=1):
        expect(page.get_by_text(f"Langkah {number} dari 10")).to_be_visible()
        page.locator(f".choices input[value='{score}']").check()
        if number == 1:
            check(page, "23-survei")
        page.get_by_role("button", name="Berikutnya").click()
    page.get_by_label("Saran atau komentar").fill("Petugas ramah, antrean tertib.")
    page.get_by_role("button", name="Kirim penilaian").click()
    expect(page.get_by_text("Penilaian disimpan dan akan terkirim otomatis saat daring.")).to_be_visible()
    page.wait_for_timeout(500)
    assert server.count(Survey) == 0
    context.set_offline(False)
    expect(page.get_by_text("Terima kasih, penilaian Anda sudah tercatat.")).to_be_visible(timeout=30000)
    assert server.count(Survey) == 1

    report = server.app.test_client().get("/api/reports/ikm", headers=api_token(server, email, officer_password)).get_json()
    assert report["respondents"] == 1
    assert report["ikm"] == 94.44 and report["band"] == "A"
    page.goto(f"/antrian/{booking_id}")
    expect(page.get_by_text("Terima kasih, penilaian Anda sudah tercatat.")).to_be_visible()
    expect(page.get_by_role("link", name="Beri penilaian layanan")).to_have_count(0)
    officer_page.goto("/petugas")
    expect(officer_page.locator(".tile").filter(has_text="IKM bulan ini")).to_contain_text("94,44")
    check(officer_page, "30-petugas-ikm")


def submit_application(server, resident_account) -> int:
    user, password = resident_account
    headers = {**api_token(server, user.nik, password), "Idempotency-Key": str(uuid.uuid4())}
    body = {"service_id": 2, "region_code": "35.74", "form_version": 1, "client_created_at": datetime.now(UTC).isoformat(),
            "data": {"nik": user.nik, "full_name": user.full_name, "phone": user.phone, "reason": "rusak", "agree": True}}
    response = server.app.test_client().post("/api/applications", json=body, headers=headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def test_officer_moves_an_application_to_needs_revision(server, resident_account, officer_account, officer_page):
    from backend.applications.models import Application
    from backend.extensions import db

    application_id = submit_application(server, resident_account)
    _, email, password = officer_account
    page = officer_page
    officer_sign_in(page, email, password)
    page.locator("nav.staff-tabs").get_by_role("link", name="Permohonan").click()
    expect(page.get_by_text("1 permohonan")).to_be_visible()
    check(page, "32-petugas-permohonan")
    page.get_by_label("Status", exact=True).select_option("needs_revision")
    page.get_by_role("button", name="Terapkan").click()
    expect(page.get_by_text("Tidak ada permohonan yang cocok.")).to_be_visible()
    page.get_by_label("Status", exact=True).select_option("")
    page.get_by_role("button", name="Terapkan").click()
    page.get_by_role("link", name="Penggantian KTP-el").click()
    expect(page.get_by_text("Siti Rahmawati").first).to_be_visible()
    page.get_by_label("Status baru").select_option("in_review")
    page.get_by_role("button", name="Simpan perubahan status").click()
    expect(page.locator("dd .chip").first).to_have_text("Sedang diperiksa")
    page.get_by_label("Status baru").select_option("needs_revision")
    page.get_by_role("button", name="Simpan perubahan status").click()
    expect(page.get_by_text("Catatan wajib diisi.").first).to_be_visible()
    expect(page.get_by_label("Catatan untuk pemohon")).to_have_attribute("aria-invalid", "true")
    check(page, "33-petugas-permohonan-galat")
    page.get_by_label("Catatan untuk pemohon").fill("Foto KTP lama tidak terbaca, mohon alasan diperjelas.")
    page.get_by_label("Alasan penggantian").check()
    check(page, "33-petugas-permohonan-detail")
    page.get_by_role("button", name="Simpan perubahan status").click()
    expect(page.locator("dd .chip").first).to_have_text("Perlu perbaikan")
    with server.app.app_context():
        application = db.session.get(Application, application_id)
        assert application.status == "needs_revision"
        assert application.fields_to_fix == ["reason"]


def test_resident_files_a_complaint_about_a_ticket_and_the_officer_answers(
        page, server, resident_account, officer_account, officer_page, counter_day):
    user, password = resident_account
    booking_id = book_via_api(server, resident_account, counter_day, "10:00")["id"]
    choose_mpp(page)
    sign_in(page, user.nik, password)
    page.goto("/antrian")
    expect(page.get_by_role("link", name="Lihat tiket A-001")).to_be_visible()
    check(page, "22-antrean-saya")
    page.goto(f"/antrian/{booking_id}")
    page.get_by_role("link", name="Ajukan pengaduan").click()
    expect(page.get_by_label("Hal yang diadukan")).to_have_value(f"booking:{booking_id}")
    page.get_by_role("button", name="Kirim pengaduan").click()
    expect(page.get_by_label("Isi pengaduan")).to_have_attribute("aria-invalid", "true")
    check(page, "24-pengaduan-galat")
    page.get_by_label("Isi pengaduan").fill("Jadwal di tiket tidak sesuai dengan papan antrean di gerai.")
    page.get_by_role("button", name="Kirim pengaduan").click()
    expect(page.get_by_role("heading", name="Pengaduan saya")).to_be_visible()
    expect(page.get_by_text("Antrean A-001")).to_be_visible()
    expect(page.get_by_text("Dijawab paling lambat")).to_be_visible()
    check(page, "25-pengaduan")

    _, email, officer_password = officer_account
    officer_sign_in(officer_page, email, officer_password)
    officer_page.locator("nav.staff-tabs").get_by_role("link", name="Pengaduan").click()
    expect(officer_page.get_by_text("Jadwal di tiket tidak sesuai dengan papan antrean di gerai.")).to_be_visible()
    officer_page.get_by_text("Jawab pengaduan ini").click()
    check(officer_page, "34-petugas-pengaduan")
    officer_page.get_by_label("Jawaban untuk pemohon").fill("Mohon maaf, papan antrean sudah kami perbaiki.")
    officer_page.get_by_role("button", name="Kirim jawaban").click()
    expect(officer_page.get_by_text("Jawab pengaduan ini")).to_have_count(0)
    page.reload()
    expect(page.get_by_text("Mohon maaf, papan antrean sudah kami perbaiki.")).to_be_visible()
    expect(page.locator(".chip.complaint-selesai")).to_have_text("Selesai")
    check(page, "25-pengaduan-dijawab")


def test_resident_rates_a_completed_application(page, server, resident_account, officer_account):
    from backend.feedback.models import Survey

    application_id = submit_application(server, resident_account)
    _, email, officer_password = officer_account
    headers = api_token(server, email, officer_password)
    for to in ("in_review", "processing", "completed"):
        response = server.app.test_client().post(
            f"/api/officer/applications/{application_id}/transitions", json={"to": to}, headers=headers)
        assert response.status_code == 200, response.get_json()
    user, password = resident_account
    choose_mpp(page)
    sign_in(page, user.nik, password)
    page.goto(f"/permohonan/{application_id}")
    page.get_by_role("link", name="Beri penilaian layanan").click()
    for score in ANSWERS:
        page.locator(f".choices input[value='{score}']").check()
        page.get_by_role("button", name="Berikutnya").click()
    page.get_by_role("button", name="Kirim penilaian").click()
    expect(page.get_by_text("Terima kasih, penilaian Anda sudah tercatat.")).to_be_visible(timeout=20000)
    assert server.count(Survey, application_id=application_id) == 1
    page.goto("/permohonan")
    expect(page.locator('[data-state="delivered"]')).to_have_count(0)  # the survey leaves the outbox list


def book_via_api(server, resident_account, day, start) -> dict:
    user, password = resident_account
    headers = {**api_token(server, user.nik, password), "Idempotency-Key": str(uuid.uuid4())}
    response = server.app.test_client().post(
        "/api/bookings", json={"service_id": 1, "region_code": "35.74", "date": day.isoformat(), "start": start}, headers=headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_counter_checks_a_qr_token_offline_with_the_public_key(server, resident_account, officer_account, officer_page, counter_day):
    token = book_via_api(server, resident_account, counter_day, "11:00")["token"]
    head, payload, signature = token.split(".")
    forged = f"{head}.{payload}.{('A' if signature[0] != 'A' else 'B')}{signature[1:]}"
    _, email, password = officer_account
    page = officer_page
    officer_sign_in(page, email, password)
    page.goto("/petugas/antrian")
    expect(page.locator('[data-ticket="A-001"]')).to_have_attribute("data-status", "booked")
    page.context.set_offline(True)
    field = page.get_by_label("Nomor antrean atau token")
    field.fill(token)
    page.get_by_role("button", name="Catat hadir").click()
    expect(page.get_by_text("Tiket A-001 sah untuk")).to_be_visible()
    field.fill(forged)
    page.get_by_role("button", name="Catat hadir").click()
    expect(page.get_by_text("Kode QR tidak sah atau telah diubah.")).to_be_visible()
    expect(field).to_have_attribute("aria-invalid", "true")
    page.context.set_offline(False)
    field.fill(token)
    page.get_by_role("button", name="Catat hadir").click()
    expect(page.locator('[data-ticket="A-001"]')).to_have_attribute("data-status", "checked_in")


def test_resident_cancels_a_ticket_and_reads_it_in_english(page, server, resident_account, counter_day):
    from backend.booking.models import Booking

    user, password = resident_account
    booking_id = book_via_api(server, resident_account, counter_day, "13:00")["id"]
    choose_mpp(page)
    sign_in(page, user.nik, password)
    page.goto(f"/antrian/{booking_id}")
    expect(page.get_by_role("img", name="Kode QR tiket A-001. Tunjukkan ke petugas gerai.")).to_be_visible()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Batalkan antrean").click()
    expect(page.locator(".ticket .chip")).to_have_text("Dibatalkan")
    expect(page.get_by_role("img")).to_have_count(0)  # a cancelled ticket shows no QR to scan
    assert server.count(Booking, status="cancelled") == 1
    page.evaluate("localStorage.setItem('mpp.lang', 'en')")
    page.goto("/antrian")
    expect(page.get_by_role("heading", name="My queue tickets")).to_be_visible()
    expect(page.get_by_text("Cancelled")).to_be_visible()
    check(page, "22-queue-tickets-en")
    page.goto("/antrian/baru?layanan=1")
    expect(page.get_by_role("heading", name="Take a queue number")).to_be_visible()
    page.get_by_label("Arrival date").fill(counter_day.isoformat())
    expect(page.get_by_text("13:00–13:30", exact=True)).to_be_visible()
    check(page, "20-book-en")


def test_officer_gives_a_walk_in_visitor_a_number(server, officer_account, officer_page, counter_day):
    _, email, password = officer_account
    page = officer_page
    officer_sign_in(page, email, password)
    page.goto("/petugas/antrian")
    expect(page.get_by_role("heading", name="Pemohon datang langsung")).to_be_visible()
    service = page.get_by_label("Layanan", exact=True)
    expect(service.locator("option")).not_to_have_count(0)
    page.get_by_role("button", name="Beri nomor antrean").click()
    expect(page.get_by_text("Nomor antrean A-001 diberikan.").first).to_be_visible()
    expect(page.locator('[data-ticket="A-001"]')).to_have_attribute("data-status", "checked_in")
    check(page, "31-petugas-antrean-langsung")
    from backend.booking.models import Booking
    from backend.extensions import db

    with server.app.app_context():
        booking = db.session.query(Booking).one()
        assert booking.source == "walk_in" and booking.user_id is None
