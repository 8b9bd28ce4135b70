"""Dates from clients stay in sensible ranges (backend/datebounds.py): birth dates and outbox clock readings."""
from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from backend.applications.schemas import ResubmitIn
from backend.catalogue.models import Service
from backend.extensions import db

from .accounts.conftest import register_payload


def _ago(**delta) -> str:
    return (datetime.now(UTC) - timedelta(**delta)).isoformat()


def _ahead(**delta) -> str:
    return (datetime.now(UTC) + timedelta(**delta)).isoformat()


def _today(days: int = 0) -> str:
    return (datetime.now(UTC).date() + timedelta(days=days)).isoformat()


@pytest.fixture
def kk_payload(app):
    with app.app_context():
        service_id = db.session.scalar(select(Service.id).where(Service.code == "kartu-keluarga"))

    def make(user, client_created_at) -> dict:
        return {"service_id": service_id, "region_code": "35.74", "form_version": 1,
                "client_created_at": client_created_at,
                "data": {"nik": user.nik, "full_name": user.full_name, "phone": user.phone,
                         "request_type": "perubahan_data", "agree": True}}

    return make


@pytest.mark.parametrize(("client_created_at", "ok"), [
    ("9999-12-31T23:59:59Z", False),
    ("0001-01-01T00:00:00Z", False),
    ("1970-01-01T00:00:00+07:00", False),
    ("2023-12-31T23:59:59Z", False),  # before any MPP Digital outbox existed
    ("2024-01-01T07:00:00+07:00", True),
    (_ahead(days=2), False),  # a clock far ahead
    (_ahead(hours=20), True),  # within a day of skew
    (_ago(minutes=5), True),
    (_ago(days=45), True),  # a long offline spell
], ids=["year-9999", "year-1", "1970", "2023", "2024", "2-days-ahead", "20-hours-ahead", "5-minutes-ago", "45-days-ago"])
def test_client_created_at_is_bounded(client, auth_headers, resident, kk_payload, client_created_at, ok):
    response = client.post("/api/applications", json=kk_payload(resident, client_created_at),
                           headers=auth_headers(resident, **{"Idempotency-Key": str(uuid.uuid4())}))
    assert response.status_code == (201 if ok else 422), response.get_json()
    if not ok:
        assert set(response.get_json()["errors"]) == {"client_created_at"}


@pytest.mark.parametrize(("language", "future", "old"), [
    ("id", "lebih dari 1 hari di masa depan", "sebelum tahun 2024"),
    ("en", "more than 1 day in the future", "before 2024"),
])
def test_client_created_at_errors_in_the_request_language(client, auth_headers, resident, kk_payload,
                                                          language, future, old):
    for value, expected in ((_ahead(days=3), future), ("2001-09-09T01:46:40Z", old)):
        headers = auth_headers(resident, **{"Idempotency-Key": str(uuid.uuid4()), "Accept-Language": language})
        response = client.post("/api/applications", json=kk_payload(resident, value), headers=headers)
        assert response.status_code == 422
        assert expected in response.get_json()["errors"]["client_created_at"][0]


def test_a_resubmission_has_the_same_bound():
    errors = ResubmitIn().validate({"form_version": 1, "data": {}, "client_created_at": "9999-12-31T00:00:00Z"})
    assert set(errors) == {"client_created_at"}
    assert ResubmitIn().validate({"form_version": 1, "data": {}, "client_created_at": _ago(hours=1)}) == {}


@pytest.mark.parametrize(("birth_date", "ok"), [
    ("0001-01-01", False), ("1899-12-31", False), ("1900-01-01", True), ("1990-07-05", True),
    (_today(), True), (_today(2), False), ("9999-12-31", False),
], ids=["year-1", "1899-12-31", "1900-01-01", "1990", "today", "in-2-days", "year-9999"])
def test_birth_date_is_bounded_in_my_profile(client, auth_headers, resident, birth_date, ok):
    response = client.patch("/api/me", json={"birth_date": birth_date}, headers=auth_headers(resident))
    assert response.status_code == (200 if ok else 422), response.get_json()
    if not ok:
        assert set(response.get_json()["errors"]) == {"birth_date"}


@pytest.mark.parametrize(("birth_date", "language", "expected"), [
    ("0001-01-01", "id", "Tanggal lahir tidak boleh sebelum 1 Januari 1900."),
    ("0001-01-01", "en", "The birth date cannot be before 1 January 1900."),
    (_today(3), "id", "Tanggal lahir tidak boleh di masa depan."),
    (_today(3), "en", "The birth date cannot be in the future."),
], ids=["year-1-id", "year-1-en", "future-id", "future-en"])
def test_registration_refuses_a_birth_date_out_of_range(client, birth_date, language, expected):
    response = client.post("/api/auth/register", json=register_payload(birth_date=birth_date),
                           headers={"Accept-Language": language})
    assert response.status_code == 422
    assert response.get_json()["errors"]["birth_date"] == [expected]
