"""Survey (SKM): only after completion or service, once, offline-safe (Idempotency-Key); the IKM report's scope."""
from __future__ import annotations

import uuid

import pytest

from .conftest import ALL_FOUR


def test_survey_after_completed_application(survey, resident, make_application):
    application_id = make_application(resident)
    response = survey(resident, application_id=application_id, comment="  Cepat dan ramah  ")
    assert response.status_code == 201
    body = response.get_json()
    assert body["application_id"] == application_id and body["booking_id"] is None
    assert body["answers"] == ALL_FOUR and body["comment"] == "Cepat dan ramah"


def test_outbox_replay_counts_once_and_a_second_survey_is_409(survey, resident, make_application, client, auth_headers):
    application_id = make_application(resident)
    key = str(uuid.uuid4())
    first = survey(resident, key=key, application_id=application_id)
    replay = survey(resident, key=key, application_id=application_id)
    assert replay.status_code == 201 and replay.get_json() == first.get_json()
    second = survey(resident, application_id=application_id)
    assert second.status_code == 409 and second.get_json()["code"] == "survey-already-given"
    mine = client.get("/api/surveys", headers=auth_headers(resident)).get_json()["items"]
    assert [s["application_id"] for s in mine] == [application_id]


@pytest.mark.parametrize("status", ["submitted", "in_review", "processing", "needs_revision", "rejected", "cancelled"])
def test_no_survey_before_the_application_is_completed(survey, resident, make_application, status):
    response = survey(resident, application_id=make_application(resident, status=status))
    assert response.status_code == 409 and response.get_json()["code"] == "survey-not-yet"


def test_survey_after_served_ticket_only(survey, resident, make_booking):
    waiting = make_booking(resident, status="booked")
    response = survey(resident, booking_id=waiting)
    assert response.status_code == 409 and "dilayani" in response.get_json()["detail"]
    served = make_booking(resident, status="served", start="10:00")
    assert survey(resident, booking_id=served).status_code == 201


def test_survey_of_someone_elses_subject_is_404(survey, make_user, make_application, make_booking):
    owner, other = make_user(), make_user()
    assert survey(other, application_id=make_application(owner)).status_code == 404
    assert survey(other, booking_id=make_booking(owner)).status_code == 404


@pytest.mark.parametrize("answers", [
    {**ALL_FOUR, "u1": 0}, {**ALL_FOUR, "u9": 5}, {**ALL_FOUR, "u3": "4"}, {**ALL_FOUR, "u2": 3.5},
    {k: v for k, v in ALL_FOUR.items() if k != "u9"}, {**ALL_FOUR, "u10": 4}, [4] * 9,
])
def test_bad_answers_are_422(survey, resident, make_application, answers):
    response = survey(resident, application_id=make_application(resident), answers=answers)
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"


@pytest.mark.parametrize("ids", [{}, {"application_id": 1, "booking_id": 1}])
@pytest.mark.parametrize(("language", "expected"), [
    (None, "Isi salah satu: application_id atau booking_id."),
    ("id", "Isi salah satu: application_id atau booking_id."),
    ("en", "Give exactly one of application_id or booking_id."),
])
def test_exactly_one_subject_in_the_request_language(client, auth_headers, resident, ids, language, expected):
    headers = auth_headers(resident, **{"Idempotency-Key": str(uuid.uuid4())})
    if language:
        headers["Accept-Language"] = language
    response = client.post("/api/surveys", json={"answers": ALL_FOUR, **ids}, headers=headers)
    assert response.status_code == 422
    assert response.get_json()["errors"]["application_id"] == [expected]


def test_survey_needs_key_and_a_resident(client, auth_headers, resident, officer, make_application, survey):
    application_id = make_application(resident)
    payload = {"application_id": application_id, "answers": ALL_FOUR}
    missing = client.post("/api/surveys", json=payload, headers=auth_headers(resident))
    assert missing.status_code == 400 and missing.get_json()["code"] == "idempotency-key-missing"
    assert client.post("/api/surveys", json=payload, headers={"Idempotency-Key": "x"}).status_code == 401
    assert survey(officer, application_id=application_id).status_code == 403
    assert client.get("/api/surveys").status_code == 401


def test_elements_are_public_with_nine_questions(client):
    items = client.get("/api/surveys/elements").get_json()["items"]
    assert [e["code"] for e in items] == [f"u{i}" for i in range(1, 10)]
    assert items[3]["name"]["id"] == "Biaya/tarif" and len(items[3]["options"]) == 4


@pytest.fixture
def answered(make_user, make_application, survey):
    """Surveys: Disdukcapil Probolinggo (all 4, and all 3), DPMPTSP Probolinggo (all 1), Disdukcapil Gowa (all 2)."""
    def rate(service, region, score):
        user = make_user()
        response = survey(user, application_id=make_application(user, service=service, region=region),
                          answers={f"u{i}": score for i in range(1, 10)})
        assert response.status_code == 201

    rate("ktp-el-baru", "35.74", 4)
    rate("kartu-keluarga", "35.74", 3)
    rate("nib-oss", "35.74", 1)
    rate("ktp-el-baru", "73.06", 2)


def _report(client, auth_headers, user, query=""):
    return client.get(f"/api/reports/ikm{query}", headers=auth_headers(user))


def test_officer_sees_only_own_agency_at_own_mpp(client, auth_headers, officer, answered):
    body = _report(client, auth_headers, officer).get_json()
    # (4 + 3) / 2 x 25 = 87.5
    assert body["respondents"] == 2 and body["ikm"] == 87.5 and body["band"] == "B"
    assert body["filters"]["region"] == "35.74" and body["filters"]["agency"] == "DISDUKCAPIL"
    assert _report(client, auth_headers, officer, "?region=73.06").status_code == 403
    assert _report(client, auth_headers, officer, "?agency=DPMPTSP").status_code == 403
    assert _report(client, auth_headers, officer, "?region=35.74&agency=disdukcapil").get_json()["respondents"] == 2


def test_admin_filters(client, auth_headers, admin, answered, service_ids):
    assert _report(client, auth_headers, admin).get_json()["respondents"] == 4
    gowa = _report(client, auth_headers, admin, "?region=73.06").get_json()
    assert (gowa["respondents"], gowa["ikm"], gowa["band"]) == (1, 50.0, "D")
    dpmptsp = _report(client, auth_headers, admin, "?agency=DPMPTSP").get_json()
    assert (dpmptsp["ikm"], dpmptsp["band_label"]["id"]) == (25.0, "Tidak Baik")
    by_service = _report(client, auth_headers, admin, f"?service={service_ids['kartu-keluarga']}").get_json()
    assert (by_service["respondents"], by_service["ikm"]) == (1, 75.0)
    assert _report(client, auth_headers, admin, "?from=2000-01-01&to=2000-12-31").get_json()["respondents"] == 0
    assert _report(client, auth_headers, admin, "?from=2030-01-01&to=2020-01-01").status_code == 422
    assert _report(client, auth_headers, admin, "?agency=TIDAKADA").status_code == 404
    assert _report(client, auth_headers, admin, "?region=99.99").status_code == 404


def test_report_is_for_staff_only(client, auth_headers, resident):
    assert client.get("/api/reports/ikm").status_code == 401
    assert _report(client, auth_headers, resident).status_code == 403


@pytest.fixture
def service_ids(app):
    from sqlalchemy import select

    from backend.catalogue.models import Service
    from backend.extensions import db

    with app.app_context():
        return dict(db.session.execute(select(Service.code, Service.id)).all())
