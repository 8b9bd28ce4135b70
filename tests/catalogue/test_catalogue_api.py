"""Catalogue endpoints: regions, services, search, categories, caching."""
import pytest

REGION_CODES = {
    "35.74", "12.71", "14.08", "17.05", "15.03", "19.01", "18.11", "32.72",
    "33.04", "33.76", "62.06", "62.09", "62.08", "63.71", "73.06", "33.07",
}


def test_regions_lists_the_16_mpps(client):
    response = client.get("/api/regions")
    assert response.status_code == 200
    items = response.get_json()["items"]
    assert {r["code"] for r in items} == REGION_CODES
    prefixes = [r["prefix"] for r in items]
    assert len(set(prefixes)) == 16


@pytest.mark.parametrize(
    ("code", "timezone", "abbr"),
    [("35.74", "Asia/Jakarta", "WIB"), ("63.71", "Asia/Makassar", "WITA"),
     ("73.06", "Asia/Makassar", "WITA"), ("62.06", "Asia/Pontianak", "WIB")],
)
def test_region_time_zones(client, code, timezone, abbr):
    body = client.get(f"/api/regions/{code}").get_json()
    assert body["timezone"] == timezone
    assert body["timezone_abbr"] == abbr


def test_region_detail_lists_hosted_agencies(client):
    body = client.get("/api/regions/35.74").get_json()
    assert body["name"] == "Kota Probolinggo"
    assert body["province"] == "Jawa Timur"
    codes = {a["code"] for a in body["agencies"]}
    assert "DISDUKCAPIL" in codes
    assert body["opening_hours"]["mon"][0] < body["opening_hours"]["mon"][1]


def test_unknown_region_is_problem_404_in_indonesian_by_default(client):
    response = client.get("/api/regions/99.99")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == 404
    assert body["code"] == "region-not-found"
    assert "tidak ditemukan" in body["detail"]
    assert body["title"] == "Tidak ditemukan"


def test_unknown_region_in_english(client):
    body = client.get("/api/regions/99.99", headers={"Accept-Language": "en-US,en;q=0.9"}).get_json()
    assert body["detail"] == "No MPP was found with region code 99.99."
    assert body["title"] == "Not found"


def test_region_services_paging(client):
    first = client.get("/api/regions/35.74/services?per_page=5&page=1").get_json()
    assert first["page"] == 1 and first["per_page"] == 5
    assert len(first["items"]) == 5
    assert first["total"] > 5
    assert first["pages"] == -(-first["total"] // 5)
    second = client.get("/api/regions/35.74/services?per_page=5&page=2").get_json()
    assert {s["id"] for s in first["items"]}.isdisjoint({s["id"] for s in second["items"]})
    beyond = client.get(f"/api/regions/35.74/services?per_page=5&page={first['pages'] + 1}").get_json()
    assert beyond["items"] == [] and beyond["total"] == first["total"]


@pytest.mark.parametrize("query", ["page=0", "per_page=0", "per_page=101", "page=abc", "per_page=-3"])
def test_paging_bounds_are_validated(client, query):
    response = client.get(f"/api/regions/35.74/services?{query}")
    assert response.status_code == 422
    body = response.get_json()
    assert response.mimetype == "application/problem+json"
    assert body["errors"]


def test_validation_errors_are_localised(client):
    id_body = client.get("/api/regions/35.74/services?per_page=abc").get_json()
    en_body = client.get("/api/regions/35.74/services?per_page=abc", headers={"Accept-Language": "en"}).get_json()
    assert id_body["errors"]["per_page"] == ["Harus berupa bilangan bulat."]
    assert en_body["errors"]["per_page"] == ["Not a valid integer."]
    assert id_body["detail"] != en_body["detail"]


def test_services_differ_between_regions(client):
    def codes(region):
        return {s["code"] for s in client.get(f"/api/regions/{region}/services?per_page=100").get_json()["items"]}

    all_codes = [codes(r) for r in sorted(REGION_CODES)]
    assert len({frozenset(c) for c in all_codes}) > 1, "not every region should offer the same services"


def test_filter_by_category_and_agency(client):
    body = client.get("/api/regions/35.74/services?category=kependudukan&per_page=100").get_json()
    assert body["items"] and all(s["category"]["code"] == "kependudukan" for s in body["items"])
    body = client.get("/api/regions/35.74/services?agency=disdukcapil&per_page=100").get_json()
    assert body["items"] and all(s["agency"]["code"] == "DISDUKCAPIL" for s in body["items"])


@pytest.mark.parametrize(
    ("query", "expected_code_part"),
    [
        ("akta kelahiran", "akta-kelahiran"),
        ("AKTA KELAHIRAN", "akta-kelahiran"),
        ("lahir", "akta-kelahiran"),          # Indonesian root word inside "kelahiran"
        ("birth certificate", "akta-kelahiran"),  # English text is searchable too
        ("skck", "skck"),
        ("pásporꞌ".replace("ꞌ", ""), "paspor"),  # accents are ignored
        ("kartu keluarga", "kartu-keluarga"),
    ],
)
def test_search_finds_services(client, query, expected_code_part):
    region = _region_offering(client, expected_code_part)
    body = client.get(f"/api/regions/{region}/services", query_string={"q": query, "per_page": 100}).get_json()
    assert any(expected_code_part in s["code"] for s in body["items"]), query


def _region_offering(client, code_part):
    for region in sorted(REGION_CODES):
        items = client.get(f"/api/regions/{region}/services?per_page=100").get_json()["items"]
        if any(code_part in s["code"] for s in items):
            return region
    pytest.fail(f"no region offers a service like {code_part}")


def test_search_with_no_match_is_empty_not_error(client):
    body = client.get("/api/regions/35.74/services?q=zzzzqqq").get_json()
    assert body["items"] == [] and body["total"] == 0


def test_search_matches_requirements_text(client):
    """A word found only in a service's requirements (not its name or description) finds it."""
    import json
    from pathlib import Path

    from backend.catalogue.services import fold

    data = json.loads((Path(__file__).parents[2] / "backend/catalogue/data/services.json").read_text())
    for service in data:
        head = fold(" ".join([*service["name"].values(), *service["description"].values()]))
        words = {w.strip(".,;:()/") for r in service["requirements"] for w in fold(r["id"]).split()}
        unique = sorted(w for w in words if len(w) > 6 and w not in head and w.isalpha())
        if unique and service["regions"] == "all":
            break
    body = client.get("/api/regions/35.74/services", query_string={"q": unique[0], "per_page": 100}).get_json()
    assert service["code"] in {s["code"] for s in body["items"]}


def test_search_wildcards_are_literal(client):
    body = client.get("/api/regions/35.74/services", query_string={"q": "%_%"}).get_json()
    assert body["items"] == []


def test_service_detail_has_the_six_components_and_form(client):
    items = client.get("/api/regions/35.74/services?per_page=100").get_json()["items"]
    online = next(s for s in items if "online" in s["channels"])
    body = client.get(f"/api/services/{online['id']}").get_json()
    for key in ("requirements", "procedure", "processing_days", "fee", "output", "complaints"):
        assert key in body and body[key] is not None
    assert body["name"]["id"] and body["name"]["en"]
    assert body["legal_basis"]
    assert "35.74" in body["regions"]
    assert body["form"]["version"] >= 1
    assert body["form"]["fields"]
    assert all({"key", "label", "type"} <= set(f) for f in body["form"]["fields"])


def test_unknown_service_is_404(client):
    response = client.get("/api/services/999999")
    assert response.status_code == 404
    assert response.get_json()["code"] == "service-not-found"


def test_categories(client):
    items = client.get("/api/categories").get_json()["items"]
    assert any(c["code"] == "kependudukan" for c in items)
    assert all(c["name"]["id"] and c["name"]["en"] for c in items)


@pytest.mark.parametrize("url", ["/api/regions", "/api/regions/35.74", "/api/regions/35.74/services", "/api/categories"])
def test_etag_and_304(client, url):
    first = client.get(url)
    assert first.status_code == 200
    etag = first.headers["ETag"]
    assert "max-age" in first.headers["Cache-Control"]
    second = client.get(url, headers={"If-None-Match": etag})
    assert second.status_code == 304
    assert second.get_data() == b""
    third = client.get(url, headers={"If-None-Match": '"something-else"'})
    assert third.status_code == 200


def test_etag_changes_with_the_query(client):
    a = client.get("/api/regions/35.74/services?page=1&per_page=5").headers["ETag"]
    b = client.get("/api/regions/35.74/services?page=2&per_page=5").headers["ETag"]
    assert a != b


def test_304_for_the_etag_of_a_compressed_response(client):
    first = client.get("/api/regions", headers={"Accept-Encoding": "gzip"})
    assert first.headers["Content-Encoding"] == "gzip"
    etag = first.headers["ETag"]
    assert etag.endswith(':gzip"')
    again = client.get("/api/regions", headers={"Accept-Encoding": "gzip", "If-None-Match": etag})
    assert again.status_code == 304


def test_etag_follows_the_catalogue_revision(client, ctx):
    from backend.catalogue import revision
    from backend.extensions import db

    etag = client.get("/api/categories").headers["ETag"]
    assert client.get("/api/categories", headers={"If-None-Match": etag}).status_code == 304
    old = revision.current(db.session)
    revision.bump(db.session, "test-revision")
    db.session.commit()
    try:
        response = client.get("/api/categories", headers={"If-None-Match": etag})
        assert response.status_code == 200
        assert response.headers["ETag"] != etag
    finally:
        revision.bump(db.session, old)
        db.session.commit()


def test_huge_service_id_is_404_not_500(client):
    assert client.get("/api/services/100000000000000000000").status_code == 404
