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


@pytest.mark.parametrize("url", ["/", "/layanan/12", "/service-worker.js"])
def test_security_headers_on_documents_and_the_worker(client, url):
    headers = client.get(url, headers={"Accept": "text/html"}).headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "geolocation=()" in headers["Permissions-Policy"]
    assert headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("url", ["/api/regions", "/api/regions/99.99", "/api/health", "/pwa/app.js"])
def test_json_and_scripts_get_nosniff_without_the_document_policies(client, url):
    """Issue 13: the ~920 bytes of CSP and friends mean nothing on JSON or a script; nosniff does."""
    headers = client.get(url).headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    for name in ("Content-Security-Policy", "Permissions-Policy", "X-Frame-Options", "Cross-Origin-Opener-Policy"):
        assert name not in headers, name


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
    assert client.get("/api/health").get_json()["status"] == "ok"  # the checks: tests/test_health.py


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


@pytest.mark.parametrize("url", ["/", "/api/regions", "/api/tidak-ada"])
def test_hsts_only_when_cookies_are_secure(app, client, monkeypatch, url):
    assert "Strict-Transport-Security" not in client.get(url).headers  # plain-HTTP laptop default
    monkeypatch.setitem(app.config, "COOKIE_SECURE", True)
    hsts = client.get(url).headers["Strict-Transport-Security"]
    assert int(hsts.split("max-age=")[1].split(";")[0]) >= 31536000
    assert "includeSubDomains" in hsts


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gunicorn_sends_no_server_banner(tmp_path):
    """Real gunicorn with the project's config file, as `make run` starts it."""
    import http.client
    import os
    import subprocess
    import sys
    import time
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    port = _free_port()
    app_spec = f"backend.app:create_app({{'INSTANCE_PATH': {str(tmp_path)!r}}})"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", str(root / "gunicorn.conf.py"), "--bind", f"127.0.0.1:{port}",
         "--workers", "1", "--log-level", "warning", app_spec],
        cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        deadline = time.time() + 30
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/api/health")
                response = conn.getresponse()
                break
            except OSError:
                assert proc.poll() is None and time.time() < deadline, proc.stderr.read().decode()
                time.sleep(0.2)
        assert response.status == 200
        assert b'"status"' in response.read()
        names = [name.lower() for name, _ in response.getheaders()]
        assert "server" not in names
        assert "date" in names and "x-content-type-options" in names
        conn.request("GET", "/pwa/tidak-ada.js")
        missing = conn.getresponse()
        missing.read()
        assert missing.status == 404 and missing.getheader("Server") is None
        conn.close()
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def _make_run(*args: str) -> str:
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    out = subprocess.run(["make", "-n", "-s", "run", *args], cwd=root, capture_output=True, text=True, check=True)
    return next(line for line in out.stdout.splitlines() if "gunicorn" in line)


def test_make_run_binds_to_localhost_unless_host_says_otherwise():
    assert "--bind 127.0.0.1:8000 " in _make_run()
    assert "--bind 127.0.0.1:8101 " in _make_run("PORT=8101")
    assert "--bind 0.0.0.0:8000 " in _make_run("HOST=0.0.0.0")
    assert "-c gunicorn.conf.py" in _make_run()


def test_make_run_passes_port_to_the_app():
    """The app derives its allowed origins from PORT, so gunicorn must see the same PORT."""
    assert "PORT=8101 " in _make_run("PORT=8101")


def test_allowed_origins_follow_port_unless_set(monkeypatch, tmp_path):
    from backend.config import load_config

    monkeypatch.delenv("WEBAUTHN_ORIGINS", raising=False)
    monkeypatch.delenv("PORT", raising=False)
    assert load_config(tmp_path)["WEBAUTHN_ORIGINS"] == ["http://localhost:8000", "http://127.0.0.1:8000"]
    monkeypatch.setenv("PORT", "8101")
    assert load_config(tmp_path)["WEBAUTHN_ORIGINS"] == ["http://localhost:8101", "http://127.0.0.1:8101"]
    monkeypatch.setenv("WEBAUTHN_ORIGINS", "https://mpp.probolinggokota.go.id, https://mpp.example.id")
    assert load_config(tmp_path)["WEBAUTHN_ORIGINS"] == ["https://mpp.probolinggokota.go.id", "https://mpp.example.id"]


def test_sign_in_from_the_browser_works_on_another_port(monkeypatch, test_config, make_user):
    """`make run PORT=8101`: a sign-in from http://localhost:8101 is accepted, a foreign origin is not."""
    from backend.app import create_app
    from backend.extensions import db
    from tests.conftest import DEMO_PASSWORD

    monkeypatch.delenv("WEBAUTHN_ORIGINS", raising=False)
    monkeypatch.setenv("PORT", "8101")
    app = create_app({**test_config})
    resident = make_user()
    client = app.test_client()
    body = {"identifier": resident.nik, "password": DEMO_PASSWORD}
    try:
        for origin in ("http://localhost:8101", "http://127.0.0.1:8101"):
            assert client.post("/api/auth/login", json=body, headers={"Origin": origin}).status_code == 200
        assert client.post("/api/auth/login", json=body, headers={"Origin": "http://localhost:8000"}).status_code == 403
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
