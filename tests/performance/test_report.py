"""Kinerja MPP: the report's numbers equal those worked out by hand from a small fixture."""
from __future__ import annotations

import collections
import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from backend.applications.models import Application, ApplicationEvent
from backend.booking.models import Booking, Counter
from backend.catalogue import services as catalogue
from backend.catalogue.models import Service, ServiceRegion
from backend.extensions import db
from backend.feedback import ikm
from backend.feedback.models import ELEMENT_CODES, Complaint, Survey
from backend.performance import routes as performance_routes
from backend.performance.services import ikm_value

REGION = "35.74"  # Kota Probolinggo, WIB (UTC+7)


def wib(day: str, hour: int = 9, minute: int = 0) -> datetime:
    """A local time at the MPP as an aware UTC datetime."""
    local = datetime.fromisoformat(day).replace(hour=hour, minute=minute)
    return (local - timedelta(hours=7)).replace(tzinfo=UTC)


@pytest.fixture(autouse=True)
def _fresh_report():
    performance_routes._computed.clear()
    yield
    performance_routes._computed.clear()


@pytest.fixture
def fixture_data(app, make_user):
    """Two agencies of the MPP with a hand-countable month (November 2026)."""
    resident = make_user(full_name="Siti Rahmawati Unik", nik="3574014507901001")
    with app.app_context():
        region = catalogue.get_region(db.session, REGION, with_agencies=True)
        first, second = sorted(region.agencies, key=lambda a: a.short)[:2]
        services = {}
        for agency in (first, second):
            services[agency.id] = db.session.scalar(
                select(Service).join(ServiceRegion, ServiceRegion.service_id == Service.id)
                .where(ServiceRegion.region_code == REGION, Service.agency_id == agency.id).limit(1))
        serial = iter(range(1, 1000))

        def application(agency, received, *, completed=None, due=None):
            app_row = Application(
                tracking_number=f"PRB-T-{next(serial):04d}", user_id=resident.id, service_id=services[agency.id].id,
                agency_id=agency.id, region_code=REGION, form_version=1, data={}, status="submitted",
                received_at=received, sla_due_date=due or date(2026, 12, 31), updated_at=received)
            db.session.add(app_row)
            db.session.flush()
            if completed:
                app_row.status = "completed"
                db.session.add(ApplicationEvent(application_id=app_row.id, status="completed", at=completed, actor_role="officer"))

        # first agency: received 2 on working days of November, 1 at 23:30 local on 30 November (UTC: the 30th too),
        # 1 at 23:30 local on 31 October (October), 1 at 00:30 local on 1 January (UTC: still 2025)
        application(first, wib("2026-11-02"), completed=wib("2026-11-04", 14), due=date(2026, 11, 6))  # 2 wd, on time
        application(first, wib("2026-11-03"), completed=wib("2026-11-20", 10), due=date(2026, 11, 10))  # 13 wd, late
        application(first, wib("2026-11-30", 23, 30))
        application(first, wib("2026-10-31", 23, 30))
        application(first, wib("2026-01-01", 0, 30))
        application(second, wib("2026-11-05"))

        def survey(agency, day, score, ticket):
            db.session.add(Survey(user_id=resident.id, booking_id=ticket, service_id=services[agency.id].id,
                                  agency_id=agency.id, region_code=REGION, local_date=date.fromisoformat(day),
                                  **{code: score for code in ELEMENT_CODES}))

        for ticket, score in enumerate((3, 3, 3, 3, 4), start=1):  # mean 3.2 per element: IKM 80.00, band B
            survey(first, "2026-11-10", score, ticket)
        survey(second, "2026-11-10", 4, 90)  # 2 respondents: suppressed
        survey(second, "2026-11-11", 1, 91)

        def complaint(agency, received, due, answered=None):
            db.session.add(Complaint(
                user_id=resident.id, subject_type="service", subject_id=services[agency.id].id,
                subject_label=services[agency.id].code[:40], service_id=services[agency.id].id, agency_id=agency.id,
                region_code=REGION, text="Antrean terlalu lama, mohon diperbaiki.", due_date=due,
                status="dijawab" if answered else "diterima", answer="Terima kasih." if answered else None,
                answered_at=answered, created_at=received))

        complaint(first, wib("2026-11-09"), date(2026, 11, 16), answered=wib("2026-11-10"))  # 1 wd, on time
        complaint(first, wib("2026-11-02"), date(2026, 11, 9), answered=wib("2026-11-25"))  # 17 wd, late
        complaint(first, wib("2026-11-12"), date(2026, 11, 19))  # open

        counter = Counter(region_code=REGION, agency_id=first.id, letter="Z")
        db.session.add(counter)
        db.session.flush()

        def ticket(number, *, wait=None, no_show=False):
            start = wib("2026-11-16", 9)
            db.session.add(Booking(
                user_id=resident.id, counter_id=counter.id, service_id=services[first.id].id, region_code=REGION,
                agency_id=first.id, day=date(2026, 11, 16), start="09:00", starts_at=start, ends_at=start + timedelta(minutes=30),
                ticket_number=f"Z-{number:03d}", status="no_show" if no_show else "served",
                checked_in_at=start if wait is not None or no_show else None,
                called_at=start + timedelta(minutes=wait) if wait is not None else None,
                served_at=start + timedelta(minutes=(wait or 0) + 10) if not no_show else None,
                no_show_at=start + timedelta(hours=1) if no_show else None))

        ticket(1, wait=5)
        ticket(2, wait=10)
        ticket(3, wait=30)
        ticket(4, no_show=True)
        db.session.commit()
        return {"first": first.code, "second": second.code, "resident": resident}


def _agency(body, code):
    return next(a for a in body["agencies"] if a["code"] == code)


def _month(row, month):
    return next(m for m in row["months"] if m["month"] == month)


def test_numbers_match_the_hand_count(client, fixture_data):
    response = client.get(f"/api/regions/{REGION}/performance?year=2026")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["year"] == 2026 and body["region"]["timezone_abbr"] == "WIB"
    assert body["months"][0] == "2026-01" and body["months"][-1] == "2026-12"

    first = _agency(body, fixture_data["first"])
    november = _month(first, "2026-11")
    assert november["applications"] == {"received": 3, "completed": 2, "completed_on_time": 1, "median_days": 7.5}
    assert _month(first, "2026-10")["applications"]["received"] == 1
    assert _month(first, "2026-01")["applications"]["received"] == 1  # 00:30 WIB on 1 January is 2026 at the MPP
    assert november["ikm"] == {"respondents": 5, "suppressed": False, "value": "80.00", "band": "B"}
    assert november["complaints"] == {"received": 3, "answered": 2, "answered_on_time": 1, "median_days": 9.0}
    assert november["queue"] == {"served": 3, "no_show": 1, "median_wait_minutes": 10.0}
    assert first["year"]["applications"]["received"] == 5

    second = _agency(body, fixture_data["second"])
    assert _month(second, "2026-11")["ikm"] == {"respondents": None, "suppressed": True, "value": None, "band": None}
    assert _month(second, "2026-11")["applications"]["received"] == 1

    total = _month(body["total"], "2026-11")
    assert total["applications"]["received"] == 4
    # the MPP's IKM pools all 7 respondents: element means (3*4+4+4+1)/7 = 3 -> 75.00, band C
    assert total["ikm"] == {"respondents": 7, "suppressed": False, "value": "75.00", "band": "C"}


def test_no_personal_data_and_csv_suppression(client, fixture_data):
    body = client.get(f"/api/regions/{REGION}/performance?year=2026").get_data(as_text=True)
    resident = fixture_data["resident"]
    for personal in (resident.full_name, resident.nik, "Antrean terlalu lama", "PRB-T-0001"):
        assert personal not in body

    response = client.get(f"/api/regions/{REGION}/performance.csv?year=2026")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "kinerja-mpp-35-74-2026.csv" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    second = next(r for r in rows if r["agency_code"] == fixture_data["second"] and r["period"] == "2026-11")
    assert second["ikm_respondents"] == "< 5" and second["ikm"] == "< 5"
    first = next(r for r in rows if r["agency_code"] == fixture_data["first"] and r["period"] == "2026-11")
    assert (first["applications_received"], first["ikm"], first["queue_median_wait_minutes"]) == ("3", "80.00", "10.0")
    assert resident.full_name not in response.get_data(as_text=True)


def test_etag_answers_304(client, fixture_data):
    first = client.get(f"/api/regions/{REGION}/performance?year=2026")
    etag = first.headers["ETag"]
    again = client.get(f"/api/regions/{REGION}/performance?year=2026", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    csv_first = client.get(f"/api/regions/{REGION}/performance.csv?year=2026")
    assert csv_first.headers["ETag"] != etag


@pytest.mark.parametrize("query", ["year=1999", "year=abc", "year=99999999999999999999"])
def test_bad_year_is_a_problem(client, query):
    response = client.get(f"/api/regions/{REGION}/performance?{query}")
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"


def test_unknown_region_is_404(client):
    response = client.get("/api/regions/99.99/performance", headers={"Accept-Language": "en"})
    assert response.status_code == 404 and response.get_json()["code"] == "region-not-found"


def test_empty_year_is_zeroes_not_an_error(client):
    body = client.get(f"/api/regions/{REGION}/performance?year=2021").get_json()
    assert len(body["months"]) == 12
    cell = body["total"]["year"]
    assert cell["applications"]["received"] == 0 and cell["applications"]["median_days"] is None
    assert cell["ikm"] == {"respondents": None, "suppressed": False, "value": None, "band": None}


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=5, max_value=400), st.data())
def test_ikm_shortcut_equals_the_published_formula(respondents, data):
    """The report's IKM (grand total / 9n x 25) equals ikm.compute's mean of element means, band included."""
    sums = {code: data.draw(st.integers(min_value=respondents, max_value=4 * respondents)) for code in ELEMENT_CODES}
    full = ikm.compute(sums, respondents)
    assert ikm_value(collections.Counter(sums), respondents) == (full.ikm, full.band)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31)),
                          st.integers(min_value=0, max_value=120)), min_size=1, max_size=30))
def test_working_days_from_ordinals_equal_counting_day_by_day(pairs):
    from backend.performance.services import _durations
    from backend.workdays import is_working_day

    rows = [(1, start, start + timedelta(days=span), 1, 0) for start, span in pairs]
    for (_, start, done, _, _), (_, month, took, _, _) in zip(rows, _durations(rows), strict=True):
        expected = sum(is_working_day(start + timedelta(days=k)) for k in range(1, (done - start).days + 1))
        assert (took, month) == (expected, done.strftime("%Y-%m"))
