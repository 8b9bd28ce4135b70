"""Survey (SKM) and IKM report API."""

from ..accounts.auth import auth_required, current_user
from ..api import Blueprint
from ..extensions import db
from ..idempotency.http import HEADER_DOC, idempotent_post
from ..timeutil import utcnow
from . import services
from .complaint_routes import blp as complaint_blp
from .complaint_routes import officer_blp as officer_complaint_blp
from .elements import ELEMENTS
from .models import ELEMENT_CODES
from .schemas import ElementListOut, IkmArgs, IkmOut, SurveyIn, SurveyListOut, SurveyOut

blp = Blueprint("feedback", __name__, url_prefix="/api", description="Satisfaction survey (SKM) and IKM")


def _survey_out(survey) -> dict:
    return {
        "id": survey.id, "application_id": survey.application_id, "booking_id": survey.booking_id,
        "service_id": survey.service_id, "region_code": survey.region_code, "comment": survey.comment,
        "answers": {code: getattr(survey, code) for code in ELEMENT_CODES}, "created_at": survey.created_at,
    }


@blp.get("/surveys/elements")
@blp.response(200, ElementListOut)
def survey_elements():
    """The 9 survey elements with their questions and 1-4 answer labels."""
    return {"items": ELEMENTS}


@blp.post("/surveys")
@auth_required("resident")
@blp.arguments(SurveyIn)
@blp.response(201, SurveyOut)
@blp.doc(parameters=[HEADER_DOC])
@idempotent_post("survey")
@blp.doc(responses={404: "NOT_FOUND"})  # answered by the service (see backend/api.py answers_of)
def submit_survey(args, *, key: str):
    """Answer the survey for my completed application or served ticket (once; send an Idempotency-Key)."""
    survey = services.submit_survey(
        db.session, user=current_user(), application_id=args["application_id"], booking_id=args["booking_id"],
        answers=args["answers"], comment=args["comment"], now=utcnow(), key=key)
    return 201, SurveyOut().dump(_survey_out(survey))


@blp.get("/surveys")
@blp.response(200, SurveyListOut)
@auth_required()
def my_surveys():
    """The surveys I answered (to know which applications and tickets are rated)."""
    return {"items": [_survey_out(s) for s in services.my_surveys(db.session, current_user().id)]}


@blp.get("/reports/ikm")
@auth_required("officer", "admin")
@blp.arguments(IkmArgs, location="query")
@blp.response(200, IkmOut)
@blp.doc(responses={404: "NOT_FOUND"})  # answered by the service (see backend/api.py answers_of)
def ikm_report(args):
    """IKM with band and respondents; officers see only their own agency at their MPP."""
    return services.ikm_report(db.session, actor=current_user(), region=args["region"], agency=args["agency"],
                               service=args["service"], date_from=args["date_from"], date_to=args["date_to"])


BLUEPRINTS = [blp, complaint_blp, officer_complaint_blp]
