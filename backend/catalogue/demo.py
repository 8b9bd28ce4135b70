"""Load the catalogue from backend/catalogue/data/*.json; idempotent upserts.

A service whose form fields changed gets a new form version; the previous one stays
accepted for a grace period (FORM_GRACE_DAYS) so offline submissions still land.
"""
from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..timeutil import utcnow
from . import revision
from .models import Agency, Category, FormDefinition, Region, RegionAgency, Service, ServiceRegion
from .services import search_text_for

DATA = Path(__file__).parent / "data"
FORM_GRACE_DAYS = 30


def read(name: str):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def _assign(obj, values: dict) -> None:
    for key, value in values.items():
        if getattr(obj, key) != value:
            setattr(obj, key, value)


def load(session: Session) -> None:
    files = {name: read(name) for name in ("categories.json", "agencies.json", "regions.json", "services.json")}
    digest = hashlib.sha256(json.dumps(files, sort_keys=True).encode()).hexdigest()[:16]
    _load(session, files)
    revision.bump(session, digest)


def _load(session: Session, files: dict) -> None:
    for position, c in enumerate(files["categories.json"]):
        category = session.get(Category, c["code"]) or Category(code=c["code"])
        session.add(category)
        _assign(category, {"name": c["name"], "position": position})

    agencies: dict[str, Agency] = {a.code: a for a in session.scalars(select(Agency))}
    for a in files["agencies.json"]:
        agency = agencies.get(a["code"]) or Agency(code=a["code"])
        session.add(agency)
        _assign(agency, {"name": a["name"], "short": a["short"], "level": a["level"]})
        agencies[a["code"]] = agency
    session.flush()

    regions = files["regions.json"]
    for r in regions:
        region = session.get(Region, r["code"]) or Region(code=r["code"])
        session.add(region)
        _assign(region, {k: r[k] for k in ("prefix", "name", "province", "mpp_name", "address", "timezone", "opening_hours")})
    session.flush()
    _sync_pairs(
        session, RegionAgency, "region_code", "agency_id",
        {(r["code"], agencies[code].id) for r in regions for code in r["agencies"]},
    )

    all_codes = [r["code"] for r in regions]
    existing = {s.code: s for s in session.scalars(select(Service))}
    offered: set[tuple[int, str]] = set()
    for s in files["services.json"]:
        service = existing.get(s["code"]) or Service(code=s["code"])
        session.add(service)
        _assign(service, {
            "agency_id": agencies[s["agency"]].id,
            "category_code": s["category"],
            "name": s["name"],
            "description": s["description"],
            "requirements": s["requirements"],
            "procedure": s["procedure"],
            "processing_days": s["processing_days"],
            "processing_note": s.get("processing_note"),
            "fee": s["fee"],
            "fee_note": s.get("fee_note"),
            "fee_variable": s.get("fee_variable", False),
            "output": s["output"],
            "complaints": s["complaints"],
            "legal_basis": s["legal_basis"],
            "channels": s["channels"],
            "search_text": search_text_for(s),
        })
        session.flush()
        codes = all_codes if s["regions"] == "all" else s["regions"]
        offered.update((service.id, code) for code in codes)
        if s.get("form"):
            _sync_form(session, service, s["form"]["fields"])
    _sync_pairs(session, ServiceRegion, "service_id", "region_code", offered)


def _sync_pairs(session: Session, model, left: str, right: str, wanted: set[tuple]) -> None:
    have = {(getattr(row, left), getattr(row, right)) for row in session.scalars(select(model))}
    for pair in wanted - have:
        session.add(model(**{left: pair[0], right: pair[1]}))
    for pair in have - wanted:
        session.execute(delete(model).where(getattr(model, left) == pair[0], getattr(model, right) == pair[1]))


def _sync_form(session: Session, service: Service, fields: list[dict]) -> None:
    forms = list(session.scalars(select(FormDefinition).where(FormDefinition.service_id == service.id).order_by(FormDefinition.version)))
    current = next((f for f in reversed(forms) if f.status == "current"), None)
    if current is not None and current.fields == fields:
        return
    now = utcnow()
    if current is not None:
        current.status = "grace"
        current.grace_until = now + timedelta(days=FORM_GRACE_DAYS)
    version = (forms[-1].version + 1) if forms else 1
    session.add(FormDefinition(service_id=service.id, version=version, fields=fields, status="current", published_at=now))
