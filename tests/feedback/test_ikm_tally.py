"""The IKM report from the monthly totals equals the report computed from the surveys themselves.

Surveys over three months, two MPPs and two agencies; the report for every kind of period (whole
months, a partial first or last month, one day, open ends), MPP, agency and service is compared
with the straightforward sum over the survey rows, also after surveys are deleted one by one, an
answer is changed and an account is deleted with its surveys (ON DELETE CASCADE).
"""
from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import delete, func, select, update

from backend.extensions import db

PERIODS = [
    (None, None), (date(2026, 9, 1), date(2026, 11, 30)), (date(2026, 9, 14), date(2026, 11, 2)),
    (date(2026, 10, 1), date(2026, 10, 31)), (date(2026, 10, 5), date(2026, 10, 5)), (None, date(2026, 10, 15)),
    (date(2026, 10, 31), None), (date(2026, 10, 2), date(2026, 10, 30)), (date(2026, 12, 1), date(2026, 12, 31)),
]


def straightforward(session, *, region, agency_id, service, date_from, date_to):
    from backend.feedback.models import ELEMENT_CODES, Survey

    query = select(func.count(Survey.id), *[func.coalesce(func.sum(getattr(Survey, c)), 0) for c in ELEMENT_CODES])
    for column, value in ((Survey.region_code, region), (Survey.agency_id, agency_id), (Survey.service_id, service)):
        if value:
            query = query.where(column == value)
    if date_from:
        query = query.where(Survey.local_date >= date_from)
    if date_to:
        query = query.where(Survey.local_date <= date_to)
    row = session.execute(query).one()
    return int(row[0]), dict(zip(ELEMENT_CODES, (int(v) for v in row[1:]), strict=True))


@pytest.fixture
def surveys(app, make_user):
    """About 90 surveys of 3 residents: Sept-Nov 2026, Kota Probolinggo and Kota Medan, two agencies' services."""
    from backend.catalogue.models import Service
    from backend.feedback.models import Survey

    people = [make_user("resident") for _ in range(3)]
    with app.app_context():
        services = list(db.session.scalars(select(Service).where(Service.agency.has(code="DISDUKCAPIL"))
                                           .order_by(Service.id).limit(2)))
        services += list(db.session.scalars(select(Service).where(Service.agency.has(code="DPMPTSP"))
                                            .order_by(Service.id).limit(1)))
        for n in range(90):
            service = services[n % 3]
            db.session.add(Survey(
                user_id=people[n % 3].id, application_id=10_000 + n, service_id=service.id,
                agency_id=service.agency_id, region_code=("35.74", "12.71")[n % 2],
                local_date=date(2026, 9, 1) + timedelta(days=(n * 7) % 91), created_at=datetime.now(UTC),
                idempotency_key=str(uuid.uuid4()), **{f"u{i}": 1 + (n * i + n // 3) % 4 for i in range(1, 10)}))
        db.session.commit()
        ids = {"services": [s.id for s in services], "agencies": sorted({s.agency_id for s in services})}
    return people, ids


def _all_reports_match(session, ids) -> int:
    from backend.feedback import tally

    compared = 0
    for region in (None, "35.74", "12.71"):
        for agency_id in (None, *ids["agencies"]):
            for service in (None, ids["services"][0]):
                for date_from, date_to in PERIODS:
                    filters = {"region_code": region, "agency_id": agency_id, "service": service,
                               "date_from": date_from, "date_to": date_to}
                    expected = straightforward(session, region=region, agency_id=agency_id, service=service,
                                               date_from=date_from, date_to=date_to)
                    assert tally.sums(session, **filters) == expected, filters
                    compared += 1
    return compared


def test_report_from_monthly_totals_equals_the_surveys(app, surveys):
    from backend.feedback.models import Survey

    people, ids = surveys
    with app.app_context():
        assert _all_reports_match(db.session, ids) == 3 * 3 * 2 * len(PERIODS)
        first = db.session.scalars(select(Survey.id).order_by(Survey.id).limit(5)).all()
        db.session.execute(delete(Survey).where(Survey.id.in_(first)))
        db.session.execute(update(Survey).where(Survey.id == first[-1] + 1)
                           .values(u1=4, local_date=date(2026, 11, 30), region_code="12.71"))
        db.session.commit()
        _all_reports_match(db.session, ids)
    with app.app_context():
        from backend.accounts.models import User

        db.session.execute(delete(User).where(User.id == people[0].id))  # the account's surveys cascade
        db.session.commit()
        assert db.session.scalar(select(func.count(Survey.id))) < 85
        _all_reports_match(db.session, ids)


def test_report_endpoint_uses_the_totals(app, client, surveys, make_user, auth_headers):
    from backend.feedback.tally import SurveyMonth

    with app.app_context():
        assert db.session.scalar(select(func.sum(SurveyMonth.respondents))) == 90
    body = client.get("/api/reports/ikm?from=2026-09-14&to=2026-11-02", headers=auth_headers(make_user("admin"))).get_json()
    with app.app_context():
        expected, _ = straightforward(db.session, region=None, agency_id=None, service=None,
                                      date_from=date(2026, 9, 14), date_to=date(2026, 11, 2))
    assert body["respondents"] == expected > 0
