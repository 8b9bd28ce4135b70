"""Search gives the same services on SQLite (LIKE) and PostgreSQL (LIKE answered by the pg_trgm index):
both must equal the rule computed here in Python, every word a substring of the folded text."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from backend.extensions import db

QUERIES = ["akta", "lahir", "Kelahiran anak", "KTP-el", "pérekaman", "izin usaha", "100%", "a_b", "sim c", "zzzq"]


@pytest.mark.parametrize("q", QUERIES)
def test_search_matches_the_substring_rule(app, client, q):
    from backend.catalogue.models import Service, ServiceRegion
    from backend.catalogue.services import fold

    with app.app_context():
        offered = db.session.execute(
            select(Service.id, Service.search_text).join(ServiceRegion, ServiceRegion.service_id == Service.id)
            .where(ServiceRegion.region_code == "35.74")).all()
    words = fold(q).split()
    expected = sorted(sid for sid, text in offered if all(w in text for w in words))
    body = client.get("/api/regions/35.74/services", query_string={"q": q, "per_page": 100}).get_json()
    assert sorted(item["id"] for item in body["items"]) == expected
    assert body["total"] == len(expected)


def test_postgres_search_uses_the_trigram_index(app):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("PostgreSQL only")
        names = db.session.execute(db.text(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'service' AND indexdef LIKE '%gin_trgm_ops%'")).scalars()
        assert "ix_service_search_trgm" in list(names)
