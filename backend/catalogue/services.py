"""Catalogue queries and search; plain functions taking the session."""
from __future__ import annotations

import unicodedata

from sqlalchemy import and_, select
from sqlalchemy.orm import Session, selectinload

from ..errors import Problem
from ..pagination import Page, paginate
from . import revision
from .models import Agency, Category, FormDefinition, Region, RegionAgency, Service, ServiceRegion


def fold(text: str) -> str:
    """Lower-case and strip accents, so 'Pérekaman' finds 'perekaman'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def search_text_for(service_data: dict) -> str:
    """Everything searchable about a service, in both languages, folded."""
    parts: list[str] = [service_data["code"].replace("-", " ")]
    for key in ("name", "description"):
        parts.extend(service_data[key].values())
    for item in service_data.get("requirements", []):
        parts.extend(item.values())
    return fold(" ".join(parts))


def list_regions(session: Session) -> list[Region]:
    return list(session.scalars(select(Region).order_by(Region.name)))


def get_region(session: Session, code: str, *, with_agencies: bool = False) -> Region:
    query = select(Region).where(Region.code == code)
    if with_agencies:
        query = query.options(selectinload(Region.agencies))
    region = session.scalar(query)
    if region is None:
        raise Problem(404, "region-not-found", "catalogue.region_not_found", params={"code": code[:20]})
    return region


# The region codes of the current catalogue revision, per process: a search checks its region
# without a query (it was a quarter of an uncached search). A code not in the set is asked for.
_region_codes: dict[str, frozenset[str]] = {}


def _check_region(session: Session, code: str) -> None:
    current = revision.current(session)
    codes = _region_codes.get(current)
    if codes is None:
        codes = frozenset(session.scalars(select(Region.code)))
        _region_codes.clear()
        _region_codes[current] = codes
    if code not in codes:
        get_region(session, code)


def list_categories(session: Session) -> list[Category]:
    return list(session.scalars(select(Category).order_by(Category.position, Category.code)))


def region_services(
    session: Session,
    region_code: str,
    *,
    q: str | None = None,
    category: str | None = None,
    agency: str | None = None,
    page: int = 1,
    per_page: int = 20,
) -> Page:
    _check_region(session, region_code)
    query = (
        select(Service)
        .join(ServiceRegion, ServiceRegion.service_id == Service.id)
        .where(ServiceRegion.region_code == region_code)
    )
    if category:
        query = query.where(Service.category_code == category)
    if agency:
        query = query.join(Agency, Agency.id == Service.agency_id).where(Agency.code == agency.upper())
    if q:
        # every word must appear (as a substring, so "lahir" finds "kelahiran")
        words = [w for w in fold(q).split() if w][:8]
        query = query.where(and_(*[Service.search_text.contains(w, autoescape=True) for w in words]))
    query = query.order_by(Service.category_code, Service.id)
    return paginate(session, query, page, per_page)


def get_service(session: Session, service_id: int) -> Service:
    service = session.get(Service, service_id)
    if service is None:
        raise Problem(404, "service-not-found", "catalogue.service_not_found")
    return service


def service_regions(session: Session, service_id: int) -> list[str]:
    return list(
        session.scalars(
            select(ServiceRegion.region_code).where(ServiceRegion.service_id == service_id).order_by(ServiceRegion.region_code)
        )
    )


def current_form(session: Session, service_id: int) -> FormDefinition | None:
    return session.scalar(
        select(FormDefinition)
        .where(FormDefinition.service_id == service_id, FormDefinition.status == "current")
        .order_by(FormDefinition.version.desc())
    )


def form_version(session: Session, service_id: int, version: int) -> FormDefinition | None:
    return session.scalar(
        select(FormDefinition).where(FormDefinition.service_id == service_id, FormDefinition.version == version)
    )


def region_hosts_agency(session: Session, region_code: str, agency_id: int) -> bool:
    return session.get(RegionAgency, (region_code, agency_id)) is not None


def service_offered_in(session: Session, service_id: int, region_code: str) -> bool:
    return session.get(ServiceRegion, (service_id, region_code)) is not None


def get_agency(session: Session, agency_id: int) -> Agency | None:
    return session.get(Agency, agency_id)


def get_agency_by_code(session: Session, code: str) -> Agency | None:
    return session.scalar(select(Agency).where(Agency.code == code.upper()))


def services_by_ids(session: Session, ids: list[int]) -> dict[int, Service]:
    if not ids:
        return {}
    return {s.id: s for s in session.scalars(select(Service).where(Service.id.in_(ids)))}


__all__ = [
    "current_form",
    "fold",
    "form_version",
    "get_agency",
    "get_agency_by_code",
    "get_region",
    "get_service",
    "list_categories",
    "list_regions",
    "region_hosts_agency",
    "region_services",
    "service_offered_in",
    "service_regions",
    "services_by_ids",
]
