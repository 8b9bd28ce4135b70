"""Booking a queue ticket needs live numbers: availability is network-first (never the cached copy
while the server answers), shown with its age when it does come from the cache, and booking offline
says plainly that it needs a connection. Screenshots at 360x740 in both languages."""
from __future__ import annotations

import uuid
from datetime import date

import pytest
from playwright.sync_api import expect

from tests.conftest import DEMO_PASSWORD

from .helpers import sign_in, wait_for_worker
from .test_physical import api_token, check, counter_day  # noqa: F401 - fixture

pytestmark = pytest.mark.browser


def other_resident_books(server, day: date, start: str) -> None:
    """Someone else takes a place of the slot, straight through the API."""
    from backend.accounts.models import User
    from backend.accounts.passwords import hash_password
    from backend.extensions import db

    with server.app.app_context():
        db.session.add(User(role="resident", nik="3574015203850002", full_name="Budi Santoso", birth_date=date(1985, 3, 12),
                            gender="L", phone="081298765432", email="budi@contoh.id", password_hash=hash_password(DEMO_PASSWORD)))
        db.session.commit()
    headers = {**api_token(server, "budi@contoh.id", DEMO_PASSWORD), "Idempotency-Key": str(uuid.uuid4())}
    response = server.app.test_client().post(
        "/api/bookings", json={"service_id": 1, "region_code": "35.74", "date": day.isoformat(), "start": start}, headers=headers)
    assert response.status_code == 201, response.get_json()


def slot(page, start: str):
    return page.locator("label.slot").filter(has_text=f"{start}–")


def reload_slots(page, day: date, label: str = "Tanggal kedatangan") -> None:
    """Choose the date again: the screen asks for the day's availability once more."""
    page.get_by_label(label).fill("")
    page.get_by_label(label).fill(day.isoformat())


def test_availability_is_live_online_and_aged_offline(page, context, server, resident_account, counter_day):
    user, password = resident_account
    page.goto("/")
    page.evaluate("localStorage.setItem('mpp.region', '35.74')")
    sign_in(page, user.nik, password)
    wait_for_worker(page)
    page.goto("/antrian/baru?layanan=1")
    reload_slots(page, counter_day)
    expect(slot(page, "09:00")).to_contain_text("sisa 4 tempat")

    other_resident_books(server, counter_day, "09:00")
    reload_slots(page, counter_day)
    # the worker used to answer from the catalogue cache first: still "sisa 4" after the place was taken
    expect(slot(page, "09:00")).to_contain_text("sisa 3 tempat")
    expect(page.locator(".slot-status")).not_to_contain_text("luring")

    context.set_offline(True)
    reload_slots(page, counter_day)
    status = page.locator(".slot-status")
    expect(status).to_contain_text("Jadwal tersimpan")
    expect(status).to_contain_text("bisa sudah berubah")
    slot(page, "09:30").click()
    page.get_by_role("button", name="Ambil nomor antrean").click()
    expect(page.locator(".error-summary")).to_contain_text("memerlukan koneksi internet")
    check(page, "40-antrian-luring")

    page.evaluate("localStorage.setItem('mpp.lang', 'en')")
    page.reload()
    page.wait_for_function("() => document.documentElement.dataset.ready === '1'")
    reload_slots(page, counter_day, "Arrival date")
    expect(page.locator(".slot-status")).to_contain_text("may have changed")
    expect(slot(page, "09:00")).to_contain_text("3 places left")
    check(page, "40-antrian-luring-en")
    context.set_offline(False)
