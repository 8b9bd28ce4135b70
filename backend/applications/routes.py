"""Residents' application endpoints (and the prefilled form); officer endpoints are in officer_routes.py."""
from __future__ import annotations

from flask import jsonify

from ..accounts.auth import auth_required, current_user
from ..api import Blueprint
from ..extensions import db
from ..idempotency.http import HEADER_DOC, idempotent_post
from ..pagination import PageArgs
from ..timeutil import utcnow
from . import services, views
from .officer_routes import blp as officer_blp
from .schemas import ApplicationIn, ApplicationOut, ApplicationPageOut, ResubmitIn, ServiceFormOut

blp = Blueprint("applications", __name__, url_prefix="/api", description="Applications (permohonan) of residents")
BLUEPRINTS = [blp, officer_blp]

IDEMPOTENCY_DOC = {"parameters": [HEADER_DOC]}


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
@idempotent_post("create", attempts=3)
@blp.doc(responses={404: "NOT_FOUND"})  # answered by the service (see backend/api.py answers_of)
def submit(payload, *, key: str):
    """Submit an application exactly once (Idempotency-Key header required)."""
    return services.submit(db.session, current_user(), payload, key=key, now=utcnow())


@blp.get("/applications")
@auth_required()
@blp.arguments(PageArgs, location="query")
@blp.response(200, ApplicationPageOut)
def my_applications(args):
    """My applications, newest first."""
    page, items = services.my_applications(db.session, current_user(), args["page"], args["per_page"])
    # serialised by views.dump (ApplicationPageOut's output, tested), not item by item in marshmallow
    return jsonify(ApplicationPageOut().dump(page.envelope([])) | {"items": [views.dump(i) for i in items]})


@blp.get("/applications/<id:application_id>")
@blp.response(200, ApplicationOut)
@auth_required()
def my_application(application_id: int):
    """One of my applications with its status history."""
    return jsonify(views.dump(services.my_application(db.session, current_user(), application_id)))


@blp.post("/applications/<id:application_id>/cancel")
@blp.response(200, ApplicationOut)
@auth_required("resident")
@blp.doc(responses={409: "CONFLICT"})  # answered by the service (see backend/api.py answers_of)
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
@idempotent_post("resubmit:{application_id}", attempts=3)
def resubmit(payload, application_id: int, *, key: str):
    """Send the corrected form of an application that needs revision (Idempotency-Key required)."""
    return services.resubmit(db.session, current_user(), application_id, payload, now=utcnow())
