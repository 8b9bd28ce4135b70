"""What an agency system may do through the API: its feed, its applications and documents, status
transitions and notes, and complaint answers; only for its agency, its regions and its services.

The system acts under its own account (role "system"), so every read lands in the resident's access
log as "<system> (<agency>)" with the MPP, and every change is checked by the worklist's status machine.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from ..applications import officer as worklist
from ..applications.history import record_event
from ..applications.models import Application
from ..applications.status import FINAL
from ..applications.views import render
from ..audit import services as audit
from ..catalogue import services as catalogue
from ..documents import services as documents
from ..errors import Problem
from ..feedback import complaints as feedback_complaints
from ..feedback.models import Complaint
from ..i18n import t
from ..notifications import services as notifications
from ..pagination import cursor_envelope
from .models import Integration, IntegrationEvent, IntegrationRegion, IntegrationService
from .services import RECEIVING

FEED_LIMIT = 500


@dataclass(frozen=True)
class Actor:
    """The system as the audit log, the history and the worklist rules see it, at one MPP."""

    id: int
    full_name: str
    agency_id: int
    region_code: str | None
    role: str = "system"


def actor_for(session: Session, integration: Integration, region_code: str | None) -> Actor:
    from ..accounts.models import User

    user = session.get(User, integration.actor_user_id)
    return Actor(id=user.id, full_name=user.full_name, agency_id=integration.agency_id, region_code=region_code)


def _scoped(query: Select, integration: Integration) -> Select:
    """Restrict a query over Application to the system's agency, regions and services it receives."""
    return query.where(
        Application.agency_id == integration.agency_id,
        Application.region_code.in_(select(IntegrationRegion.region_code)
                                    .where(IntegrationRegion.integration_id == integration.id)),
        Application.service_id.in_(select(IntegrationService.service_id)
                                   .where(IntegrationService.integration_id == integration.id,
                                          IntegrationService.handled_by.in_(RECEIVING))),
    )


def _application(session: Session, integration: Integration, application_id: int, *, lock: bool = False) -> Application:
    query = _scoped(select(Application).where(Application.id == application_id), integration)
    if lock:
        query = query.with_for_update(of=Application)
    application = session.scalar(query)
    if application is None:  # another agency's or region's is as unknown as a missing one
        raise Problem(404, "application-not-found", "applications.not_found")
    return application


def feed(session: Session, integration: Integration, *, after: int, limit: int, now: datetime,
         settle: timedelta) -> dict:
    """The system's events after the cursor, oldest first.

    settle: events younger than this are held back, so a transaction that took its id earlier but
    committed later is never skipped by a cursor that moved past it (PostgreSQL; zero on SQLite).
    """
    rows = list(session.scalars(
        select(IntegrationEvent).where(IntegrationEvent.integration_id == integration.id, IntegrationEvent.id > after,
                                       IntegrationEvent.created_at <= now - settle)
        .order_by(IntegrationEvent.id).limit(min(max(limit, 1), FEED_LIMIT))))
    items = [{"cursor": row.id, "id": row.event_id, "type": row.type, "timestamp": row.payload["timestamp"],
              "data": row.payload["data"]} for row in rows]
    return cursor_envelope(items, rows, after)


def read_application(session: Session, integration: Integration, application_id: int, *, now: datetime) -> dict:
    """The application with its form data, documents and applicant; the read is in the resident's access log."""
    application = _application(session, integration, application_id)
    actor = actor_for(session, integration, application.region_code)
    audit.record(session, actor=actor, subject_user_id=application.user_id, action="read",
                 object_type="application", object_id=application.id, detail=application.tracking_number)
    return _detail(session, actor, application, now)


def _detail(session: Session, actor: Actor, application: Application, now: datetime) -> dict:
    body = worklist.detail(session, actor, application, now)
    owned = documents.owned_documents(session, application.user_id, body["documents"])
    body["document_files"] = [
        {"id": d.id, "document_type": d.document_type, "content_type": d.content_type, "size": d.size,
         "sha256": d.sha256, "href": f"/api/agency/applications/{application.id}/documents/{d.id}"}
        for d in (owned[i] for i in body["documents"] if i in owned)]
    return body


def document_for_reading(session: Session, integration: Integration, application_id: int, document_id: int):
    """A document the application uses; the download is in the resident's access log."""
    application = _application(session, integration, application_id)
    rendered = render(session, application)
    owned = documents.owned_documents(session, application.user_id, [document_id])
    if document_id not in rendered["documents"] or document_id not in owned:
        raise Problem(404, "document-not-found", "integrations.document_not_found")
    document = owned[document_id]
    actor = actor_for(session, integration, application.region_code)
    audit.record(session, actor=actor, subject_user_id=application.user_id, action="download",
                 object_type="document", object_id=document.id,
                 detail=f"{document.document_type} ({application.tracking_number})")
    return document


def transition(session: Session, integration: Integration, application_id: int, *, to: str, note: str | None,
               fields_to_fix: list[str], now: datetime) -> dict:
    """Move an application along the worklist's status machine (409 if not allowed), with a note."""
    application = _application(session, integration, application_id, lock=True)
    actor = actor_for(session, integration, application.region_code)
    worklist.move(session, application, actor, to=to, note=note, fields_to_fix=fields_to_fix, now=now)
    return _detail(session, actor, application, now)


def add_note(session: Session, integration: Integration, application_id: int, *, note: str, now: datetime) -> dict:
    """A note to the resident without a status change (history event and inbox), as the worklist sends."""
    from ..applications.history import NOTE_IN_NOTIFICATION

    application = _application(session, integration, application_id, lock=True)
    note = (note or "").strip()
    if not note:
        raise Problem(422, "validation-error", "error.validation", errors={"note": [t("applications.note_required")]})
    if application.status in FINAL:
        raise Problem(409, "application-closed", "applications.closed", current_status=application.status)
    actor = actor_for(session, integration, application.region_code)
    service = catalogue.get_service(session, application.service_id)
    record_event(session, application, application.status, actor=actor, now=now, note=note)
    application.updated_at = now
    notifications.enqueue(session, user_id=application.user_id, kind="officer_note",
                          params={"tracking_number": application.tracking_number, "service_name": dict(service.name),
                                  "note": note[:NOTE_IN_NOTIFICATION]},
                          application_id=application.id, url=f"/permohonan/{application.id}")
    audit.record(session, actor=actor, subject_user_id=application.user_id, action="update",
                 object_type="application", object_id=application.id, detail=f"{application.tracking_number}: note")
    return _detail(session, actor, application, now)


def _complaints_query(integration: Integration) -> Select:
    return select(Complaint).where(
        Complaint.agency_id == integration.agency_id,
        Complaint.region_code.in_(select(IntegrationRegion.region_code)
                                  .where(IntegrationRegion.integration_id == integration.id)),
        Complaint.service_id.in_(select(IntegrationService.service_id)
                                 .where(IntegrationService.integration_id == integration.id,
                                        IntegrationService.handled_by.in_(RECEIVING))))


def _complaint(session: Session, integration: Integration, complaint_id: int) -> Complaint:
    complaint = session.scalar(_complaints_query(integration).where(Complaint.id == complaint_id))
    if complaint is None:
        raise Problem(404, "complaint-not-found", "integrations.complaint_not_found")
    return complaint


def render_complaint(complaint: Complaint) -> dict:
    return {"id": complaint.id, "subject_type": complaint.subject_type, "subject_id": complaint.subject_id,
            "subject_label": complaint.subject_label, "service_id": complaint.service_id,
            "region_code": complaint.region_code, "text": complaint.text, "document_id": complaint.document_id,
            "status": complaint.status, "due_date": complaint.due_date, "answer": complaint.answer,
            "answered_at": complaint.answered_at, "created_at": complaint.created_at}


def read_complaint(session: Session, integration: Integration, complaint_id: int) -> dict:
    """One complaint routed to the system (the read is in the resident's access log)."""
    complaint = _complaint(session, integration, complaint_id)
    audit.record(session, actor=actor_for(session, integration, complaint.region_code),
                 subject_user_id=complaint.user_id, action="read", object_type="complaint", object_id=complaint.id)
    return render_complaint(complaint)


def complaints(session: Session, integration: Integration, *, status: str | None, after: int, limit: int) -> dict:
    """Complaints routed to the system, by id after a cursor (no personal data: read one to see its text)."""
    query = _complaints_query(integration).where(Complaint.id > after)
    if status:
        query = query.where(Complaint.status == status)
    rows = list(session.scalars(query.order_by(Complaint.id).limit(min(max(limit, 1), FEED_LIMIT))))
    items = [{k: v for k, v in render_complaint(c).items() if k not in ("text", "answer")} for c in rows]
    return cursor_envelope(items, rows, after)


def answer_complaint(session: Session, integration: Integration, complaint_id: int, *, text: str, status: str,
                     now: datetime) -> dict:
    """Answer a complaint as the agency's counter would; the resident is notified."""
    complaint = _complaint(session, integration, complaint_id)
    actor = actor_for(session, integration, complaint.region_code)
    answered = feedback_complaints.answer(session, officer=actor, complaint_id=complaint.id, text=text, status=status,
                                          now=now)
    audit.record(session, actor=actor, subject_user_id=complaint.user_id, action="update", object_type="complaint",
                 object_id=complaint.id, detail=f"pengaduan #{complaint.id}: {status}")
    return render_complaint(answered)
