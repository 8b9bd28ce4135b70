"""The catalogue cache serves br and gzip bytes it made once, with the right Content-Encoding,
Vary and ETag, and answers a revalidation with 304 (issue 13: it compressed again per request)."""
from __future__ import annotations

import gzip
import json

import brotli
import pytest

from backend import caching

BROWSER = "gzip, deflate, br, zstd"


def _decode(response) -> dict:
    coding = response.headers.get("Content-Encoding")
    data = {"br": brotli.decompress, "gzip": gzip.decompress, None: lambda b: b}[coding](response.data)
    return json.loads(data)


@pytest.fixture
def urls(client):
    service = client.get("/api/regions/35.74/services?per_page=1").get_json()["items"][0]["id"]
    return ["/api/regions", "/api/regions/35.74/services?per_page=50", f"/api/services/{service}"]


def test_br_gzip_and_identity_carry_the_same_json(client, urls):
    for url in urls:
        plain = client.get(url)
        br = client.get(url, headers={"Accept-Encoding": BROWSER})
        gz = client.get(url, headers={"Accept-Encoding": "gzip"})
        assert "Content-Encoding" not in plain.headers
        assert br.headers["Content-Encoding"] == "br" and gz.headers["Content-Encoding"] == "gzip"
        assert _decode(br) == _decode(gz) == plain.get_json(), url
        assert len(br.data) < len(plain.data) and int(br.headers["Content-Length"]) == len(br.data)
        for response in (plain, br, gz):
            assert response.headers["Vary"] == "Accept-Encoding"
            assert response.headers["Cache-Control"].startswith("public, max-age=")
            assert response.mimetype == "application/json"
        # one validator per representation, all from the same revision and URL
        assert br.headers["ETag"] == plain.headers["ETag"][:-1] + ':br"'
        assert gz.headers["ETag"] == plain.headers["ETag"][:-1] + ':gzip"'


def test_each_body_is_compressed_once_per_process(client, monkeypatch):
    calls = []
    real = caching.compress
    monkeypatch.setattr(caching, "compress", lambda body, coding: calls.append(coding) or real(body, coding))
    url = "/api/regions/35.74/services?per_page=7&page=2"  # a URL no other test asks for
    bodies = {client.get(url, headers={"Accept-Encoding": BROWSER}).data for _ in range(5)}
    client.get(url, headers={"Accept-Encoding": "gzip"})
    client.get(url, headers={"Accept-Encoding": "gzip"})
    assert len(bodies) == 1 and calls == ["br", "gzip"]


@pytest.mark.parametrize(("accept", "coding"), [
    ("br;q=0, gzip", "gzip"), ("gzip;q=0.5, br;q=0.9", "br"), ("gzip;q=0", None), ("identity", None),
    ("deflate", None), ("*", "br"),
])
def test_the_coding_follows_accept_encoding(client, accept, coding):
    response = client.get("/api/regions", headers={"Accept-Encoding": accept})
    assert response.headers.get("Content-Encoding") == coding
    assert _decode(response)["items"]


def test_revalidation_with_any_variants_etag_is_a_304(client, urls):
    for url in urls:
        for accept in (BROWSER, "gzip", None):
            headers = {"Accept-Encoding": accept} if accept else {}
            first = client.get(url, headers=headers)
            again = client.get(url, headers={**headers, "If-None-Match": first.headers["ETag"]})
            assert again.status_code == 304, (url, accept)
            assert again.data == b""
            assert again.headers["ETag"] == first.headers["ETag"]
            assert again.headers["Vary"] == "Accept-Encoding"
            assert "Content-Security-Policy" not in again.headers
        stale = client.get(url, headers={"Accept-Encoding": BROWSER, "If-None-Match": '"0123456789abcdef:br"'})
        assert stale.status_code == 200 and _decode(stale)


def test_a_small_body_is_not_compressed(client):
    response = client.get("/api/regions/35.74/services?q=zzzzzz", headers={"Accept-Encoding": BROWSER})
    assert response.status_code == 200 and response.get_json()["items"] == []
    assert "Content-Encoding" not in response.headers and not response.headers["ETag"].endswith(':br"')
