"""Complaints (pengaduan): filed by a resident, answered by the agency's officers within 5 working days."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import workdays
from ..catalogue import services as catalogue
from ..errors import Problem
from ..i18n import t
from ..integrations import services as integrations
from ..pagination import Page, paginate
from ..timeutil import to_local
from . import subjects
from .models import Complaint

ANSWER_DAYS = 5  # working days to answer
ANSWER_STATUSES = ("diproses", "selesai")


def file_complaint(session: Session, *, user, subject_type: str, subject_id: int, text: str,
                   document_id: int | None, region_code: str | None, now: datetime, key: str | None = None) -> Complaint:
    """Record a complaint and route it to the counter of the agency concerned (caller commits).

    key: the request's Idempotency-Key, stored on the row (unique per user: the last guard of exactly once).
    """
    if subject_type == "application":
        subject = subjects.own_application(session, user.id, subject_id)
    elif subject_type == "booking":
        subject = subjects.own_booking(session, user.id, subject_id)
    else:
        subject = subjects.service_at(session, subject_id, region_code)
    if document_id is not None:
        from ..documents import services as documents

        # locked: a concurrent delete of the photo waits for this complaint's reference (below)
        if document_id not in documents.owned_documents(session, user.id, [document_id], lock=True):
            raise Problem(422, "validation-error", "complaint.document_not_found",
                          errors={"document_id": [t("complaint.document_not_found")]})
    region = catalogue.get_region(session, subject.region_code)
    received = to_local(now, region.timezone).date()
    complaint = Complaint(
        user_id=user.id, subject_type=subject.kind, subject_id=subject.id, subject_label=subject.label,
        service_id=subject.service_id, agency_id=subject.agency_id, region_code=subject.region_code,
        text=text.strip(), document_id=document_id, status="diterima",
        due_date=workdays.add_working_days(received, ANSWER_DAYS), created_at=now, idempotency_key=key,
    )
    session.add(complaint)
    session.flush()
    if document_id is not None:
        documents.refer(session, kind="complaint", object_id=complaint.id, ref=f"pengaduan #{complaint.id}",
                        document_ids=[document_id], active=False, agency_id=complaint.agency_id,
                        region_code=complaint.region_code)
    integrations.record_event(session, "complaint.created", complaint, now=now)
    return complaint


def my_complaints(session: Session, user_id: int, page: int, per_page: int) -> Page:
    query = select(Complaint).where(Complaint.user_id == user_id).order_by(Complaint.created_at.desc(), Complaint.id.desc())
    return paginate(session, query, page, per_page)


def officer_complaints(session: Session, officer, status: str | None, page: int, per_page: int) -> Page:
    """The complaints routed to the officer's agency at their MPP, the earliest due first."""
    if not officer.agency_id or not officer.region_code:
        raise Problem(403, "forbidden", "error.forbidden")
    query = select(Complaint).where(Complaint.agency_id == officer.agency_id, Complaint.region_code == officer.region_code)
    if status:
        query = query.where(Complaint.status == status)
    return paginate(session, query.order_by(Complaint.due_date, Complaint.id), page, per_page)


def answer(session: Session, *, officer, complaint_id: int, text: str, status: str, now: datetime) -> Complaint:
    """Answer a complaint of the officer's own counter and notify the resident (caller commits)."""
    from ..notifications import services as notifications

    complaint = session.get(Complaint, complaint_id)
    if complaint is None or complaint.agency_id != officer.agency_id or complaint.region_code != officer.region_code:
        raise Problem(404, "complaint-not-found", "complaint.not_found")
    if complaint.status == "selesai":
        raise Problem(409, "complaint-closed", "complaint.closed")
    if status not in ANSWER_STATUSES:
        raise Problem(422, "validation-error", "error.validation", errors={"status": ["Must be one of: diproses, selesai."]})
    complaint.answer = text.strip()
    complaint.status = status
    complaint.answered_at = now
    complaint.answered_by = officer.id
    short = complaint.answer if len(complaint.answer) <= 160 else complaint.answer[:159] + "…"
    notifications.enqueue(
        session, user_id=complaint.user_id, kind="complaint_answered", url=f"/pengaduan/{complaint.id}",
        params={"subject": {lang: t("complaint.answer_subject", lang, label=complaint.subject_label, answer=short)
                            for lang in ("id", "en")}, "complaint_id": complaint.id, "status": status},
    )
    session.flush()
    return complaint


def is_overdue(complaint: Complaint, now: datetime, timezone: str) -> bool:
    """Not answered and the due date (a local date at the MPP) has passed."""
    return complaint.answered_at is None and to_local(now, timezone).date() > complaint.due_date
