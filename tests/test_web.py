"""Serving the app shell and assets; security headers; compression; error shape."""
import gzip

import pytest


def test_index_serves_the_app_shell(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert b"MPP Digital" in response.data
    assert response.headers["Cache-Control"] == "no-cache"


def test_deep_link_serves_the_shell_but_api_stays_404(client):
    assert client.get("/layanan/12", headers={"Accept": "text/html"}).status_code == 200
    api = client.get("/api/tidak-ada", headers={"Accept": "text/html"})
    assert api.status_code == 404
    assert api.mimetype == "application/problem+json"


def test_service_worker_and_manifest_headers(client):
    sw = client.get("/service-worker.js")
    assert sw.status_code == 200
    assert sw.headers["Cache-Control"] == "no-cache"
    assert sw.mimetype == "text/javascript"
    manifest = client.get("/manifest.json")
    assert manifest.status_code == 200
    assert manifest.mimetype == "application/manifest+json"


def test_versioned_assets_are_cached_long(client, app):
    from pathlib import Path

    asset = next(p.name for p in (Path(app.config["PWA_ROOT"]) / "pwa").iterdir() if p.suffix in {".js", ".css"})
    versioned = client.get(f"/pwa/{asset}?v=1")
    assert "immutable" in versioned.headers["Cache-Control"]
    plain = client.get(f"/pwa/{asset}")
    assert plain.headers["Cache-Control"] == "no-cache"


@pytest.mark.parametrize("url", ["/", "/api/regions", "/api/regions/99.99", "/service-worker.js"])
def test_security_headers_on_every_response(client, url):
    headers = client.get(url).headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "geolocation=()" in headers["Permissions-Policy"]


def test_json_is_compressed_when_asked(client):
    response = client.get("/api/regions", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert b'"35.74"' in gzip.decompress(response.data)


def test_wrong_method_is_problem_405(client):
    response = client.post("/api/regions")
    assert response.status_code == 405
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["detail"] == "Metode ini tidak diizinkan untuk alamat tersebut."
    assert "GET" in response.headers["Allow"]


def test_openapi_document_and_docs_page(client):
    spec = client.get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert "/api/regions/{code}/services" in spec["paths"]
    get_op = spec["paths"]["/api/regions"]["get"]
    assert get_op["summary"]
    docs = client.get("/api/docs")
    assert docs.status_code == 200 and b"openapi.json" in docs.data


def test_health(client):
    assert client.get("/api/health").get_json() == {"status": "ok"}


def test_huge_body_is_413_problem(client, app):
    big = b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post("/api/regions", data=big, content_type="application/json")
    assert response.status_code in (405, 413)
    assert response.mimetype == "application/problem+json"


def test_a_new_service_worker_is_never_hidden_behind_a_304(app, client, tmp_path):
    """Chromium revalidates the worker script with If-Modified-Since alone: a new version written
    in the same second as the old one (or with the old mtime) must still come through."""
    import os
    import shutil
    from email.utils import formatdate

    source = app.config["PWA_ROOT"]
    shutil.copy(f"{source}/service-worker.js", tmp_path)
    app.config["PWA_ROOT"] = str(tmp_path)
    try:
        script = tmp_path / "service-worker.js"
        first = client.get("/service-worker.js")
        assert first.status_code == 200 and "Last-Modified" not in first.headers
        etag = first.headers["ETag"]
        assert client.get("/service-worker.js", headers={"If-None-Match": etag}).status_code == 304

        stat = script.stat()
        script.write_text(script.read_text() + "// 9.9.9\n")
        os.utime(script, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same mtime, new content
        since = formatdate(stat.st_mtime + 3600, usegmt=True)
        for headers in ({"If-Modified-Since": since}, {"If-None-Match": etag}, {"If-None-Match": etag, "If-Modified-Since": since}):
            response = client.get("/service-worker.js", headers=headers)
            assert response.status_code == 200, headers
            assert response.data.endswith(b"// 9.9.9\n")
            assert response.headers["ETag"] != etag
    finally:
        app.config["PWA_ROOT"] = source


def test_assets_revalidate_by_content(client):
    first = client.get("/pwa/app.js", headers={"Accept-Encoding": "br"})
    assert first.status_code == 200 and "Last-Modified" not in first.headers
    again = client.get("/pwa/app.js", headers={"Accept-Encoding": "br", "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert client.get("/", headers={"If-None-Match": client.get("/").headers["ETag"]}).status_code == 304
