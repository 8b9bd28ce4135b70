"""Kinerja MPP in Chromium: numbers on screen, both languages, axe clean, no sideways scroll at
200% zoom on a small phone, and readable offline once loaded."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlalchemy import select

from backend.applications.models import Application, ApplicationEvent
from backend.catalogue import services as catalogue
from backend.catalogue.models import Service, ServiceRegion
from backend.extensions import db
from backend.performance import routes as performance_routes

from .helpers import REGION, choose_mpp, wait_for_worker

pytestmark = pytest.mark.browser
AXE = Axe()


@pytest.fixture
def report_data(server, resident_account):
    """Four applications of one agency this month, two completed (one on time)."""
    performance_routes._computed.clear()
    user = resident_account[0]
    app = server.app
    with app.app_context():
        region = catalogue.get_region(db.session, REGION, with_agencies=True)
        agency = sorted(region.agencies, key=lambda a: a.short)[0]
        service = db.session.scalar(select(Service).join(ServiceRegion, ServiceRegion.service_id == Service.id)
                                    .where(ServiceRegion.region_code == REGION, Service.agency_id == agency.id).limit(1))
        now = datetime.now(UTC).replace(microsecond=0)
        local_today = (now + timedelta(hours=7)).date()  # WIB: the day the report counts in
        for n in range(4):
            row = Application(tracking_number=f"PRB-K-{n:04d}", user_id=user.id, service_id=service.id, agency_id=agency.id,
                              region_code=REGION, form_version=1, data={}, status="submitted",
                              received_at=now - timedelta(minutes=5), sla_due_date=local_today + timedelta(days=-1 if n == 0 else 5),
                              updated_at=now)
            db.session.add(row)
            db.session.flush()
            if n < 2:
                row.status = "completed"
                db.session.add(ApplicationEvent(application_id=row.id, status="completed", at=now, actor_role="officer"))
        db.session.commit()
        return agency.short


def test_report_screen(page, server, report_data, screenshot):
    choose_mpp(page)
    page.get_by_role("link", name="Kinerja MPP ini").click()
    expect(page.get_by_role("heading", name="Kinerja MPP", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Permohonan per bulan")).to_be_visible()
    expect(page.get_by_role("img", name="Permohonan diterima dan selesai tepat waktu")).to_be_visible()
    summary = page.locator(".perf-summary").first
    expect(summary).to_contain_text("Diterima")
    expect(summary).to_contain_text("4")
    expect(summary).to_contain_text("50% (1 dari 2)")
    agency = page.locator("details.perf-agency", has_text=report_data)
    agency.locator("summary").click()
    expect(agency).to_contain_text("4 permohonan")
    page.wait_for_timeout(200)
    screenshot("40-kinerja")
    violations = AXE.run(page).response["violations"]
    assert not violations, [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations]

    # 200% zoom on a 360 px phone: 180 CSS px; nothing scrolls sideways but the tables' own boxes
    page.set_viewport_size({"width": 180, "height": 370})
    page.wait_for_timeout(200)
    screenshot("40-kinerja-180")
    wide = page.evaluate("""() => [...document.querySelectorAll('body *')].filter((el) => el.getBoundingClientRect().right > 181
        && !el.closest('.table-wrap'))
        .map((el) => el.tagName + '.' + el.className + ' ' + Math.round(el.getBoundingClientRect().right)).slice(0, 8)""")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), wide
    page.set_viewport_size({"width": 360, "height": 740})

    page.goto("/pengaturan")
    page.get_by_label("English").check()
    page.goto("/kinerja")
    expect(page.get_by_role("heading", name="MPP performance")).to_be_visible()
    expect(page.locator(".perf-summary").first).to_contain_text("50% (1 of 2)")
    screenshot("40-kinerja-en")
    violations = AXE.run(page).response["violations"]
    assert not violations, [(v["id"], v["impact"]) for v in violations]


def test_report_offline_once_loaded(page, server, context, report_data):
    choose_mpp(page)
    wait_for_worker(page)
    page.goto("/kinerja")
    expect(page.locator(".perf-summary").first).to_contain_text("4")
    context.set_offline(True)
    try:
        page.reload()
        expect(page.get_by_role("heading", name="Kinerja MPP", exact=True)).to_be_visible()
        expect(page.locator(".perf-summary").first).to_contain_text("50% (1 dari 2)")
    finally:
        context.set_offline(False)
