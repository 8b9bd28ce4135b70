"""Demo data: a counter for every agency at every MPP (RegionAgency), with default capacities. Idempotent."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..catalogue.models import Agency, RegionAgency
from .models import Counter


def load(session: Session) -> None:
    agency_ids = list(session.scalars(select(Agency.id).order_by(Agency.id)))
    letters = {agency_id: chr(ord("A") + rank % 26) for rank, agency_id in enumerate(agency_ids)}
    existing = {(c.region_code, c.agency_id) for c in session.scalars(select(Counter))}
    for pair in session.execute(select(RegionAgency.region_code, RegionAgency.agency_id)):
        if (pair.region_code, pair.agency_id) not in existing:
            session.add(Counter(region_code=pair.region_code, agency_id=pair.agency_id, letter=letters[pair.agency_id],
                                slot_minutes=30, online_capacity=4, walk_in_capacity=2))
    session.flush()
