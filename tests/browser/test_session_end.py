"""When the session ends (signed out elsewhere, refresh token gone), the open app asks the resident
to sign in again instead of showing "HTTP 401", keeps what is queued, and brings them back to the
screen they were on; the queued item is then delivered once."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .helpers import choose_mpp, sign_in, wait_for_worker
from .test_physical import check

pytestmark = pytest.mark.browser
TEXT = "Loket pengambilan berkas tutup sebelum jam pelayanan berakhir."

END_SESSION = """async () => {
    // the session is revoked on the server, as when it ended on another device or expired
    const auth = await globalThis.MPPOutbox.getAuth();
    const r = await fetch('/api/auth/logout', { method: 'POST', credentials: 'same-origin',
                                                headers: { 'X-CSRF-Token': auth.csrf_token } });
    return r.status;
}"""


def test_ended_session_asks_to_sign_in_keeps_the_queue_and_returns(page, server, resident_account):
    from backend.feedback.models import Complaint

    user, password = resident_account
    choose_mpp(page)
    sign_in(page, user.nik, password)
    wait_for_worker(page)
    # something queued that the server does not have yet (its first try fails)
    server.faults.fail("/api/complaints", times=50, status=503)
    page.evaluate("""async (text) => {
        const { enqueue } = await import('/pwa/outbox.js');
        await enqueue({ kind: 'complaint', url: '/api/complaints', label: 'Pengaduan', blobs: [],
                        body: { subject_type: 'service', subject_id: 1, region_code: '35.74', text, document_id: null } });
    }""", TEXT)
    assert page.evaluate(END_SESSION) in (200, 204)
    server.faults.faults.clear()

    page.goto("/kotak-masuk")
    page.goto("/permohonan")
    expect(page.get_by_role("heading", name="Masuk", exact=True)).to_be_visible()
    expect(page.get_by_text("Sesi Anda telah berakhir")).to_be_visible()
    expect(page.get_by_text("HTTP 401")).to_have_count(0)
    assert "lanjut=%2Fpermohonan" in page.url
    check(page, "45-sesi-berakhir")
    assert page.evaluate("globalThis.MPPdb.all('outbox').then((e) => e.length)") == 1  # kept
    assert server.count(Complaint) == 0

    page.get_by_label("NIK atau email").fill(user.nik)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk", exact=True).click()
    expect(page.get_by_role("heading", name="Permohonan saya")).to_be_visible()
    expect(page.locator('[data-state="delivered"]')).to_be_visible(timeout=20000)
    assert server.count(Complaint) == 1

    page.evaluate("localStorage.setItem('mpp.lang', 'en')")
    assert page.evaluate(END_SESSION) in (200, 204)
    page.goto("/kotak-masuk")
    expect(page.get_by_text("Your session has ended")).to_be_visible()
    assert "lanjut=%2Fkotak-masuk" in page.url
    check(page, "45-sesi-berakhir-en")
