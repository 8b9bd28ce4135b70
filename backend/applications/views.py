"""Applications as the API shows them, loaded in a fixed number of queries for any page size."""
from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..catalogue import services as catalogue
from .models import Application, ApplicationDocument, ApplicationEvent
from .status import WAITING_ON_AGENCY


def render_many(session: Session, applications: list[Application]) -> list[dict]:
    """Dicts in the ApplicationOut shape (with history and document ids)."""
    if not applications:
        return []
    ids = [a.id for a in applications]
    events: dict[int, list[ApplicationEvent]] = defaultdict(list)
    for event in session.scalars(select(ApplicationEvent).where(ApplicationEvent.application_id.in_(ids))
                                 .order_by(ApplicationEvent.at, ApplicationEvent.id)):
        events[event.application_id].append(event)
    links: dict[int, list[int]] = defaultdict(list)
    for link in session.scalars(select(ApplicationDocument).where(ApplicationDocument.application_id.in_(ids))
                                .order_by(ApplicationDocument.document_id)):
        links[link.application_id].append(link.document_id)
    services = catalogue.services_by_ids(session, sorted({a.service_id for a in applications}))
    return [_one(a, services[a.service_id], events[a.id], links[a.id]) for a in applications]


def _one(application: Application, service, events: list[ApplicationEvent], document_ids: list[int]) -> dict:
    return {
        "id": application.id,
        "tracking_number": application.tracking_number,
        "status": application.status,
        "service": {"id": service.id, "code": service.code, "name": service.name},
        "region_code": application.region_code,
        "form_version": application.form_version,
        "data": application.data,
        "documents": list(document_ids),
        "received_at": application.received_at,
        "client_created_at": application.client_created_at,
        "sla_due_date": application.sla_due_date,
        "fields_to_fix": list(application.fields_to_fix or []),
        "history": [
            {"status": e.status, "at": e.at, "actor_role": e.actor_role, "note": e.note, "fields_to_fix": e.fields_to_fix}
            for e in events
        ],
    }


def render_new(application: Application, service, event: ApplicationEvent, document_ids: list[int]) -> dict:
    """A just-created application serialised from memory (no queries inside the write transaction)."""
    from .schemas import ApplicationOut

    return ApplicationOut().dump(_one(application, service, [event], sorted(document_ids)))


def render(session: Session, application: Application) -> dict:
    """One application in the ApplicationOut shape (not yet serialised)."""
    session.flush()
    return render_many(session, [application])[0]


def render_json(session: Session, application: Application) -> dict:
    """One application serialised: what the idempotency store keeps and replays byte for byte."""
    from .schemas import ApplicationOut

    return ApplicationOut().dump(render(session, application))


def is_overdue(application: Application, today: date) -> bool:
    """Past its SLA date while the agency still has it (waiting on the resident does not count)."""
    return application.status in WAITING_ON_AGENCY and application.sla_due_date < today
