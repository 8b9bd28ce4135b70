"""Consultation API: residents ask (through the outbox, exactly once), officers answer, the public reads the FAQ."""

from ..accounts import services as accounts
from ..accounts.auth import auth_required, current_user
from ..api import Blueprint
from ..audit import services as audit
from ..catalogue import services as catalogue
from ..extensions import db
from ..idempotency.http import HEADER_DOC, idempotent_post
from ..pagination import PageArgs
from ..timeutil import utcnow
from . import services
from .schemas import (
    ANSWER_EXAMPLE,
    QUESTION_EXAMPLE,
    FaqArgs,
    FaqListOut,
    OfficerQuestionArgs,
    OfficerQuestionOut,
    OfficerQuestionPageOut,
    QuestionAnswerIn,
    QuestionIn,
    QuestionOut,
    QuestionPageOut,
)

blp = Blueprint("consultation", __name__, url_prefix="/api/consultations", description="Consultation (tanya petugas)")
officer_blp = Blueprint("consultation_officer", __name__, url_prefix="/api/officer/consultations",
                        description="Questions routed to the officer's counter")
faq_blp = Blueprint("consultation_faq", __name__, url_prefix="/api/services", description="Frequently asked questions")
BLUEPRINTS = [blp, officer_blp, faq_blp]


def _named(entity) -> dict:
    return {"id": entity.id, "code": entity.code, "short": getattr(entity, "short", ""), "name": entity.name}


def _render(items: list, *, for_officer: bool = False) -> list[dict]:
    service_of = catalogue.services_by_ids(db.session, sorted({c.service_id for c in items}))
    agency_of = {a: catalogue.get_agency(db.session, a) for a in {c.agency_id for c in items}}
    zone_of = {code: catalogue.get_region(db.session, code).timezone for code in {c.region_code for c in items}}
    now = utcnow()
    out = []
    for c in items:
        item = {
            "id": c.id, "service": _named(service_of[c.service_id]), "agency": _named(agency_of[c.agency_id]),
            "region_code": c.region_code, "question": c.question, "document_id": c.document_id,
            "allow_public": c.allow_public, "status": c.status, "due_date": c.due_date,
            "overdue": services.is_overdue(c, now, zone_of[c.region_code]), "answer": c.answer,
            "answered_at": c.answered_at, "published": c.published, "public_question": c.public_question,
            "created_at": c.created_at,
        }
        if for_officer:
            names = accounts.name_parts(db.session, c.user_id)
            item["resident_name"] = names[0] if names else ""
            audit.record(db.session, actor=current_user(), subject_user_id=c.user_id, action="read",
                         object_type="consultation", object_id=c.id)
        out.append(item)
    return out


@blp.post("")
@auth_required("resident")
@blp.arguments(QuestionIn, example=QUESTION_EXAMPLE)
@blp.response(201, QuestionOut)
@blp.doc(parameters=[{**HEADER_DOC,
                      "description": "sent by the app's outbox (a UUID): a repeat returns the same question, never a second one"}])
@idempotent_post("consultation")
@blp.doc(responses={404: "NOT_FOUND"})  # answered by the service (see backend/api.py answers_of)
def ask(args, *, key: str):
    """Ask the agency's officers at an MPP about a service (answer due in 3 working days)."""
    question = services.ask(db.session, user=current_user(), now=utcnow(), key=key, **args)
    return 201, QuestionOut().dump(_render([question])[0])


@blp.get("")
@auth_required("resident")
@blp.arguments(PageArgs, location="query")
@blp.response(200, QuestionPageOut)
def my_questions(args):
    """My questions, newest first, with their answers."""
    page = services.mine(db.session, current_user().id, args["page"], args["per_page"])
    return page.envelope(_render(page.items))


@blp.get("/<id:consultation_id>")
@auth_required("resident")
@blp.response(200, QuestionOut)
def my_question(consultation_id: int):
    """One of my questions."""
    return _render([services.own(db.session, current_user().id, consultation_id)])[0]


@officer_blp.get("")
@auth_required("officer")
@officer_blp.arguments(OfficerQuestionArgs, location="query")
@officer_blp.response(200, OfficerQuestionPageOut)
def officer_questions(args):
    """Questions for my agency at my MPP, the earliest due first (each read is in the resident's access log)."""
    page = services.for_officer(db.session, current_user(), args["status"], args["page"], args["per_page"])
    items = _render(page.items, for_officer=True)
    db.session.commit()
    return page.envelope(items)


@officer_blp.post("/<id:consultation_id>/answer")
@auth_required("officer")
@officer_blp.arguments(QuestionAnswerIn, example=ANSWER_EXAMPLE)
@officer_blp.response(200, OfficerQuestionOut)
@officer_blp.doc(responses={409: "CONFLICT"})  # answered by the service (see backend/api.py answers_of)
def answer_question(args, consultation_id: int):
    """Answer a question of my counter; the resident is notified. publish=true adds it to the service's FAQ."""
    question = services.answer(db.session, officer=current_user(), consultation_id=consultation_id, text=args["answer"],
                               publish=args["publish"], public_question=args["public_question"], now=utcnow())
    item = _render([question], for_officer=True)[0]
    db.session.commit()
    return item


@faq_blp.get("/<id:service_id>/faq")
@faq_blp.arguments(FaqArgs, location="query")
@faq_blp.response(200, FaqListOut)
def service_faq(args, service_id: int):
    """Answered questions about a service that the officers published: no names, no personal data."""
    rows = services.faq(db.session, service_id, args["region"])
    agency_of = {a: catalogue.get_agency(db.session, a) for a in {c.agency_id for c in rows}}
    return {"items": [{"id": c.id, "question": c.public_question, "answer": c.answer, "agency": _named(agency_of[c.agency_id]),
                       "region_code": c.region_code, "answered_at": c.answered_at} for c in rows]}
