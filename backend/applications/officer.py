"""Staff side of applications: the worklist, an audited read, and status transitions.

Officers see and act on their own agency's applications in their own region only; admins
everywhere. Out-of-scope applications are reported as not found.
"""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from ..accounts.models import User, mask_nik
from ..audit import services as audit
from ..catalogue import services as catalogue
from ..errors import Problem
from ..i18n import t
from ..integrations import services as integrations
from ..pagination import Page, paginate
from .history import NOTE_IN_NOTIFICATION, change_status, record_event
from .models import Application
from .status import FINAL, NOTE_REQUIRED, WAITING_ON_AGENCY, allowed_targets, check_transition
from .views import is_overdue, render, render_many

ADMIN_ZONE = "Asia/Jakarta"  # the westernmost zone: "overdue" for admins never fires early


def scoped(query: Select, actor) -> Select:
    """Restrict query (over Application) to what actor may handle."""
    if actor.role == "admin":
        return query
    if actor.role != "officer" or actor.agency_id is None or actor.region_code is None:
        return query.where(Application.id.is_(None))
    return query.where(Application.agency_id == actor.agency_id, Application.region_code == actor.region_code)


def local_today(session: Session, actor, now: datetime) -> date:
    zone = ADMIN_ZONE
    if actor.role == "officer" and actor.region_code:
        zone = catalogue.get_region(session, actor.region_code).timezone
    return now.astimezone(ZoneInfo(zone)).date()


def _applicants(session: Session, user_ids: set[int]) -> dict[int, User]:
    if not user_ids:
        return {}
    return {u.id: u for u in session.scalars(select(User).where(User.id.in_(user_ids)))}


def worklist(session: Session, actor, *, now: datetime, page: int, per_page: int, status: str | None = None,
             service: int | None = None, overdue: bool | None = None, region: str | None = None) -> tuple[Page, list[dict]]:
    """A page of the applications actor handles, the most urgent (earliest due) first; NIKs masked.

    Every filter has an index in this order (models.Application), and the count stops at COUNT_CAP,
    so a page costs the same at any size of the table.
    """
    today = local_today(session, actor, now)
    query = scoped(select(Application), actor)
    if actor.role == "officer":
        # a service an agency system handles alone is that system's work, not the counter's (same statement)
        query = query.where(Application.service_id.not_in(integrations.system_only_services(actor.agency_id, actor.region_code)))
    if status:
        query = query.where(Application.status == status)
    if service:
        query = query.where(Application.service_id == service)
    if region and actor.role == "admin":
        query = query.where(Application.region_code == region)
    if overdue is True:
        query = query.where(Application.status.in_(WAITING_ON_AGENCY), Application.sla_due_date < today)
    elif overdue is False:
        query = query.where(~(Application.status.in_(WAITING_ON_AGENCY) & (Application.sla_due_date < today)))
    query = query.order_by(Application.sla_due_date, Application.received_at, Application.id)
    result = paginate(session, query, page, per_page, capped=True)
    people = _applicants(session, {a.user_id for a in result.items})
    items = []
    for application, rendered in zip(result.items, render_many(session, result.items), strict=True):
        person = people.get(application.user_id)
        items.append({
            **rendered,
            "applicant": {"id": application.user_id, "full_name": person.full_name if person else "",
                          "nik": mask_nik(person.nik) if person else None},
            "overdue": is_overdue(application, today),
        })
    return result, items


def _handled(session: Session, actor, application_id: int, *, lock: bool = False) -> Application:
    query = scoped(select(Application).where(Application.id == application_id), actor)
    if lock:
        query = query.with_for_update()
    application = session.scalar(query)
    if application is None:
        raise Problem(404, "application-not-found", "applications.not_found")
    return application


def detail(session: Session, actor, application: Application, now: datetime) -> dict:
    person = session.get(User, application.user_id)
    return {
        **render(session, application),
        "applicant": {"id": application.user_id, "full_name": person.full_name if person else "",
                      "nik": person.nik if person else None, "phone": person.phone if person else None,
                      "email": person.email if person else None},
        "overdue": is_overdue(application, local_today(session, actor, now)),
        "allowed_transitions": allowed_targets(application.status, "staff"),
    }


def read(session: Session, actor, application_id: int, *, now: datetime) -> dict:
    """One application with the applicant's contact data; the read goes to the audit log."""
    application = _handled(session, actor, application_id)
    audit.record(session, actor=actor, subject_user_id=application.user_id, action="read",
                 object_type="application", object_id=application.id, detail=application.tracking_number)
    return detail(session, actor, application, now)


def transition(session: Session, actor, application_id: int, *, to: str, note: str | None,
               fields_to_fix: list[str], now: datetime) -> dict:
    """Move an application along the status machine (409 if not allowed), with a note for the resident."""
    application = _handled(session, actor, application_id, lock=True)
    move(session, application, actor, to=to, note=note, fields_to_fix=fields_to_fix, now=now)
    return detail(session, actor, application, now)


def move(session: Session, application: Application, actor, *, to: str, note: str | None,
         fields_to_fix: list[str], now: datetime) -> None:
    """The staff side of a status change, for the worklist and agency systems alike: the status machine
    (409), a note where one is required and known fields to fix (422), history, notification, audit."""
    check_transition(application.status, to, "staff")
    note = (note or "").strip() or None
    errors: dict[str, list[str]] = {}
    if to in NOTE_REQUIRED and not note:
        errors["note"] = [t("applications.note_required")]
    keys = list(dict.fromkeys(fields_to_fix or []))
    if keys and to == "needs_revision":
        form = catalogue.form_version(session, application.service_id, application.form_version)
        known = {f["key"] for f in (form.fields if form else [])}
        unknown = [k for k in keys if k not in known]
        if unknown:
            errors["fields_to_fix"] = [t("applications.fields_to_fix_unknown", keys=", ".join(unknown))]
    if errors:
        raise Problem(422, "validation-error", "error.validation", errors=errors)
    previous = application.status
    service = catalogue.get_service(session, application.service_id)
    fix = keys if to == "needs_revision" else None
    change_status(session, application, service, to, actor=actor, now=now, note=note, fields_to_fix=fix)
    application.fields_to_fix = fix or []
    audit.record(session, actor=actor, subject_user_id=application.user_id, action="update",
                 object_type="application", object_id=application.id,
                 detail=f"{application.tracking_number}: {previous} -> {to}")


def add_note(session: Session, actor, application_id: int, *, note: str, now: datetime) -> dict:
    """A note to the resident without a status change (history event + "officer_note" notification)."""
    from ..notifications import services as notifications

    application = _handled(session, actor, application_id, lock=True)
    note = (note or "").strip()
    if not note:
        raise Problem(422, "validation-error", "error.validation", errors={"note": [t("applications.note_required")]})
    if application.status in FINAL:
        raise Problem(409, "application-closed", "applications.closed", current_status=application.status)
    service = catalogue.get_service(session, application.service_id)
    record_event(session, application, application.status, actor=actor, now=now, note=note)
    application.updated_at = now
    notifications.enqueue(session, user_id=application.user_id, kind="officer_note",
                          params={"tracking_number": application.tracking_number, "service_name": dict(service.name),
                                  "note": note[:NOTE_IN_NOTIFICATION]},
                          application_id=application.id, url=f"/permohonan/{application.id}")
    audit.record(session, actor=actor, subject_user_id=application.user_id, action="update",
                 object_type="application", object_id=application.id, detail=f"{application.tracking_number}: note")
    return detail(session, actor, application, now)
