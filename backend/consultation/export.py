"""The resident's questions and their answers in their data export (UU PDP right of access)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Consultation


def export_consultations(session: Session, user) -> tuple[str, list[dict]]:
    """Every question of the user with the agency's answer (not the answering officer's account)."""
    rows = session.scalars(select(Consultation).where(Consultation.user_id == user.id).order_by(Consultation.id))
    return "consultations", [
        {"id": c.id, "service_id": c.service_id, "agency_id": c.agency_id, "region_code": c.region_code,
         "question": c.question, "document_id": c.document_id, "allow_public": c.allow_public, "status": c.status,
         "due_date": c.due_date, "answer": c.answer, "answered_at": c.answered_at, "published": c.published,
         "public_question": c.public_question, "created_at": c.created_at}
        for c in rows
    ]


def register(registry) -> None:
    """Add questions to the data export (consultation.init_app)."""
    registry.export(export_consultations, {"consultation.user_id": "consultations"}, {
        "consultation.answered_by": (
            "the officer who answered a resident's question: a work record of the agency; the answer itself is "
            "exported to the resident with the question")})
