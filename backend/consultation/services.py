"""Consultation: ask, answer within ANSWER_DAYS working days, publish as a FAQ without personal data."""
from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import workdays
from ..catalogue import services as catalogue
from ..errors import Problem
from ..i18n import t
from ..pagination import Page, paginate
from ..timeutil import to_local
from .models import Consultation

ANSWER_DAYS = 3  # working days to answer a question (published on the service page)
SHORT = 160  # characters of an answer in a notification

# what a public FAQ text must not contain: a NIK or KK number, a phone number, an e-mail address
_PERSONAL = (
    ("NIK/KK", re.compile(r"(?<!\d)(?:\d[\s.-]?){15}\d(?!\d)")),
    ("telepon", re.compile(r"(?<![\w+])(?:\+62|62|0)8[\d\s.-]{7,14}\d")),
    ("email", re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")),
)


def ask(session: Session, *, user, service_id: int, region_code: str, question: str, document_id: int | None,
        allow_public: bool, now: datetime, key: str | None = None) -> Consultation:
    """Record a question for the service's agency at the MPP (caller commits)."""
    service = catalogue.get_service(session, service_id)
    region = catalogue.get_region(session, region_code)
    if not catalogue.service_offered_in(session, service.id, region.code):
        raise Problem(422, "validation-error", "consultation.service_not_here",
                      errors={"region_code": [t("consultation.service_not_here")]})
    if document_id is not None:
        from ..documents import services as documents

        # locked: a concurrent delete of the photo waits for this question's reference (below)
        if document_id not in documents.owned_documents(session, user.id, [document_id], lock=True):
            raise Problem(422, "validation-error", "consultation.document_not_found",
                          errors={"document_id": [t("consultation.document_not_found")]})
    received = to_local(now, region.timezone).date()
    consultation = Consultation(
        user_id=user.id, service_id=service.id, agency_id=service.agency_id, region_code=region.code,
        question=question.strip(), document_id=document_id, allow_public=allow_public, status="diterima",
        due_date=workdays.add_working_days(received, ANSWER_DAYS), created_at=now, idempotency_key=key,
    )
    session.add(consultation)
    session.flush()
    if document_id is not None:
        documents.refer(session, kind="consultation", object_id=consultation.id,
                        ref=f"konsultasi #{consultation.id}", document_ids=[document_id], active=False,
                        agency_id=consultation.agency_id, region_code=consultation.region_code)
    return consultation


def mine(session: Session, user_id: int, page: int, per_page: int) -> Page:
    query = (select(Consultation).where(Consultation.user_id == user_id)
             .order_by(Consultation.created_at.desc(), Consultation.id.desc()))
    return paginate(session, query, page, per_page)


def own(session: Session, user_id: int, consultation_id: int) -> Consultation:
    consultation = session.get(Consultation, consultation_id)
    if consultation is None or consultation.user_id != user_id:
        raise Problem(404, "consultation-not-found", "consultation.not_found")
    return consultation


def _staff_scope(officer) -> tuple[int, str]:
    if not officer.agency_id or not officer.region_code:
        raise Problem(403, "forbidden", "error.forbidden")
    return officer.agency_id, officer.region_code


def for_officer(session: Session, officer, status: str | None, page: int, per_page: int) -> Page:
    """The questions for the officer's agency at their MPP, the earliest due first."""
    agency_id, region_code = _staff_scope(officer)
    query = select(Consultation).where(Consultation.agency_id == agency_id, Consultation.region_code == region_code)
    if status:
        query = query.where(Consultation.status == status)
    return paginate(session, query.order_by(Consultation.due_date, Consultation.id), page, per_page)


def personal_data_in(text: str, names: list[str]) -> list[str]:
    """What in text looks like personal data: a NIK, a phone number, an e-mail, or one of the names given."""
    found = [label for label, pattern in _PERSONAL if pattern.search(text)]
    folded = text.casefold()
    if any(name and len(name) >= 3 and name.casefold() in folded for name in names):
        found.append("nama")
    return found


def answer(session: Session, *, officer, consultation_id: int, text: str, publish: bool,
           public_question: str | None, now: datetime) -> Consultation:
    """Answer a question of the officer's own counter, notify the resident, and publish it if asked (caller commits)."""
    from ..accounts import services as accounts
    from ..notifications import services as notifications

    agency_id, region_code = _staff_scope(officer)
    consultation = session.get(Consultation, consultation_id, with_for_update=True)
    if consultation is None or consultation.agency_id != agency_id or consultation.region_code != region_code:
        raise Problem(404, "consultation-not-found", "consultation.not_found")
    if consultation.status == "dijawab":
        raise Problem(409, "consultation-answered", "consultation.answered")
    if publish:
        publish_text = (public_question or "").strip()
        if not consultation.allow_public:
            raise Problem(409, "consultation-not-public", "consultation.not_public")
        if not publish_text:
            raise Problem(422, "validation-error", "consultation.public_question_required",
                          errors={"public_question": [t("consultation.public_question_required")]})
        resident = accounts.name_parts(session, consultation.user_id)
        found = personal_data_in(f"{publish_text}\n{text}", resident)
        if found:
            what = ", ".join(found)
            raise Problem(422, "validation-error", "consultation.personal_data", params={"what": what},
                          errors={"public_question": [t("consultation.personal_data", what=what)]})
        consultation.published = True
        consultation.public_question = publish_text
    consultation.answer = text.strip()
    consultation.status = "dijawab"
    consultation.answered_at = now
    consultation.answered_by = officer.id
    service = catalogue.get_service(session, consultation.service_id)
    short = consultation.answer if len(consultation.answer) <= SHORT else consultation.answer[: SHORT - 1] + "…"
    notifications.enqueue(
        session, user_id=consultation.user_id, kind="consultation_answered", url=f"/tanya/{consultation.id}",
        params={"subject": {lang: t("consultation.answer_subject", lang, service=service.name.get(lang) or service.name["id"],
                                    answer=short) for lang in ("id", "en")}, "consultation_id": consultation.id},
    )
    session.flush()
    return consultation


def faq(session: Session, service_id: int, region_code: str | None) -> list[Consultation]:
    """The published questions of a service (at one MPP, or at all), newest answer first."""
    catalogue.get_service(session, service_id)
    query = select(Consultation).where(Consultation.service_id == service_id, Consultation.published.is_(True))
    if region_code:
        query = query.where(Consultation.region_code == region_code)
    return list(session.scalars(query.order_by(Consultation.answered_at.desc(), Consultation.id.desc()).limit(50)))


def is_overdue(consultation: Consultation, now: datetime, timezone: str) -> bool:
    return consultation.answered_at is None and to_local(now, timezone).date() > consultation.due_date
