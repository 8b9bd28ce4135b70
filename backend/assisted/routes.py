"""Assisted filing API for counter officers: look up, consent, scanned documents, file (exactly once)."""
from __future__ import annotations

from flask import current_app, request

from ..accounts import emailconfirm, recovery_routes
from ..accounts.auth import auth_required, current_user
from ..api import Blueprint
from ..applications.schemas import ApplicationOut
from ..documents.filenames import clean_name
from ..documents.schemas import DocumentOut
from ..documents.storage import storage_for
from ..errors import Problem
from ..extensions import db, limiter
from ..i18n import t
from ..idempotency.http import HEADER_DOC, idempotent_post
from ..timeutil import utcnow
from . import services
from .schemas import (
    AssistedApplicationIn,
    AssistedFormOut,
    AssistedResidentIn,
    AssistedResidentOut,
    AssistedUploadIn,
    ConfirmIn,
    ConsentIn,
    ConsentOut,
    FormArgs,
    LookupIn,
    LookupOut,
)

blp = Blueprint("assisted", __name__, url_prefix="/api/officer/assisted",
                description="Assisted filing: counter officers file for a walk-in resident with their consent")
BLUEPRINTS = [blp]


def _limit() -> str:
    return current_app.config.get("ASSISTED_RATE_LIMIT", "60 per hour")


def _confirm_limit() -> str:
    return current_app.config.get("ASSISTED_CONFIRM_LIMIT", "20 per hour")


def _officer_key() -> str:
    return f"assisted:{current_user().id}"


def _secret() -> str:
    return current_app.config["SECRET_KEY"]


def _refused(response) -> bool:
    return response.status_code in (409, 422)


@blp.post("/lookup")
@auth_required("officer")
@limiter.limit(_limit, key_func=_officer_key)
@blp.arguments(LookupIn)
@blp.response(200, LookupOut)
def lookup(data):
    """Look a walk-in resident up by NIK: whether they have an account, a masked name, how to reach them."""
    body = services.lookup(db.session, current_user(), data["nik"], now=utcnow())
    db.session.commit()
    return body


@blp.post("/consents")
@auth_required("officer")
@limiter.limit(_limit, key_func=lambda: f"assisted-ask:{current_user().id}")
@blp.arguments(ConsentIn)
@blp.response(201, ConsentOut)
@blp.doc(responses={404: "NOT_FOUND"})  # answered by the service (see backend/api.py answers_of)
def request_consent(data):
    """Ask the resident's consent: a one-time code in their app (method code), or a KTP-el check (in_person)."""
    consent = services.request_consent(db.session, current_user(), data["nik"], data["method"], secret=_secret(), now=utcnow())
    body = services.render(consent, now=utcnow())
    db.session.commit()
    return body


@blp.post("/consents/<id:consent_id>/confirm")
@auth_required("officer")
@limiter.limit(_confirm_limit, key_func=lambda: f"assisted-confirm:{current_user().id}", deduct_when=_refused)
@blp.arguments(ConfirmIn)
@blp.response(200, ConsentOut)
@blp.doc(responses={410: "GONE"})  # answered by the service (see backend/api.py answers_of)
def confirm(data, consent_id: int):
    """Confirm the consent with the code the resident reads out, or with the KTP-el checked in person."""
    try:
        consent = services.confirm(db.session, current_user(), consent_id, code=data.get("code"),
                                   ktp_number=data.get("ktp_number"), secret=_secret(), now=utcnow())
    except Problem:
        db.session.commit()  # a wrong code uses up one of the request's few attempts
        raise
    body = services.render(consent, now=utcnow())
    db.session.commit()
    return body


@blp.get("/consents/<id:consent_id>")
@auth_required("officer")
@blp.response(200, ConsentOut)
def consent_state(consent_id: int):
    """One of my consent requests: waiting, confirmed or closed."""
    return services.render(services.own_consent(db.session, current_user(), consent_id), now=utcnow())


@blp.post("/consents/<id:consent_id>/close")
@auth_required("officer")
@blp.response(200, ConsentOut)
def close(consent_id: int):
    """End the filing window now (the resident has left the counter)."""
    consent = services.close(db.session, current_user(), consent_id, now=utcnow())
    body = services.render(consent, now=utcnow())
    db.session.commit()
    return body


@blp.post("/residents")
@auth_required("officer")
@limiter.limit(_limit, key_func=lambda: f"assisted-register:{current_user().id}")
@blp.arguments(AssistedResidentIn)
@blp.response(201, AssistedResidentOut)
@blp.doc(responses={409: "CONFLICT"})  # answered by the service (see backend/api.py answers_of)
def register_walk_in(data):
    """Register a walk-in resident without an account (no password, with their recorded consent)."""
    now = utcnow()
    consent, user, warnings = services.register_walk_in(db.session, current_user(), data, now=now)
    outgoing = emailconfirm.start(db.session, user, user.email, settings=recovery_routes.token_settings(), now=now) \
        if user.email else []
    body = {**services.render(consent, now=now), "warnings": [{"code": c, "message": t(c)} for c in warnings]}
    db.session.commit()
    recovery_routes.deliver(outgoing)
    return body


@blp.get("/consents/<id:consent_id>/form")
@auth_required("officer")
@blp.arguments(FormArgs, location="query")
@blp.response(200, AssistedFormOut)
@blp.doc(responses={409: "CONFLICT", 410: "GONE"})  # answered by the service (see backend/api.py answers_of)
def assisted_form(args, consent_id: int):
    """The service's form prefilled from the resident's profile and vault (the read is in their access log)."""
    body = services.form(db.session, current_user(), consent_id, args["service_id"], now=utcnow())
    db.session.commit()
    return body


@blp.post("/consents/<id:consent_id>/documents")
@auth_required("officer")
@blp.arguments(AssistedUploadIn, location="form", content_type="multipart/form-data")
@blp.response(201, DocumentOut)
@blp.alt_response(200, schema=DocumentOut, description="The same file was already in the resident's vault")
@blp.doc(responses={409: "CONFLICT", 410: "GONE"})  # answered by the service (see backend/api.py answers_of)
def upload(form, consent_id: int):
    """Store a document scanned at the counter in the resident's vault (audited)."""
    upload_file = request.files.get("file")
    if upload_file is None or not hasattr(upload_file, "stream"):
        raise Problem(422, "validation-error", "error.validation", errors={"file": [t("documents.file_missing")]})
    document, created = services.upload(
        db.session, storage_for(current_app.config), current_user(), consent_id, document_type=form["document_type"],
        filename=clean_name(upload_file.filename), stream=upload_file.stream,
        max_bytes=current_app.config["DOCUMENT_MAX_BYTES"], now=utcnow())
    db.session.commit()
    return document, (201 if created else 200)


@blp.post("/applications")
@auth_required("officer")
@blp.arguments(AssistedApplicationIn)
@blp.response(201, ApplicationOut)
@blp.doc(parameters=[HEADER_DOC])
@idempotent_post("assisted", attempts=3)
@blp.doc(responses={404: "NOT_FOUND", 410: "GONE"})  # answered by the service (see backend/api.py answers_of)
def file_application(payload, *, key: str):
    """File an application for the consent's resident (Idempotency-Key required); it is theirs, and audited."""
    return services.file(db.session, current_user(), payload, key=key, now=utcnow())
