"""Applications as the API shows them, loaded in a fixed number of queries for any page size."""
from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..catalogue.refs import service_refs
from .models import Application, ApplicationDocument, ApplicationEvent
from .status import WAITING_ON_AGENCY


def render_many(session: Session, applications: list[Application]) -> list[dict]:
    """Dicts in the ApplicationOut shape (with history and document ids)."""
    if not applications:
        return []
    ids = [a.id for a in applications]
    # only the columns shown, as rows: ORM entities cost more to build than the page's JSON
    events: dict[int, list] = defaultdict(list)
    for event in session.execute(
            select(ApplicationEvent.application_id, ApplicationEvent.status, ApplicationEvent.at,
                   ApplicationEvent.actor_role, ApplicationEvent.note, ApplicationEvent.fields_to_fix)
            .where(ApplicationEvent.application_id.in_(ids)).order_by(ApplicationEvent.at, ApplicationEvent.id)):
        events[event.application_id].append(event)
    links: dict[int, list[int]] = defaultdict(list)
    for application_id, document_id in session.execute(
            select(ApplicationDocument.application_id, ApplicationDocument.document_id)
            .where(ApplicationDocument.application_id.in_(ids)).order_by(ApplicationDocument.document_id)):
        links[application_id].append(document_id)
    # a service's id, code and name, cached per catalogue revision (no query once seen)
    services = service_refs(session, {a.service_id for a in applications})
    return [_one(a, services[a.service_id], events[a.id], links[a.id]) for a in applications]


def _one(application: Application, service: dict, events: list, document_ids: list[int]) -> dict:
    return {
        "id": application.id,
        "tracking_number": application.tracking_number,
        "status": application.status,
        "service": {"id": service["id"], "code": service["code"], "name": service["name"]},
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

    ref = {"id": service.id, "code": service.code, "name": service.name}
    return ApplicationOut().dump(_one(application, ref, [event], sorted(document_ids)))


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


def _text(value):
    return None if value is None else str(value)


def _iso(value):
    return None if value is None else value.isoformat()


def _texts(values):
    return None if values is None else [str(v) for v in values]


def dump(item: dict) -> dict:
    """What ApplicationOut().dump(item) gives, without marshmallow's per-field work (most of a list's CPU).

    tests/perf/test_application_dump.py holds it to ApplicationOut's fields and output."""
    service = item["service"]
    return {
        "id": int(item["id"]),
        "tracking_number": _text(item["tracking_number"]),
        "status": _text(item["status"]),
        "service": None if service is None else {
            "id": int(service["id"]), "code": _text(service["code"]),
            "name": None if service["name"] is None else {str(k): _text(v) for k, v in service["name"].items()}},
        "region_code": _text(item["region_code"]),
        "form_version": int(item["form_version"]),
        "data": None if item["data"] is None else dict(item["data"]),
        "documents": [int(d) for d in item["documents"]],
        "received_at": _iso(item["received_at"]),
        "client_created_at": _iso(item["client_created_at"]),
        "sla_due_date": _iso(item["sla_due_date"]),
        "fields_to_fix": _texts(item["fields_to_fix"]),
        "history": [{"status": _text(h["status"]), "at": _iso(h["at"]), "actor_role": _text(h["actor_role"]),
                     "note": _text(h["note"]), "fields_to_fix": _texts(h["fields_to_fix"])} for h in item["history"]],
    }
