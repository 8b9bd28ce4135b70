"""What a survey or complaint is about: a resident's own application or booking, or a service.

Applications are read through their model (read-only): applications/services.py has no
public "get my application as a model" function.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..applications import services as applications
from ..booking import services as booking_services
from ..catalogue import services as catalogue
from ..errors import Problem
from ..i18n import t


@dataclass(frozen=True)
class Subject:
    kind: str  # application | booking | service
    id: int
    label: str
    service_id: int
    agency_id: int
    region_code: str
    status: str | None


def own_application(session, user_id: int, application_id: int) -> Subject:
    application = applications.owned_by(session, user_id, application_id)
    if application is None:
        raise Problem(404, "application-not-found", "survey.application_not_found")
    return Subject("application", application.id, application.tracking_number, application.service_id,
                   application.agency_id, application.region_code, application.status)


def own_booking(session, user_id: int, booking_id: int) -> Subject:
    booking = booking_services.get_own(session, user_id, booking_id)
    return Subject("booking", booking.id, booking.ticket_number, booking.service_id, booking.agency_id,
                   booking.region_code, booking.status)


def service_at(session, service_id: int, region_code: str | None) -> Subject:
    service = catalogue.get_service(session, service_id)
    if not region_code:
        raise Problem(422, "validation-error", "complaint.region_required",
                      errors={"region_code": [t("complaint.region_required")]})
    catalogue.get_region(session, region_code)
    if not catalogue.service_offered_in(session, service_id, region_code):
        raise Problem(404, "complaint-subject-not-found", "complaint.subject_not_found")
    return Subject("service", service.id, service.code[:40], service.id, service.agency_id, region_code, None)
