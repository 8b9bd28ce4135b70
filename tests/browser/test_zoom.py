"""No screen scrolls sideways on a small phone with large text: 360 px at 200% zoom leaves a
180 CSS px viewport (180x370), and 320x640 is the smallest common phone. Every screen, both
languages, as an anonymous visitor, a resident and a counter officer."""
from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from .helpers import choose_mpp
from .test_physical import api_token, book_via_api, counter_day, officer_account  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser
SIZES = [(180, 370), (320, 640)]
ANONYMOUS = ["/layanan", "/layanan/15", "/layanan/2", "/masuk", "/daftar", "/lupa-sandi", "/pulihkan", "/pulihkan-kode",
             "/konfirmasi-email", "/pengaturan", "/tidak-ada"]


def resident_paths(world) -> list[str]:
    done, fix, booking = world["done"]["id"], world["fix"]["id"], world["booking"]["id"]
    return ["/permohonan", f"/permohonan/{done}", f"/permohonan/{fix}", f"/permohonan/{fix}/perbaiki", "/profil", "/kotak-masuk",
            "/pengaturan", "/pengaturan/hapus-akun", "/antrian", "/antrian/baru", f"/antrian/{booking}", "/pengaduan",
            "/pengaduan/baru", f"/survei/permohonan/{done}", "/layanan/2/ajukan"]


def officer_paths(world) -> list[str]:
    return ["/petugas", "/petugas/antrian", "/petugas/permohonan", f"/petugas/permohonan/{world['done']['id']}",
            f"/petugas/permohonan/{world['fix']['id']}", "/petugas/pengaduan", "/petugas/pemulihan", "/petugas/bantu", "/pengaturan"]


def to_review(page):
    """From the apply form to "check your answers"."""
    page.locator("form select").first.select_option(index=1)
    page.locator("form input[type='checkbox']").first.check()
    page.locator("form button[type='submit']").last.click()
    expect(page.locator("dl.review")).to_be_visible()

# Every element whose right edge passes the viewport, to say what overflows.
OVERFLOW = """() => {
  const root = document.documentElement;
  const over = root.scrollWidth - root.clientWidth;
  if (over <= 0) return null;
  const wide = [...document.querySelectorAll('body *')].filter((el) => el.getBoundingClientRect().right > root.clientWidth + 0.5)
    .filter((el) => !el.parentElement || el.parentElement.getBoundingClientRect().right <= root.clientWidth + 0.5)
    .slice(0, 4).map((el) => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ').join('.') : '')
      + ' ' + JSON.stringify((el.textContent || '').trim().slice(0, 30)));
  return {over, wide};
}"""


# What the clipboard gets when the resident selects the element's text.
COPIED = """(selector) => {
  const range = document.createRange();
  range.selectNodeContents(document.querySelector(selector));
  getSelection().removeAllRanges();
  getSelection().addRange(range);
  return getSelection().toString();
}"""


def settle(page):
    page.wait_for_function("() => document.documentElement.dataset.ready === '1'")
    page.wait_for_timeout(300)


def check_all_sizes(page, name, problems):
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(60)
        found = page.evaluate(OVERFLOW)
        if found:
            problems.append(f"{name} at {width}px: {found['over']}px, {found['wide']}")
    page.set_viewport_size({"width": 180, "height": 370})


def visit(page, path, problems, name=None, ready=None):
    page.goto(path)
    settle(page)
    if ready:
        ready()
    check_all_sizes(page, name or path, problems)


def use_language(page, language):
    page.context.add_init_script(f"localStorage.setItem('mpp.lang', '{language}')")


def pick_mpp(page, language):
    if language == "id":
        choose_mpp(page)
    else:
        page.goto("/pilih-mpp")
        page.locator(".cards li").filter(has_text="Kota Probolinggo").first.get_by_role("button").click()
        expect(page.locator("h1")).to_have_text("Services")


def sign_in_as(page, identifier, password):
    page.goto("/masuk")
    page.locator("input[autocomplete='username'], input[name='identifier']").first.fill(identifier)
    page.locator("input[type='password']").first.fill(password)
    page.locator("form button[type='submit']").last.click()
    page.wait_for_url(lambda url: "/masuk" not in url)
    settle(page)


def set_language(server, user_id, language):
    from backend.accounts.models import User
    from backend.extensions import db

    with server.app.app_context():
        db.session.get(User, user_id).language = language
        db.session.commit()


def application(server, resident, officer, steps) -> dict:
    user, password = resident
    headers = {**api_token(server, user.nik, password), "Idempotency-Key": str(uuid.uuid4())}
    body = {"service_id": 2, "region_code": "35.74", "form_version": 1, "client_created_at": datetime.now(UTC).isoformat(),
            "data": {"nik": user.nik, "full_name": user.full_name, "phone": user.phone, "reason": "rusak", "agree": True}}
    client = server.app.test_client()
    created = client.post("/api/applications", json=body, headers=headers)
    assert created.status_code == 201, created.get_json()
    officer_headers = api_token(server, officer[1], officer[2])
    fix = {"note": "Foto KTP lama tidak terbaca, mohon alasan diperjelas.", "fields_to_fix": ["reason"]}
    for to in steps:
        extra = fix if to == "needs_revision" else {}
        url = f"/api/officer/applications/{created.get_json()['id']}/transitions"
        moved = client.post(url, json={"to": to, **extra}, headers=officer_headers)
        assert moved.status_code == 200, moved.get_json()
    return created.get_json()


@pytest.fixture
def world(server, resident_account, officer_account, counter_day):
    """A resident with a completed application, one sent back for revision, a ticket and a complaint."""
    done = application(server, resident_account, officer_account, ["in_review", "processing", "completed"])
    fix = application(server, resident_account, officer_account, ["in_review", "needs_revision"])
    booking = book_via_api(server, resident_account, counter_day, "10:00")
    user, password = resident_account
    headers = {**api_token(server, user.nik, password), "Idempotency-Key": str(uuid.uuid4())}
    complaint = server.app.test_client().post("/api/complaints", headers=headers, json={
        "subject_type": "application", "subject_id": done["id"], "text": "Petugas tidak menjelaskan persyaratan KTP-el dengan jelas."})
    assert complaint.status_code in (200, 201), complaint.get_json()
    return {"done": done, "fix": fix, "booking": booking}


@pytest.mark.parametrize("language", ["id", "en"])
def test_anonymous_screens_do_not_scroll_sideways(page, server, language):
    use_language(page, language)
    problems: list[str] = []
    page.goto("/pilih-mpp")
    settle(page)
    check_all_sizes(page, "/pilih-mpp", problems)
    pick_mpp(page, language)
    for path in ANONYMOUS:
        visit(page, path, problems)
    page.goto("/daftar")
    settle(page)
    page.locator("form button[type='submit']").last.click()
    expect(page.locator(".error-summary")).to_be_visible()
    check_all_sizes(page, "/daftar (errors)", problems)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", ["id", "en"])
def test_resident_screens_do_not_scroll_sideways(page, server, resident_account, world, language):
    user, password = resident_account
    set_language(server, user.id, language)
    use_language(page, language)
    problems: list[str] = []
    pick_mpp(page, language)
    sign_in_as(page, user.nik, password)
    for path in resident_paths(world):
        visit(page, path, problems)
    to_review(page)
    check_all_sizes(page, "check your answers", problems)
    # the NIK is shown in fours but copies as one value
    nik = page.locator("dl.review .grouped").first
    expect(nik).to_have_text(user.nik)
    expect(page.locator("dl.review .grouped").first.locator("> span")).to_have_count(4)  # 3574 0145 0790 0001
    assert page.evaluate(COPIED, "dl.review .grouped") == user.nik
    page.goto("/permohonan")
    settle(page)
    assert page.evaluate(COPIED, "span.tracking") == world["fix"]["tracking_number"]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", ["id", "en"])
def test_officer_screens_do_not_scroll_sideways(page, server, world, officer_account, language):
    officer_id, email, password = officer_account
    set_language(server, officer_id, language)
    use_language(page, language)
    problems: list[str] = []
    pick_mpp(page, language)
    sign_in_as(page, email, password)
    for path in officer_paths(world):
        visit(page, path, problems)
    assert not problems, "\n".join(problems)
