"""Residents' application endpoints (and the prefilled form); officer endpoints are in officer_routes.py."""
from __future__ import annotations

from flask import current_app, jsonify, request

from ..accounts.auth import auth_required, current_user
from ..api import Blueprint
from ..extensions import db
from ..idempotency import services as idempotency
from ..pagination import PageArgs
from ..timeutil import utcnow
from . import services
from .officer_routes import blp as officer_blp
from .schemas import ApplicationIn, ApplicationOut, ApplicationPageOut, ResubmitIn, ServiceFormOut

blp = Blueprint("applications", __name__, url_prefix="/api", description="Applications (permohonan) of residents")
BLUEPRINTS = [blp, officer_blp]

IDEMPOTENCY_DOC = {"parameters": [{"in": "header", "name": "Idempotency-Key", "required": True,
                                   "schema": {"type": "string", "format": "uuid"},
                                   "description": "A client UUID; a repeat returns the original answer"}]}


def _json(status: int, body: dict):
    response = jsonify(body)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


@blp.get("/services/<id:service_id>/form")
@blp.response(200, ServiceFormOut)
@auth_required()
def service_form(service_id: int):
    """The service's current form, prefilled from my profile and my document vault."""
    return services.form_for(db.session, current_user(), service_id)


@blp.post("/applications")
@auth_required("resident")
@blp.arguments(ApplicationIn)
@blp.response(201, ApplicationOut)
@blp.doc(**IDEMPOTENCY_DOC)
def submit(payload):
    """Submit an application exactly once (Idempotency-Key header required)."""
    key = idempotency.parse_key(request.headers.get("Idempotency-Key"))
    status, body = services.submit(db.session, current_user(), payload, key=key, now=utcnow(),
                                   takeover=idempotency.takeover_after(current_app.config))
    return _json(status, body)


@blp.get("/applications")
@auth_required()
@blp.arguments(PageArgs, location="query")
@blp.response(200, ApplicationPageOut)
def my_applications(args):
    """My applications, newest first."""
    page, items = services.my_applications(db.session, current_user(), args["page"], args["per_page"])
    return page.envelope(items)


@blp.get("/applications/<id:application_id>")
@blp.response(200, ApplicationOut)
@auth_required()
def my_application(application_id: int):
    """One of my applications with its status history."""
    return services.my_application(db.session, current_user(), application_id)


@blp.post("/applications/<id:application_id>/cancel")
@blp.response(200, ApplicationOut)
@auth_required("resident")
def cancel(application_id: int):
    """Cancel my application before its review starts."""
    application = services.cancel(db.session, current_user(), application_id, now=utcnow())
    body = services.render(db.session, application)
    db.session.commit()
    return body


@blp.post("/applications/<id:application_id>/resubmit")
@auth_required("resident")
@blp.arguments(ResubmitIn)
@blp.response(200, ApplicationOut)
@blp.doc(**IDEMPOTENCY_DOC)
def resubmit(payload, application_id: int):
    """Send the corrected form of an application that needs revision (Idempotency-Key required)."""
    key = idempotency.parse_key(request.headers.get("Idempotency-Key"))
    status, body = services.resubmit(db.session, current_user(), application_id, payload, key=key, now=utcnow(),
                                     takeover=idempotency.takeover_after(current_app.config))
    return _json(status, body)


def _register_export() -> None:
    """Add applications to the resident's data export, if the accounts domain offers the hook."""
    try:
        from ..accounts import services as accounts
    except ImportError:
        return
    exporters = getattr(accounts, "EXPORTERS", None)
    if exporters is not None and services.export_applications not in exporters:
        exporters.append(services.export_applications)
        accounts.EXPORTED_COLUMNS["application.user_id"] = "applications"
        accounts.NOT_PERSONAL["application_event.actor_id"] = (
            "who moved an application along: the owner's own steps are in their applications' history; "
            "an officer's are a work record on a resident's application")


_register_export()
