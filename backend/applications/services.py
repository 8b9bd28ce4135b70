"""Residents' side of applications: the prefilled form, submit (exactly once), resubmit, cancel, read.

Services take the session, the acting user and the time; they never read the request.
Staff actions live in officer.py; both render applications with render() from views.py.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..catalogue import services as catalogue
from ..documents import services as documents
from ..errors import Problem
from ..i18n import t
from ..integrations import services as integrations
from ..pagination import Page, paginate
from ..timeutil import as_utc, to_local
from ..workdays import add_working_days
from .forms import validate_data
from .history import change_status, notify, record_event
from .models import Application, ApplicationDocument
from .status import ACTIVE, check_transition
from .views import render, render_json, render_many, render_new

__all__ = [
    "cancel",
    "export_applications",
    "form_for",
    "my_application",
    "my_applications",
    "resubmit",
    "submit",
]


def _invalid(field: str, key: str) -> Problem:
    return Problem(422, "validation-error", "error.validation", errors={field: [t(key)]})


def form_for(session: Session, user, service_id: int) -> dict:
    """The service's current form with values prefilled from the profile and the vault."""
    service = catalogue.get_service(session, service_id)
    form = catalogue.current_form(session, service.id) if "online" in (service.channels or []) else None
    if form is None:
        raise Problem(404, "form-not-available", "applications.form_not_available")
    prefill: dict[str, dict] = {}
    wanted_types = {f["document_type"] for f in form.fields if f["type"] == "document" and f.get("document_type")}
    latest = documents.latest_of_type(session, user.id, wanted_types)
    for definition in form.fields:
        source_field = definition.get("prefill")
        if definition["type"] == "document":
            document = latest.get(definition.get("document_type"))
            if document is not None:
                prefill[definition["key"]] = {"value": document.id, "source": "document", "document_id": document.id}
        elif source_field:
            value = getattr(user, source_field, None)
            if value not in (None, ""):
                prefill[definition["key"]] = {
                    "value": value.isoformat() if hasattr(value, "isoformat") else value, "source": "profile"}
    return {"service_id": service.id, "version": form.version, "fields": form.fields, "prefill": prefill}


def _accepted_form(session: Session, service, version: int, now: datetime):
    """The named form version if it is still accepted: current, or grace until grace_until; else 409."""
    form = catalogue.form_version(session, service.id, version)
    if form is None:
        if catalogue.current_form(session, service.id) is None:
            raise _invalid("service_id", "applications.form_not_available")
        raise _invalid("form_version", "applications.unknown_form_version")
    accepted = form.status == "current" or (
        form.status == "grace" and (form.grace_until is None or now <= form.grace_until))
    if not accepted:
        current = catalogue.current_form(session, service.id)
        current_version = current.version if current else None
        raise Problem(409, "form-outdated", "applications.form_outdated",
                      params={"current_version": current_version or "-"}, current_version=current_version)
    return form


def _target(session: Session, service_id: int, region_code: str):
    """The service and region of a new application: it must be online and offered there."""
    service = catalogue.services_by_ids(session, [service_id]).get(service_id)
    if service is None:
        raise _invalid("service_id", "applications.unknown_service")
    try:
        region = catalogue.get_region(session, region_code)
    except Problem:
        raise _invalid("region_code", "applications.unknown_region") from None
    if "online" not in (service.channels or []):
        raise _invalid("service_id", "applications.not_online")
    if not catalogue.service_offered_in(session, service.id, region.code):
        raise _invalid("region_code", "applications.not_offered")
    return service, region


def _link_documents(session: Session, application: Application, document_ids: list[int]) -> None:
    """The application's document links, replacing earlier ones, and their references in the documents domain.

    validate_data locked the documents, so a concurrent delete waits for this transaction (and then
    sees the active references) or finished before it (and validation found the document gone).
    """
    session.execute(ApplicationDocument.__table__.delete().where(ApplicationDocument.application_id == application.id))
    for document_id in document_ids:
        session.add(ApplicationDocument(application_id=application.id, document_id=document_id))
    documents.refer(session, kind="application", object_id=application.id, ref=application.tracking_number,
                    document_ids=document_ids, active=application.status in ACTIVE,
                    agency_id=application.agency_id, region_code=application.region_code)


def create_application(session: Session, user, payload: dict, *, key: str, now: datetime, filed_by=None,
                       note: str | None = None) -> tuple[Application, dict]:
    """Validate and store a new application (no commit): tracking number, SLA date, history, notification.

    filed_by: the officer who filed it for user at the counter (assisted filing); the history's first
    event is theirs, with note ("Diajukan oleh petugas ..."). The application is user's all the same.

    Returns the application and its serialised form. Every read happens before the first write,
    which keeps SQLite's write lock (and PostgreSQL's row locks) short.
    """
    from .tracking import next_tracking_number

    service, region = _target(session, payload["service_id"], payload["region_code"])
    form = _accepted_form(session, service, payload["form_version"], now)
    data, document_ids = validate_data(session, form, payload["data"], owner_id=user.id)
    received_day = to_local(now, region.timezone).date()
    application = Application(
        tracking_number=next_tracking_number(session, region, now), user_id=user.id, service_id=service.id,
        agency_id=service.agency_id, region_code=region.code, form_version=form.version, data=data,
        status="submitted", fields_to_fix=[], idempotency_key=key,
        client_created_at=as_utc(payload["client_created_at"]), received_at=now,
        sla_due_date=add_working_days(received_day, service.processing_days), updated_at=now,
    )
    session.add(application)
    session.flush()
    _link_documents(session, application, document_ids)
    event = record_event(session, application, "submitted", actor=filed_by or user, now=now, note=note)
    notify(session, application, service, "submitted")
    integrations.record_event(session, "application.submitted", application, now=now)
    return application, render_new(application, service, event, document_ids)


def submit(session: Session, user, payload: dict, *, key: str, now: datetime) -> tuple[int, dict]:
    """POST /api/applications (no commit): (201, the application), run once per key by idempotency.http.

    The key is stored on the application too: its unique (user_id, idempotency_key) is the last guard.
    """
    return 201, create_application(session, user, payload, key=key, now=now)[1]


def _owned(session: Session, user, application_id: int, *, lock: bool = False) -> Application:
    query = select(Application).where(Application.id == application_id)
    if lock:
        query = query.with_for_update()
    application = session.scalar(query)
    # someone else's application is as unknown as a missing one
    if application is None or application.user_id != user.id:
        raise Problem(404, "application-not-found", "applications.not_found")
    return application


def resubmit(session: Session, user, application_id: int, payload: dict, *, now: datetime) -> tuple[int, dict]:
    """Send the corrected form of an application that needs revision (no commit; run once per key by idempotency.http)."""
    application = _owned(session, user, application_id, lock=True)
    check_transition(application.status, "resubmitted", "resident")
    service = catalogue.get_service(session, application.service_id)
    form = _accepted_form(session, service, payload["form_version"], now)
    data, document_ids = validate_data(session, form, payload["data"], owner_id=user.id)
    application.form_version = form.version
    application.data = data
    _link_documents(session, application, document_ids)
    change_status(session, application, service, "resubmitted", actor=user, now=now)
    integrations.record_event(session, "application.resubmitted", application, now=now)
    application.fields_to_fix = []
    return 200, render_json(session, application)


def cancel(session: Session, user, application_id: int, *, now: datetime) -> Application:
    """Cancel my application before its review starts; cancelling twice is harmless."""
    application = _owned(session, user, application_id, lock=True)
    if application.status != "cancelled":
        check_transition(application.status, "cancelled", "resident")
        service = catalogue.get_service(session, application.service_id)
        change_status(session, application, service, "cancelled", actor=user, now=now)
        integrations.record_event(session, "application.cancelled", application, now=now)
    return application


def my_applications(session: Session, user, page: int, per_page: int) -> tuple[Page, list[dict]]:
    query = select(Application).where(Application.user_id == user.id).order_by(
        Application.received_at.desc(), Application.id.desc())
    result = paginate(session, query, page, per_page, capped=True)
    return result, render_many(session, result.items)


def my_application(session: Session, user, application_id: int) -> dict:
    return render(session, _owned(session, user, application_id))


def owned_by(session: Session, user_id: int, application_id: int) -> Application | None:
    """The user's own application, or None (for other domains: a survey's subject)."""
    application = session.get(Application, application_id)
    return application if application is not None and application.user_id == user_id else None


def export_applications(session: Session, user) -> tuple[str, list[dict]]:
    """The user's applications with their history, for their data export."""
    rows = list(session.scalars(select(Application).where(Application.user_id == user.id).order_by(Application.id)))
    return "applications", render_many(session, rows)
