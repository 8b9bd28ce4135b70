"""Settings shows who read my data by staff number, agency and MPP, a run of reads as one line."""
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from .helpers import choose_mpp, sign_in

pytestmark = pytest.mark.browser


def _officer_reads(server, resident_id, times):
    from sqlalchemy import select

    from backend.accounts.models import User
    from backend.audit import services as audit
    from backend.catalogue.models import Agency
    from backend.extensions import db

    with server.app.app_context():
        agency = db.session.scalar(select(Agency).where(Agency.code == "DISDUKCAPIL"))
        officer = User(role="officer", full_name="Rina Wulandari", email="petugas@probolinggo.mpp.id",
                       agency_id=agency.id, region_code="35.74")
        db.session.add(officer)
        db.session.flush()
        start = datetime.now(UTC) - timedelta(hours=1)
        for n in range(times):
            audit.record(db.session, actor=officer, subject_user_id=resident_id, action="read", object_type="booking",
                         object_id=9, detail="A-014", now=start + timedelta(minutes=5 * n))
        db.session.commit()
        return officer.id, agency.short or agency.code


def test_the_access_log_names_the_staff_number_agency_and_mpp_and_groups_reads(page, server, resident_account, screenshot):
    user, password = resident_account
    officer_id, agency = _officer_reads(server, user.id, 3)
    choose_mpp(page)
    sign_in(page, user.nik, password)
    page.goto("/pengaturan")
    page.get_by_text("Siapa yang mengakses data saya").click()
    line = page.locator(".log li")
    expect(line).to_have_count(1)
    expect(line).to_contain_text(f"Petugas #{officer_id} · {agency} · Kota Probolinggo")
    expect(line).to_contain_text("Melihat · tiket antrian · A-014")
    expect(line).to_contain_text("3 kali")
    line.scroll_into_view_if_needed()
    screenshot("access-log-id")
    page.get_by_label("English").check()
    page.get_by_text("Who accessed my data").click()
    expect(page.locator(".log li")).to_contain_text(f"Officer #{officer_id}")
    expect(page.locator(".log li")).to_contain_text("3 times")
    page.locator(".log li").scroll_into_view_if_needed()
    screenshot("access-log-en")


def test_staff_see_their_name_as_read_only_in_their_profile(page, server):
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
    page.goto("/profil")
    name = page.get_by_label("Nama lengkap")
    expect(name).to_have_value("Rina Wulandari")
    expect(name).to_have_attribute("readonly", "")
    expect(page.get_by_text("Nama petugas hanya dapat diubah oleh admin MPP")).to_be_visible()
