"""Open data: every region's published service standards (Permenpan RB 15/2014) as JSON records and CSV.

Schema version 1 is documented in docs/integrations.md; fields are only ever added, never renamed.
One record per service offered at an MPP: the six components, fee, processing time and legal basis.
"""
from __future__ import annotations

import csv
import io

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Agency, Region, Service, ServiceRegion

SCHEMA_VERSION = 1
LIST_SEPARATOR = " | "

# CSV columns, in order; *_id / *_en are the two languages of a bilingual field
CSV_COLUMNS = (
    "region_code", "region_name", "province", "mpp_name", "agency_code", "agency_name_id", "agency_name_en",
    "service_code", "service_name_id", "service_name_en", "category", "requirements_id", "requirements_en",
    "procedure_id", "procedure_en", "processing_days", "processing_note_id", "processing_note_en", "fee_idr",
    "fee_variable", "fee_note_id", "fee_note_en", "output_id", "output_en", "complaints_id", "complaints_en",
    "legal_basis", "channels",
)


def _text(value: dict | None) -> dict | None:
    return {"id": value.get("id", ""), "en": value.get("en", "")} if value else None


def standards(session: Session, region_code: str | None = None) -> list[dict]:
    """The records, ordered by region then service code; region_code limits them to one MPP."""
    query = (select(Region, Service, Agency)
             .join(ServiceRegion, ServiceRegion.region_code == Region.code)
             .join(Service, Service.id == ServiceRegion.service_id)
             .join(Agency, Agency.id == Service.agency_id)
             .order_by(Region.code, Service.code))
    if region_code:
        query = query.where(Region.code == region_code)
    records = []
    for region, service, agency in session.execute(query):
        records.append({
            "region": {"code": region.code, "name": region.name, "province": region.province, "mpp_name": region.mpp_name},
            "agency": {"code": agency.code, "short": agency.short, "name": _text(agency.name)},
            "service": {"code": service.code, "name": _text(service.name), "category": service.category_code},
            "requirements": [_text(item) for item in service.requirements or []],
            "procedure": [_text(item) for item in service.procedure or []],
            "processing_time": {"working_days": service.processing_days, "note": _text(service.processing_note)},
            "fee": {"amount_idr": service.fee, "variable": bool(service.fee_variable), "note": _text(service.fee_note)},
            "output": _text(service.output),
            "complaints": _text(service.complaints),
            "legal_basis": list(service.legal_basis or []),
            "channels": list(service.channels or []),
        })
    return records


def _joined(items: list[dict | None], lang: str) -> str:
    return LIST_SEPARATOR.join((item or {}).get(lang, "") for item in items)


def _lang(value: dict | None, lang: str) -> str:
    return (value or {}).get(lang, "")


def to_csv(records: list[dict]) -> str:
    """The records as CSV (RFC 4180, UTF-8, header row); list fields joined with ' | '."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for r in records:
        writer.writerow([
            r["region"]["code"], r["region"]["name"], r["region"]["province"], r["region"]["mpp_name"],
            r["agency"]["code"], _lang(r["agency"]["name"], "id"), _lang(r["agency"]["name"], "en"),
            r["service"]["code"], _lang(r["service"]["name"], "id"), _lang(r["service"]["name"], "en"),
            r["service"]["category"], _joined(r["requirements"], "id"), _joined(r["requirements"], "en"),
            _joined(r["procedure"], "id"), _joined(r["procedure"], "en"), r["processing_time"]["working_days"],
            _lang(r["processing_time"]["note"], "id"), _lang(r["processing_time"]["note"], "en"),
            r["fee"]["amount_idr"], "true" if r["fee"]["variable"] else "false",
            _lang(r["fee"]["note"], "id"), _lang(r["fee"]["note"], "en"), _lang(r["output"], "id"),
            _lang(r["output"], "en"), _lang(r["complaints"], "id"), _lang(r["complaints"], "en"),
            LIST_SEPARATOR.join(r["legal_basis"]), LIST_SEPARATOR.join(r["channels"]),
        ])
    return out.getvalue()
