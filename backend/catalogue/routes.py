"""Catalogue API: regions, categories, services. Public, cacheable."""

from ..api import Blueprint
from ..caching import cacheable
from ..extensions import db
from . import revision, services
from .schemas import (
    CategoryListOut,
    RegionDetailOut,
    RegionListOut,
    ServiceDetailOut,
    ServicePageOut,
    ServiceSearchArgs,
)


def _revision() -> str:
    return revision.current(db.session)


blp = Blueprint("catalogue", __name__, url_prefix="/api", description="Service catalogue of the MPPs")


@blp.get("/regions")
@cacheable(_revision)
@blp.response(200, RegionListOut)
def list_regions():
    """List the MPPs (regions)."""
    return {"items": services.list_regions(db.session)}


@blp.get("/regions/<code>")
@cacheable(_revision)
@blp.response(200, RegionDetailOut)
def get_region(code: str):
    """One MPP with the agencies that have a counter there."""
    return services.get_region(db.session, code, with_agencies=True)


@blp.get("/regions/<code>/services")
@cacheable(_revision)
@blp.arguments(ServiceSearchArgs, location="query")
@blp.response(200, ServicePageOut)
def region_services(args, code: str):
    """Services offered at an MPP, with search (q), category and agency filters."""
    page = services.region_services(db.session, code, **args)
    return page.envelope()


@blp.get("/categories")
@cacheable(_revision)
@blp.response(200, CategoryListOut)
def list_categories():
    """Service categories."""
    return {"items": services.list_categories(db.session)}


@blp.get("/services/<id:service_id>")
@cacheable(_revision)
@blp.response(200, ServiceDetailOut)
def get_service(service_id: int):
    """A service's published standard and its current form."""
    service = services.get_service(db.session, service_id)
    form = services.current_form(db.session, service_id)
    out = {c: getattr(service, c) for c in ServiceDetailOut().fields if hasattr(service, c)}
    out["regions"] = services.service_regions(db.session, service_id)
    out["form"] = form
    return out
