"""Lists that grow with the data count only up to COUNT_CAP and still page to the end."""
from __future__ import annotations

import pytest

from backend import pagination

from .test_statement_counts import fill


@pytest.fixture
def small_cap(monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CAP", 5)


@pytest.mark.parametrize(("who", "path"), [("officer", "/api/officer/applications"), ("resident", "/api/applications")])
def test_capped_count_pages_through_every_row(app, client, make_user, auth_headers, small_cap, who, path):
    resident = make_user("resident")
    headers = auth_headers(make_user("officer") if who == "officer" else resident)
    fill(app, resident, 12)
    seen, page = [], 1
    while True:
        body = client.get(f"{path}?per_page=4&page={page}", headers=headers).get_json()
        seen.extend(item["id"] for item in body["items"])
        assert body["total"] == 5 and body["total_capped"] is True
        assert body["more"] == (page < 3) and (body["page"] < body["pages"]) == body["more"]
        if not body["more"]:
            break
        page += 1
    assert len(seen) == len(set(seen)) == 12


def test_count_is_exact_under_the_cap(app, client, make_user, auth_headers):
    resident = make_user("resident")
    fill(app, resident, 7)
    body = client.get("/api/applications?per_page=5", headers=auth_headers(resident)).get_json()
    assert (body["total"], body["pages"], body["more"], body["total_capped"]) == (7, 2, True, False)
    last = client.get("/api/applications?per_page=5&page=2", headers=auth_headers(resident)).get_json()
    assert (len(last["items"]), last["more"]) == (2, False)
