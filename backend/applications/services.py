"""Residents' side of applications: the prefilled form, submit (exactly once), resubmit, cancel, read.

Services take the session, the acting user and the time; they never read the request.
Staff actions live in officer.py; both render applications with render() from views.py.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..catalogue import services as catalogue
from ..documents import services as documents
from ..errors import Problem
from ..i18n import t
from ..idempotency import services as idempotency
from ..integrations import services as integrations
from ..pagination import Page, paginate
from ..timeutil import as_utc, to_local
from ..workdays import add_working_days
from . import messages  # noqa: F401 - registers the domain's messages
from .forms import validate_data
from .history import change_status, notify, record_event
from .models import Application, ApplicationDocument
from .status import ACTIVE, check_transition
from .views import render, render_json, render_many, render_new

__all__ = [
    "active_references",
    "cancel",
    "export_applications",
    "form_for",
    "my_application",
    "my_applications",
    "release_references",
    "resubmit",
    "staff_reference",
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
    session.execute(ApplicationDocument.__table__.delete().where(ApplicationDocument.application_id == application.id))
    for document_id in document_ids:
        session.add(ApplicationDocument(application_id=application.id, document_id=document_id))


def create_application(session: Session, user, payload: dict, *, key: str, now: datetime) -> tuple[Application, dict]:
    """Validate and store a new application (no commit): tracking number, SLA date, history, notification.

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
    for document_id in document_ids:
        session.add(ApplicationDocument(application_id=application.id, document_id=document_id))
    event = record_event(session, application, "submitted", actor=user, now=now)
    notify(session, application, service, "submitted")
    integrations.record_event(session, "application.submitted", application, now=now)
    return application, render_new(application, service, event, document_ids)


def submit(session: Session, user, payload: dict, *, key: str, now: datetime,
           takeover: timedelta = idempotency.TAKEOVER_AFTER) -> tuple[int, dict]:
    """POST /api/applications under an Idempotency-Key: (status, body), the original one on a repeat.

    The key is stored on the application too: its unique (user_id, idempotency_key) is the last guard.
    """
    def work():
        return 201, create_application(session, user, payload, key=key, now=now)[1]

    result = idempotency.run(session, user_id=user.id, key=key, scope="create", body=payload, now=now, work=work,
                             takeover=takeover)
    return result.status, result.body


def _owned(session: Session, user, application_id: int, *, lock: bool = False) -> Application:
    query = select(Application).where(Application.id == application_id)
    if lock:
        query = query.with_for_update()
    application = session.scalar(query)
    # someone else's application is as unknown as a missing one
    if application is None or application.user_id != user.id:
        raise Problem(404, "application-not-found", "applications.not_found")
    return application


def resubmit(session: Session, user, application_id: int, payload: dict, *, key: str, now: datetime,
             takeover: timedelta = idempotency.TAKEOVER_AFTER) -> tuple[int, dict]:
    """Send the corrected form of an application that needs revision (exactly once per key)."""
    def work():
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

    result = idempotency.run(session, user_id=user.id, key=key, scope=f"resubmit:{application_id}", body=payload,
                             now=now, work=work, takeover=takeover)
    return result.status, result.body


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


def active_references(session: Session, document_id: int) -> list[str]:
    """Tracking numbers of unfinished applications that use the document."""
    return list(session.scalars(
        select(Application.tracking_number)
        .join(ApplicationDocument, ApplicationDocument.application_id == Application.id)
        .where(ApplicationDocument.document_id == document_id, Application.status.in_(ACTIVE))
        .order_by(Application.id)))


def release_references(session: Session, document_ids: list[int]) -> None:
    """Drop every application link to these documents (the documents domain deletes them next)."""
    if document_ids:
        session.execute(ApplicationDocument.__table__.delete().where(ApplicationDocument.document_id.in_(document_ids)))


def staff_reference(session: Session, actor, document_id: int) -> str | None:
    """The tracking number of an application using the document that actor (staff) handles, if any."""
    from .officer import scoped

    query = scoped(
        select(Application.tracking_number)
        .join(ApplicationDocument, ApplicationDocument.application_id == Application.id)
        .where(ApplicationDocument.document_id == document_id), actor)
    return session.scalar(query.order_by(Application.id.desc()).limit(1))


def export_applications(session: Session, user) -> tuple[str, list[dict]]:
    """The user's applications with their history, for their data export."""
    rows = list(session.scalars(select(Application).where(Application.user_id == user.id).order_by(Application.id)))
    return "applications", render_many(session, rows)
