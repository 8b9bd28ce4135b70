"""Status changes with their history event and the resident's notification, in one transaction."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from ..documents import services as documents
from ..notifications import services as notifications
from .models import Application, ApplicationEvent
from .status import ACTIVE

NOTE_IN_NOTIFICATION = 300


def record_event(session: Session, application: Application, status: str, *, actor, now: datetime,
                 note: str | None = None, fields_to_fix: list[str] | None = None) -> ApplicationEvent:
    event = ApplicationEvent(application_id=application.id, status=status, at=now,
                             actor_id=actor.id if actor else None, actor_role=actor.role if actor else "system",
                             note=note, fields_to_fix=fields_to_fix)
    session.add(event)
    return event


def notify(session: Session, application: Application, service, status: str, note: str | None = None) -> None:
    """The resident's inbox entry (and push deliveries) for a status, in the caller's transaction."""
    params = {"status": status, "tracking_number": application.tracking_number, "service_name": dict(service.name)}
    if note:
        params["note"] = note[:NOTE_IN_NOTIFICATION]
    notifications.enqueue(session, user_id=application.user_id, kind="application_status", params=params,
                          application_id=application.id, url=f"/permohonan/{application.id}")


def change_status(session: Session, application: Application, service, status: str, *, actor, now: datetime,
                  note: str | None = None, fields_to_fix: list[str] | None = None) -> None:
    """Move an already-checked application to status: event, notification, timestamps."""
    application.status = status
    application.updated_at = now
    if status not in ACTIVE:  # a finished application no longer holds its documents
        documents.set_references_active(session, kind="application", object_id=application.id, active=False)
    record_event(session, application, status, actor=actor, now=now, note=note, fields_to_fix=fields_to_fix)
    notify(session, application, service, status, note)
