"""The officer asks for a revision: the resident sees the note in the timeline and the inbox,
fixes the marked field and resubmits (offline too); the update prompt for a new version."""
import os
import shutil
import time

import pytest
from playwright.sync_api import expect

from tests.conftest import issue_access_token

from .helpers import choose_mpp, wait_for_worker
from .test_outbox import fill_and_submit, start

pytestmark = pytest.mark.browser


def officer_headers(server):
    from sqlalchemy import select

    from backend.accounts.models import User
    from backend.catalogue.models import Agency
    from backend.extensions import db

    with server.app.app_context():
        agency = db.session.scalar(select(Agency).where(Agency.code == "DISDUKCAPIL"))
        officer = User(role="officer", full_name="Petugas Disdukcapil", email="petugas@contoh.id", agency_id=agency.id, region_code="35.74")
        db.session.add(officer)
        db.session.commit()
        token = issue_access_token(officer)
    return {"Authorization": f"Bearer {token}"}


def transition(page, server, headers, application_id, to, **extra):
    response = page.request.post(
        f"{server.url}/api/officer/applications/{application_id}/transitions", data={"to": to, **extra}, headers=headers
    )
    assert response.ok, response.text()


def test_revision_requested_then_fixed_offline_and_resubmitted(page, context, server, resident_account, screenshot):
    from backend.applications.models import Application
    from backend.extensions import db

    start(page, server, resident_account)
    fill_and_submit(page)
    expect(page.locator('[data-state="delivered"]')).to_be_visible(timeout=20000)
    with server.app.app_context():
        application_id = db.session.query(Application).one().id
    headers = officer_headers(server)
    transition(page, server, headers, application_id, "in_review")
    transition(page, server, headers, application_id, "needs_revision",
               note="Alasan penggantian tidak sesuai dengan surat kehilangan.", fields_to_fix=["reason"])

    page.goto("/kotak-masuk")
    expect(page.locator("#badge-inbox")).not_to_have_text("0")
    screenshot("09-pesan")
    page.goto(f"/permohonan/{application_id}")
    expect(page.get_by_text("Perlu perbaikan").first).to_be_visible()
    expect(page.get_by_text("Alasan penggantian tidak sesuai dengan surat kehilangan.").first).to_be_visible()
    screenshot("07-permohonan-perbaikan")
    page.get_by_role("link", name="Perbaiki dan kirim ulang").click()
    expect(page.get_by_text("Perlu diperbaiki", exact=True)).to_be_visible()
    expect(page.get_by_label("Alasan penggantian")).to_be_focused()
    screenshot("07-perbaiki")
    context.set_offline(True)
    page.get_by_label("Alasan penggantian").select_option(index=2)
    page.get_by_role("button", name="Lanjut: periksa kembali").click()
    page.get_by_role("button", name="Kirim permohonan").click()
    context.set_offline(False)
    expect(page.get_by_text("Perbaikan dikirim").first).to_be_visible(timeout=30000)
    with server.app.app_context():
        application = db.session.get(Application, application_id)
        assert application.status == "resubmitted"
        assert db.session.query(Application).count() == 1


def test_inbox_opens_the_application_and_marks_it_read(page, server, resident_account):
    from backend.applications.models import Application
    from backend.extensions import db

    start(page, server, resident_account)
    fill_and_submit(page)
    expect(page.locator('[data-state="delivered"]')).to_be_visible(timeout=20000)
    with server.app.app_context():
        application_id = db.session.query(Application).one().id
    transition(page, server, officer_headers(server), application_id, "in_review")
    page.goto("/kotak-masuk")
    unread = page.locator(".card.unread")
    expect(unread.first).to_be_visible()
    count = unread.count()
    unread.first.get_by_role("link").click()
    expect(page.get_by_role("heading", name="Riwayat status")).to_be_visible()
    page.goto("/kotak-masuk")
    expect(page.locator(".card.unread")).to_have_count(count - 1)


def come_back_until_a_new_worker(page, server, timeout: float = 30) -> None:
    """The resident comes back to the app (visibilitychange), which asks for an update, until the
    browser has found the new service worker.

    Chromium revalidates the script with If-Modified-Since alone; when this test wrote the new
    version within the same second as the copy, a Last-Modified-based server answered 304 for
    ever (backend/web.py now serves a content ETag and no Last-Modified; tests/test_web.py).
    Asking again also covers an update() that joins Chromium's own soft update after a navigation.
    """
    found = "navigator.serviceWorker.getRegistration().then(r => Boolean(r.installing || r.waiting))"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
        for _ in range(10):
            if page.evaluate(found):
                return
            time.sleep(0.2)
    raise AssertionError(f"no new service worker; the server answered {server.faults.answers[-20:]}")


def test_new_version_prompts_and_reloads_into_it(page, server, tmp_path):
    root = tmp_path / "app"
    (root / "pwa").mkdir(parents=True)
    source = server.app.config["PWA_ROOT"]
    shutil.copytree(f"{source}/pwa", root / "pwa", dirs_exist_ok=True)
    shutil.copy(f"{source}/manifest.json", root)
    shutil.copy(f"{source}/service-worker.js", root)
    server.app.config["PWA_ROOT"] = str(root)
    try:
        choose_mpp(page)
        wait_for_worker(page)
        old = [k for k in page.evaluate("caches.keys()") if k.startswith("mpp-shell-")]
        # a fix to one screen, nothing bumped by hand: the server derives the worker's VERSION from
        # every precached file (backend/shellversion.py)
        changed = root / "pwa" / "views" / "applications.js"
        before = changed.stat()
        changed.write_text(changed.read_text() + "// a fix\n")
        # the new version keeps the old mtime: as when it lands within the same second, or from a
        # build that stamps every file with one fixed time
        os.utime(changed, ns=(before.st_atime_ns, before.st_mtime_ns))
        come_back_until_a_new_worker(page, server)
        banner = page.locator("#update")
        expect(banner).to_be_visible(timeout=20000)
        expect(banner).to_contain_text("Versi baru tersedia")
        with page.expect_navigation():
            banner.get_by_role("button", name="Muat ulang").click()
        page.wait_for_function("() => document.documentElement.dataset.ready === '1'")
        page.wait_for_function(f"() => window.__k ? !window.__k.includes('{old[0]}') : (caches.keys().then(k => (window.__k = k)), false)")
        new = [k for k in page.evaluate("caches.keys()") if k.startswith("mpp-shell-")]
        assert len(new) == 1 and new != old
        assert page.evaluate("caches.match('/pwa/views/applications.js').then(r => r.text())").endswith("// a fix\n")
    finally:
        server.app.config["PWA_ROOT"] = source


def test_inbox_is_readable_offline(page, context, server, resident_account):
    """A message seen once online is still there offline, marked with when it was last updated."""
    from backend.applications.models import Application
    from backend.extensions import db

    start(page, server, resident_account)
    fill_and_submit(page)
    expect(page.locator('[data-state="delivered"]')).to_be_visible(timeout=20000)
    with server.app.app_context():
        application = db.session.query(Application).one()
        application_id, tracking = application.id, application.tracking_number
    transition(page, server, officer_headers(server), application_id, "in_review")
    page.goto("/kotak-masuk")
    message = page.locator(".card.unread").filter(has_text=tracking)
    expect(message.first).to_be_visible()
    context.set_offline(True)
    page.reload()
    expect(page.locator(".card").filter(has_text=tracking).first).to_be_visible()
    expect(page.get_by_text("Terakhir diperbarui")).to_be_visible()
