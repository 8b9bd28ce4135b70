"""The public service-standards export: JSON and CSV, the same records, ETag, per-region filter."""
from __future__ import annotations

import csv
import io

from backend.catalogue.open_data import CSV_COLUMNS


def test_json_has_every_regions_standards_with_the_six_components(client):
    response = client.get("/api/open/service-standards.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    body = response.get_json()
    assert body["schema_version"] == 1 and body["count"] == len(body["items"]) > 100
    assert len({i["region"]["code"] for i in body["items"]}) == 16
    kk = next(i for i in body["items"] if i["service"]["code"] == "kartu-keluarga" and i["region"]["code"] == "35.74")
    assert set(kk) == {"region", "agency", "service", "requirements", "procedure", "processing_time", "fee", "output",
                       "complaints", "legal_basis", "channels"}
    assert kk["requirements"] and kk["procedure"] and kk["legal_basis"] and kk["complaints"]["id"]
    assert kk["fee"] == {"amount_idr": 0, "variable": False, "note": kk["fee"]["note"]}
    assert kk["agency"]["code"] == "DISDUKCAPIL" and kk["processing_time"]["working_days"] >= 0


def test_etag_gives_304_and_region_filter(client):
    first = client.get("/api/open/service-standards.json?region=35.74")
    assert first.headers["ETag"] and "max-age" in first.headers["Cache-Control"]
    again = client.get("/api/open/service-standards.json?region=35.74", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    items = first.get_json()["items"]
    assert items and {i["region"]["code"] for i in items} == {"35.74"}
    assert client.get("/api/open/service-standards.json?region=99.99").get_json()["items"] == []


def test_csv_has_the_documented_columns_and_the_same_records(client):
    response = client.get("/api/open/service-standards.csv?region=12.71")
    assert response.status_code == 200 and response.mimetype == "text/csv" and response.headers["ETag"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert tuple(rows[0]) == CSV_COLUMNS
    json_items = client.get("/api/open/service-standards.json?region=12.71").get_json()["items"]
    assert [(r[0], r[7]) for r in rows[1:]] == [(i["region"]["code"], i["service"]["code"]) for i in json_items]
    fee = CSV_COLUMNS.index("fee_idr")
    assert all(r[fee].isdigit() for r in rows[1:])


def test_schema_is_documented():
    from pathlib import Path

    doc = (Path(__file__).parents[2] / "docs" / "integrations.md").read_text()
    assert all(f"`{column}`" in doc for column in CSV_COLUMNS)


def test_admin_screen_strings_are_complete_in_both_languages():
    """Both languages have every key of pwa/i18n-integrations.js (English adds plural forms, #one)."""
    import re
    from pathlib import Path

    source = (Path(__file__).parents[2] / "pwa" / "i18n-integrations.js").read_text()

    def keys(lang: str) -> set[str]:
        block = re.search(rf"export const {lang} = \{{(.*?)\n\}};", source, re.S).group(1)
        return {k.split("#")[0] for k in re.findall(r'"(integ\.[a-z_.#]+)":', block)}

    assert keys("id") == keys("en") and len(keys("id")) > 40
    view = (Path(__file__).parents[2] / "pwa" / "views" / "staff-integrations.js").read_text()
    assert 'import "../i18n-integrations.js"' in view
    used = set(re.findall(r't\("(integ\.[a-z_.]+)"', view))
    assert used <= keys("id"), used - keys("id")
