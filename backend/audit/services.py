"""Writing and reading the audit log."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..pagination import Page, paginate
from .models import AuditEntry


def record(
    session: Session,
    *,
    actor,
    subject_user_id: int,
    action: str,
    object_type: str,
    object_id: str | int | None = None,
    detail: str | None = None,
) -> AuditEntry | None:
    """Log an access to a resident's data; a resident touching their own data is not logged."""
    if actor is not None and actor.id == subject_user_id:
        return None
    entry = AuditEntry(
        subject_user_id=subject_user_id,
        actor_user_id=actor.id if actor else None,
        actor_name=actor.full_name if actor else "system",
        actor_role=actor.role if actor else "system",
        actor_agency_id=actor.agency_id if actor else None,
        action=action,
        object_type=object_type,
        object_id=str(object_id) if object_id is not None else None,
        detail=detail,
    )
    session.add(entry)
    return entry


def entries_for(session: Session, subject_user_id: int, page: int = 1, per_page: int = 50) -> Page:
    query = (
        select(AuditEntry)
        .where(AuditEntry.subject_user_id == subject_user_id)
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    )
    return paginate(session, query, page, per_page)
