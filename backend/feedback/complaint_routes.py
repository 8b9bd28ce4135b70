"""Complaint (pengaduan) API: residents file and follow, the agency's officers answer."""

from ..accounts.auth import auth_required, current_user
from ..accounts.models import User
from ..api import Blueprint
from ..audit import services as audit
from ..catalogue import services as catalogue
from ..extensions import db
from ..idempotency.http import HEADER_DOC, idempotent_post
from ..pagination import PageArgs
from ..timeutil import utcnow
from . import complaints
from .schemas import (
    AnswerIn,
    ComplaintIn,
    ComplaintOut,
    ComplaintPageOut,
    OfficerComplaintArgs,
    OfficerComplaintOut,
    OfficerComplaintPageOut,
)

blp = Blueprint("complaints", __name__, url_prefix="/api/complaints", description="Complaints (pengaduan)")
officer_blp = Blueprint("complaints_officer", __name__, url_prefix="/api/officer/complaints",
                        description="Complaints routed to the officer's counter")


def _render(items: list, *, with_resident: bool = False) -> list[dict]:
    from ..catalogue.models import Agency, Region

    services = catalogue.services_by_ids(db.session, sorted({c.service_id for c in items}))
    agencies = {a.id: a for a in db.session.query(Agency).filter(Agency.id.in_({c.agency_id for c in items}))}
    zones = dict(db.session.query(Region.code, Region.timezone).filter(Region.code.in_({c.region_code for c in items})))
    users = {}
    if with_resident:
        users = {u.id: u for u in db.session.query(User).filter(User.id.in_({c.user_id for c in items}))}
    now = utcnow()
    out = []
    for c in items:
        service, agency = services[c.service_id], agencies[c.agency_id]
        item = {
            "id": c.id, "subject_type": c.subject_type, "subject_id": c.subject_id, "subject_label": c.subject_label,
            "service": {"id": service.id, "code": service.code, "name": service.name},
            "agency": {"id": agency.id, "code": agency.code, "short": agency.short, "name": agency.name},
            "region_code": c.region_code, "text": c.text, "document_id": c.document_id, "status": c.status,
            "due_date": c.due_date, "overdue": complaints.is_overdue(c, now, zones[c.region_code]),
            "answer": c.answer, "answered_at": c.answered_at, "created_at": c.created_at,
        }
        if with_resident:
            resident = users.get(c.user_id)
            item["resident_name"] = resident.full_name if resident else ""
            audit.record(db.session, actor=current_user(), subject_user_id=c.user_id, action="read",
                         object_type="complaint", object_id=c.id)
        out.append(item)
    return out


@blp.post("")
@auth_required("resident")
@blp.arguments(ComplaintIn)
@blp.response(201, ComplaintOut)
@blp.doc(parameters=[{**HEADER_DOC, "required": False,
                      "description": "sent by the app's outbox (a UUID): a repeat returns the same complaint"}])
@idempotent_post("complaint", required=False)
@blp.doc(responses={404: "NOT_FOUND"})  # answered by the service (see backend/api.py answers_of)
def file_complaint(args, *, key: str | None):
    """File a complaint about my application, my ticket or a service at an MPP (optional photo from my vault)."""
    complaint = complaints.file_complaint(db.session, user=current_user(), now=utcnow(), key=key, **args)
    return 201, ComplaintOut().dump(_render([complaint])[0])


@blp.get("")
@auth_required()
@blp.arguments(PageArgs, location="query")
@blp.response(200, ComplaintPageOut)
def my_complaints(args):
    """My complaints, newest first, with their answer and due date."""
    page = complaints.my_complaints(db.session, current_user().id, args["page"], args["per_page"])
    return page.envelope(_render(page.items))


@officer_blp.get("")
@auth_required("officer")
@officer_blp.arguments(OfficerComplaintArgs, location="query")
@officer_blp.response(200, OfficerComplaintPageOut)
def officer_complaints(args):
    """Complaints for my agency at my MPP, the earliest due first (filter by status)."""
    page = complaints.officer_complaints(db.session, current_user(), args["status"], args["page"], args["per_page"])
    items = _render(page.items, with_resident=True)
    db.session.commit()
    return page.envelope(items)


@officer_blp.post("/<id:complaint_id>/answer")
@auth_required("officer")
@officer_blp.arguments(AnswerIn)
@officer_blp.response(200, OfficerComplaintOut)
@officer_blp.doc(responses={409: "CONFLICT"})  # answered by the service (see backend/api.py answers_of)
def answer_complaint(args, complaint_id: int):
    """Answer a complaint (status diproses or selesai); the resident is notified."""
    complaint = complaints.answer(db.session, officer=current_user(), complaint_id=complaint_id, text=args["answer"],
                                  status=args["status"], now=utcnow())
    item = _render([complaint], with_resident=True)[0]
    db.session.commit()
    return item
