"""Officer worklist endpoints: only the officer's agency and region (admins: everything)."""
from __future__ import annotations

from ..accounts.auth import auth_required, current_user
from ..api import Blueprint
from ..extensions import db
from ..timeutil import utcnow
from . import officer
from .schemas import NoteIn, OfficerApplicationOut, OfficerPageOut, TransitionIn, WorklistArgs

blp = Blueprint("officer", __name__, url_prefix="/api/officer", description="Officer worklist of applications")


@blp.get("/applications")
@auth_required("officer", "admin")
@blp.arguments(WorklistArgs, location="query")
@blp.response(200, OfficerPageOut)
def worklist(args):
    """Applications I handle, earliest due first (filter by status, service, overdue)."""
    page, items = officer.worklist(
        db.session, current_user(), now=utcnow(), page=args["page"], per_page=args["per_page"],
        status=args.get("status"), service=args.get("service"), overdue=args.get("overdue"), region=args.get("region"),
    )
    return page.envelope(items)


@blp.get("/applications/<id:application_id>")
@blp.response(200, OfficerApplicationOut)
@auth_required("officer", "admin")
def read(application_id: int):
    """One application with the applicant's contact details (the read is audit-logged)."""
    body = officer.read(db.session, current_user(), application_id, now=utcnow())
    db.session.commit()
    return body


@blp.post("/applications/<id:application_id>/transitions")
@auth_required("officer", "admin")
@blp.arguments(TransitionIn)
@blp.response(200, OfficerApplicationOut)
@blp.doc(responses={409: "CONFLICT"})  # answered by the service (see backend/api.py answers_of)
def transition(payload, application_id: int):
    """Move an application to its next status, with a note (and fields to fix for a revision)."""
    body = officer.transition(db.session, current_user(), application_id, to=payload["to"], note=payload["note"],
                              fields_to_fix=payload["fields_to_fix"], now=utcnow())
    db.session.commit()
    return body


@blp.post("/applications/<id:application_id>/notes")
@auth_required("officer", "admin")
@blp.arguments(NoteIn)
@blp.response(201, OfficerApplicationOut)
@blp.doc(responses={409: "CONFLICT"})  # answered by the service (see backend/api.py answers_of)
def add_note(payload, application_id: int):
    """Send the resident a note without changing the status (it joins the history and the inbox)."""
    body = officer.add_note(db.session, current_user(), application_id, note=payload["note"], now=utcnow())
    db.session.commit()
    return body
