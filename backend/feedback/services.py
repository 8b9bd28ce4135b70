"""Surveys (SKM) after a completed application or a served booking, and the IKM report."""
from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..catalogue import services as catalogue
from ..errors import Problem
from ..timeutil import to_local
from . import ikm, subjects, tally
from .models import ELEMENT_CODES, Complaint, Survey


def _survey_subject(session: Session, user_id: int, application_id: int | None, booking_id: int | None):
    if (application_id is None) == (booking_id is None):
        raise Problem(422, "validation-error", "survey.one_subject")
    if application_id is not None:
        subject = subjects.own_application(session, user_id, application_id)
        if subject.status != "completed":
            raise Problem(409, "survey-not-yet", "survey.not_completed")
    else:
        subject = subjects.own_booking(session, user_id, booking_id)
        if subject.status != "served":
            raise Problem(409, "survey-not-yet", "survey.not_served")
    return subject


def submit_survey(session: Session, *, user, application_id: int | None, booking_id: int | None,
                  answers: dict[str, int], comment: str | None, now: datetime, key: str | None = None) -> Survey:
    """Record the resident's answers, once per application or booking (caller commits).

    key: the request's Idempotency-Key, stored on the row (unique per user).
    """
    subject = _survey_subject(session, user.id, application_id, booking_id)
    column = Survey.application_id if application_id is not None else Survey.booking_id
    if session.scalar(select(Survey.id).where(column == subject.id)) is not None:
        raise Problem(409, "survey-already-given", "survey.already_given")
    region = catalogue.get_region(session, subject.region_code)
    survey = Survey(user_id=user.id, application_id=application_id, booking_id=booking_id,
                    service_id=subject.service_id, agency_id=subject.agency_id, region_code=subject.region_code,
                    local_date=to_local(now, region.timezone).date(), comment=(comment or "").strip() or None,
                    created_at=now, idempotency_key=key, **{code: int(answers[code]) for code in ELEMENT_CODES})
    try:
        with session.begin_nested():
            session.add(survey)
    except IntegrityError:
        if key is not None and session.scalar(select(Survey.id).where(Survey.user_id == user.id,
                                                                      Survey.idempotency_key == key)) is not None:
            raise  # this very key was answered by another attempt: the idempotency store replays it
        # the same subject answered at the same moment through another key
        raise Problem(409, "survey-already-given", "survey.already_given") from None
    return survey


def my_surveys(session: Session, user_id: int) -> list[Survey]:
    return list(session.scalars(select(Survey).where(Survey.user_id == user_id).order_by(Survey.id.desc())))


def _scope(session: Session, actor, region: str | None, agency_code: str | None) -> tuple[str | None, int | None]:
    """The report filters an actor may use: officers only their own agency at their own MPP."""
    agency_id = None
    if agency_code:
        agency = catalogue.get_agency_by_code(session, agency_code)
        if agency is None:
            raise Problem(404, "agency-not-found", "report.agency_not_found", params={"code": agency_code[:20]})
        agency_id = agency.id
    if region:
        catalogue.get_region(session, region)
    if actor.role == "officer":
        if (region and region != actor.region_code) or (agency_id and agency_id != actor.agency_id):
            raise Problem(403, "report-scope", "report.scope")
        if not actor.region_code or not actor.agency_id:
            raise Problem(403, "report-scope", "report.scope")
        return actor.region_code, actor.agency_id
    return region, agency_id


def ikm_report(session: Session, *, actor, region: str | None, agency: str | None, service: int | None,
               date_from: date | None, date_to: date | None) -> dict:
    """IKM, band and respondents of the surveys matching the filters (dates are local at the MPP)."""
    if date_from and date_to and date_from > date_to:
        raise Problem(422, "validation-error", "report.period")
    region_code, agency_id = _scope(session, actor, region, agency)
    respondents, sums = tally.sums(session, region_code=region_code, agency_id=agency_id, service=service,
                                   date_from=date_from, date_to=date_to)
    result = ikm.compute(sums, respondents)
    agency_obj = catalogue.get_agency(session, agency_id) if agency_id else None
    return {**asdict(result),
            "filters": {"region": region_code, "agency": agency_obj.code if agency_obj else None,
                        "service": service, "from": date_from, "to": date_to}}


def complaint_document_reference(session: Session, actor, document_id: int) -> int | None:
    """The id of a complaint with this photo that actor (an officer) handles, if any.

    For the documents domain, so an officer may open the photo attached to a complaint.
    """
    if actor.role != "officer" or not actor.agency_id:
        return None
    return session.scalar(select(Complaint.id).where(
        Complaint.document_id == document_id, Complaint.agency_id == actor.agency_id,
        Complaint.region_code == actor.region_code).limit(1))
