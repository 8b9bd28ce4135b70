"""The resident's complaints and survey answers in their data export (UU PDP right of access)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..catalogue import services as catalogue
from .models import ELEMENT_CODES, Complaint, Survey


def _services(session: Session, rows) -> dict:
    return catalogue.services_by_ids(session, sorted({r.service_id for r in rows}))


def _service(services: dict, service_id: int) -> dict | None:
    service = services.get(service_id)
    return {"id": service.id, "code": service.code, "name": service.name} if service else None


def export_complaints(session: Session, user) -> tuple[str, list[dict]]:
    """Every complaint of the user with the agency's answer (not the answering officer's account)."""
    rows = list(session.scalars(select(Complaint).where(Complaint.user_id == user.id).order_by(Complaint.id)))
    services = _services(session, rows)
    return "complaints", [
        {"id": c.id, "subject_type": c.subject_type, "subject_id": c.subject_id, "subject_label": c.subject_label,
         "service": _service(services, c.service_id), "agency_id": c.agency_id, "region_code": c.region_code,
         "text": c.text, "document_id": c.document_id, "status": c.status, "due_date": c.due_date,
         "answer": c.answer, "answered_at": c.answered_at, "created_at": c.created_at}
        for c in rows
    ]


def export_surveys(session: Session, user) -> tuple[str, list[dict]]:
    """Every survey (SKM) the user answered, with the nine scores and the comment."""
    rows = list(session.scalars(select(Survey).where(Survey.user_id == user.id).order_by(Survey.id)))
    services = _services(session, rows)
    return "surveys", [
        {"id": s.id, "application_id": s.application_id, "booking_id": s.booking_id,
         "service": _service(services, s.service_id), "agency_id": s.agency_id, "region_code": s.region_code,
         "local_date": s.local_date, "answers": {code: getattr(s, code) for code in ELEMENT_CODES},
         "comment": s.comment, "created_at": s.created_at}
        for s in rows
    ]


def register(registry) -> None:
    """Add complaints and surveys to the data export (feedback.init_app)."""
    registry.export(export_complaints, {"complaint.user_id": "complaints"}, {
        "complaint.answered_by": (
            "the officer who answered a resident's complaint: a work record of the agency; the answer itself is "
            "exported to the resident with the complaint")})
    registry.export(export_surveys, {"survey.user_id": "surveys"})
