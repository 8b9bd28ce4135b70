"""The push toggle settles even when no push service can be reached: after a bounded wait it says
that notifications cannot be turned on now and why, and the in-app inbox keeps working."""
from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from .helpers import choose_mpp, sign_in, wait_for_worker
from .test_physical import check

pytestmark = pytest.mark.browser

NEVER_SETTLES = "PushManager.prototype.subscribe = function () { return new Promise(() => {}); };"
ABORTS = ("PushManager.prototype.subscribe = function () {"
          " return Promise.reject(new DOMException('Registration failed - push service error', 'AbortError')); };")


def _open_settings(page, context, server, resident_account, script, lang="id"):
    context.grant_permissions(["notifications"])
    page.add_init_script(script)
    user, password = resident_account
    choose_mpp(page)
    sign_in(page, user.nik, password)
    wait_for_worker(page)
    page.evaluate(f"localStorage.setItem('mpp.lang', '{lang}')")
    page.goto("/pengaturan")
    toggle = page.get_by_role("switch")
    expect(toggle).not_to_be_checked()
    return toggle


def test_toggle_settles_when_the_push_service_never_answers(page, context, server, resident_account):
    toggle = _open_settings(page, context, server, resident_account, NEVER_SETTLES)
    started = time.monotonic()
    toggle.click()
    status = page.locator("#notif ~ * [role=status], section[aria-labelledby=notif] [role=status]").first
    expect(status).to_have_text("Sebentar…")
    expect(status).to_contain_text("tidak dapat diaktifkan sekarang", timeout=15000)
    assert time.monotonic() - started < 14
    expect(status).to_contain_text("tidak ada jawaban dalam 10 detik")
    expect(status).to_contain_text("menu Pesan")
    expect(toggle).not_to_be_checked()
    expect(toggle).to_be_enabled()
    check(page, "46-notifikasi-gagal")
    page.goto("/kotak-masuk")
    expect(page.get_by_role("heading", name="Pesan", exact=True)).to_be_visible()


def test_a_refusal_names_its_reason_in_english(page, context, server, resident_account):
    toggle = _open_settings(page, context, server, resident_account, ABORTS, lang="en")
    toggle.click()
    status = page.locator("section[aria-labelledby=notif] [role=status]")
    expect(status).to_contain_text("cannot be turned on now")
    expect(status).to_contain_text("AbortError")
    expect(status).to_contain_text("under Messages in the app")
    expect(toggle).not_to_be_checked()
    check(page, "46-notifikasi-gagal-en")
