"""Agency API (client-credentials bearer), the admin's integration endpoints, and the open service-standards export."""
from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

from flask import Response, current_app, jsonify

from ..accounts.auth import auth_required
from ..api import Blueprint
from ..caching import cacheable
from ..catalogue import open_data
from ..catalogue import revision as catalogue_revision
from ..documents import services as documents
from ..documents.storage import storage_for
from ..extensions import db
from ..idempotency.http import HEADER_DOC, idempotent_post
from ..timeutil import utcnow
from . import agency, services
from .oauth import agency_required, current_integration
from .schemas import (
    AgencyApplicationOut,
    AgencyComplaintOut,
    AgencyComplaintPageOut,
    AnswerIn,
    ComplaintArgs,
    CountOut,
    CursorArgs,
    DeadLetterListOut,
    FeedOut,
    IntegrationCreatedOut,
    IntegrationIn,
    IntegrationListOut,
    IntegrationOut,
    NoteIn,
    OpenDataArgs,
    ReplayIn,
    RetryIn,
    ServiceStandardsOut,
    TransitionIn,
)

agency_blp = Blueprint("agency", __name__, url_prefix="/api/agency",
                       description="Agency systems (OAuth 2.0 client credentials): feed, applications, complaints")
admin_blp = Blueprint("integrations_admin", __name__, url_prefix="/api/admin/integrations",
                      description="Connected agency systems and their webhook deliveries (admins)")
open_blp = Blueprint("open_data", __name__, url_prefix="/api/open", description="Open data: service standards")
blp = agency_blp
BLUEPRINTS = [agency_blp, admin_blp, open_blp]
SECURITY_SCHEME = {
    "type": "oauth2", "description": "Agency systems: OAuth 2.0 client credentials (docs/integrations.md)",
    "flows": {"clientCredentials": {"tokenUrl": "/oauth/token", "scopes": {
        "applications.read": "the feed, applications and their documents",
        "applications.write": "status transitions and notes", "complaints": "read and answer complaints"}}},
}


def document_security(api) -> None:
    """The agency systems' security scheme in the OpenAPI document (integrations.init_app)."""
    if "agencyClientCredentials" not in api.spec.components.security_schemes:
        api.spec.components.security_scheme("agencyClientCredentials", SECURITY_SCHEME)


# each operation's requirement (the scheme with its scope) comes from agency_required (backend/api.py answers_of)
IDEMPOTENCY_DOC = {"parameters": [{**HEADER_DOC, "description": "A UUID of this change; a repeat returns the original answer"}]}


def _json(status: int, body: dict) -> Response:
    response = jsonify(body)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


def _settle() -> timedelta:
    if db.engine.dialect.name == "sqlite":  # one writer at a time: ids commit in order
        return timedelta(0)
    return timedelta(seconds=float(current_app.config.get("AGENCY_FEED_SETTLE_SECONDS", 5)))


def _system_account() -> int:
    """Whose Idempotency-Keys an agency system's changes are (its actor account)."""
    return current_integration().actor_user_id


@agency_blp.get("/feed")
@agency_required("applications.read")
@agency_blp.arguments(CursorArgs, location="query")
@agency_blp.response(200, FeedOut)
def feed(args):
    """Events for my system after a cursor, oldest first (the same events and ids as the webhooks)."""
    return agency.feed(db.session, current_integration(), after=args["after"], limit=args["limit"], now=utcnow(),
                       settle=_settle())


@agency_blp.get("/applications/<id:application_id>")
@agency_required("applications.read")
@agency_blp.response(200, AgencyApplicationOut)
def read_application(application_id: int):
    """One application with form data, documents and applicant (written to the resident's access log)."""
    body = agency.read_application(db.session, current_integration(), application_id, now=utcnow())
    db.session.commit()
    return body


@agency_blp.get("/applications/<id:application_id>/documents/<id:document_id>")
@agency_required("applications.read")
@agency_blp.response(200, description="The file's bytes with its sniffed content type")
def document_content(application_id: int, document_id: int):
    """A document of the application (the download is written to the resident's access log)."""
    document = agency.document_for_reading(db.session, current_integration(), application_id, document_id)
    data = documents.read_content(storage_for(current_app.config), document)
    db.session.commit()
    response = Response(data, mimetype=document.content_type)
    name = f"{document.document_type}-{document.id}"
    response.headers["Content-Disposition"] = f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name)}"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@agency_blp.post("/applications/<id:application_id>/transitions")
@agency_required("applications.write")
@agency_blp.arguments(TransitionIn)
@agency_blp.response(200, AgencyApplicationOut)
@agency_blp.doc(**IDEMPOTENCY_DOC)
@idempotent_post("agency-transition:{application_id}", attempts=3, actor_id=_system_account)
def transition(payload, application_id: int, *, key: str):
    """Move an application to its next status (the worklist's status machine; 409 if not allowed)."""
    body = agency.transition(db.session, current_integration(), application_id, to=payload["to"],
                             note=payload["note"], fields_to_fix=payload["fields_to_fix"], now=utcnow())
    return 200, AgencyApplicationOut().dump(body)


@agency_blp.post("/applications/<id:application_id>/notes")
@agency_required("applications.write")
@agency_blp.arguments(NoteIn)
@agency_blp.response(201, AgencyApplicationOut)
@agency_blp.doc(**IDEMPOTENCY_DOC)
@idempotent_post("agency-note:{application_id}", attempts=3, actor_id=_system_account)
def add_note(payload, application_id: int, *, key: str):
    """Send the resident a note without a status change."""
    body = agency.add_note(db.session, current_integration(), application_id, note=payload["note"], now=utcnow())
    return 201, AgencyApplicationOut().dump(body)


@agency_blp.get("/complaints")
@agency_required("complaints")
@agency_blp.arguments(ComplaintArgs, location="query")
@agency_blp.response(200, AgencyComplaintPageOut)
def complaints(args):
    """Complaints routed to my system, by cursor (without their text: read one to see it)."""
    return agency.complaints(db.session, current_integration(), status=args.get("status"), after=args["after"],
                             limit=args["limit"])


@agency_blp.get("/complaints/<id:complaint_id>")
@agency_required("complaints")
@agency_blp.response(200, AgencyComplaintOut)
def read_complaint(complaint_id: int):
    """One complaint with its text (written to the resident's access log)."""
    body = agency.read_complaint(db.session, current_integration(), complaint_id)
    db.session.commit()
    return body


@agency_blp.post("/complaints/<id:complaint_id>/answer")
@agency_required("complaints")
@agency_blp.arguments(AnswerIn)
@agency_blp.response(200, AgencyComplaintOut)
@agency_blp.doc(**IDEMPOTENCY_DOC)
@idempotent_post("agency-answer:{complaint_id}", attempts=3, actor_id=_system_account)
def answer_complaint(payload, complaint_id: int, *, key: str):
    """Answer a complaint (status diproses or selesai); the resident is notified."""
    body = agency.answer_complaint(db.session, current_integration(), complaint_id, text=payload["answer"],
                                   status=payload["status"], now=utcnow())
    return 200, AgencyComplaintOut().dump(body)


# -- admin --

@admin_blp.get("")
@auth_required("admin")
@admin_blp.response(200, IntegrationListOut)
def list_integrations():
    """Connected systems with their delivery figures."""
    rows = services.list_integrations(db.session)
    counts = services.stats(db.session, [r.id for r in rows])
    return {"items": [services.describe(db.session, r, counts[r.id]) for r in rows]}


@admin_blp.post("")
@auth_required("admin")
@admin_blp.arguments(IntegrationIn)
@admin_blp.response(201, IntegrationCreatedOut)
def connect(payload):
    """Connect an agency system; its client secret and webhook secret are shown only in this answer."""
    integration, secrets = services.connect(
        db.session, name=payload["name"], agency_code=payload["agency"], regions=payload["regions"],
        services=payload["services"], webhook_url=payload["webhook_url"], now=utcnow())
    body = {**services.describe(db.session, integration), **secrets}
    db.session.commit()
    return body


@admin_blp.post("/<id:integration_id>/revoke")
@auth_required("admin")
@admin_blp.response(200, IntegrationOut)
def revoke(integration_id: int):
    """Disconnect a system: its credentials stop at once and no more webhooks are sent."""
    integration = services.revoke(db.session, integration_id, now=utcnow())
    db.session.commit()
    return services.describe(db.session, integration)


@admin_blp.get("/<id:integration_id>/dead-letters")
@auth_required("admin")
@admin_blp.response(200, DeadLetterListOut)
def dead_letters(integration_id: int):
    """Events that could not be delivered within 3 days."""
    services.get_integration(db.session, integration_id)
    return {"items": services.dead_letters(db.session, integration_id)}


@admin_blp.post("/<id:integration_id>/retry")
@auth_required("admin")
@admin_blp.arguments(RetryIn)
@admin_blp.response(200, CountOut)
def retry(payload, integration_id: int):
    """Try dead letters again (all, or the given ones), with a fresh 3-day window."""
    services.get_integration(db.session, integration_id)
    count = services.retry_dead(db.session, integration_id, event_ids=payload["event_ids"], now=utcnow())
    db.session.commit()
    return {"count": count}


@admin_blp.post("/<id:integration_id>/replay")
@auth_required("admin")
@admin_blp.arguments(ReplayIn)
@admin_blp.response(200, CountOut)
def replay(payload, integration_id: int):
    """Send delivered events again (given ids, or all since a time); receivers de-duplicate by webhook-id."""
    services.get_integration(db.session, integration_id)
    count = services.replay(db.session, integration_id, event_ids=payload["event_ids"], since=payload["since"],
                            now=utcnow())
    db.session.commit()
    return {"count": count}


# -- open data --

def _revision() -> str:
    return catalogue_revision.current(db.session)


@open_blp.get("/service-standards.json")
@open_blp.doc(security=[])
@cacheable(_revision)
@open_blp.arguments(OpenDataArgs, location="query")
@open_blp.response(200, ServiceStandardsOut, description="Service standards, schema version 1 (docs/integrations.md)")
def standards_json(args):
    """Every region's published service standards as JSON (ETag; ?region= for one MPP)."""
    records = open_data.standards(db.session, args.get("region"))
    return {"schema_version": open_data.SCHEMA_VERSION, "count": len(records), "items": records}


@open_blp.get("/service-standards.csv")
@open_blp.doc(security=[])
@cacheable(_revision)
@open_blp.arguments(OpenDataArgs, location="query")
@open_blp.response(200, description="Service standards as CSV, schema version 1 (docs/integrations.md)",
                   content_type="text/csv")
def standards_csv(args):
    """Every region's published service standards as CSV (UTF-8, header row; ETag; ?region=)."""
    body = open_data.to_csv(open_data.standards(db.session, args.get("region")))
    response = Response(body, mimetype="text/csv")
    response.headers["Content-Disposition"] = 'inline; filename="standar-pelayanan.csv"'
    return response
