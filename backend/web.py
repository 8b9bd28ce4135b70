"""Serving the PWA shell, the service worker and the manifest, plus security headers."""
from __future__ import annotations

import mimetypes
import re
from pathlib import Path

from flask import Blueprint, Flask, current_app, request, send_from_directory
from werkzeug.exceptions import NotFound

bp = Blueprint("web", __name__)

mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("application/manifest+json", ".webmanifest")
mimetypes.add_type("image/webp", ".webp")

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "connect-src 'self'",
        "font-src 'self'",
        "manifest-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)
PERMISSIONS = "camera=(self), geolocation=(), microphone=(), payment=(), usb=(), interest-cohort=()"


def _root() -> Path:
    return Path(current_app.config["PWA_ROOT"])


def _accept_compressed_etags() -> None:
    """Flask-Compress sends ETag "x:br"; every view compares with "x", so revalidation never hit.

    Strip the suffix from If-None-Match once, before any view reads it, so static files, the
    catalogue and the service worker's precache (fetched with cache "no-cache") all get 304s.
    """
    value = request.environ.get("HTTP_IF_NONE_MATCH")
    if value:
        request.environ["HTTP_IF_NONE_MATCH"] = re.sub(r':(br|gzip|deflate|zstd)"', '"', value)


@bp.get("/")
def index():
    """The app shell."""
    response = send_from_directory(_root() / "pwa", "index.html", max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/service-worker.js")
def service_worker():
    """The service worker, served from the root so its scope is the whole app."""
    response = send_from_directory(_root(), "service-worker.js", max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@bp.get("/manifest.json")
def manifest():
    """The web app manifest."""
    response = send_from_directory(_root(), "manifest.json", mimetype="application/manifest+json", max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/pwa/<path:filename>")
def asset(filename: str):
    """Static assets; the `v` query (the app version) makes them safe to cache long."""
    response = send_from_directory(_root() / "pwa", filename, max_age=0)
    if request.args.get("v"):
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    else:
        response.headers["Cache-Control"] = "no-cache"
    return response


def spa_fallback(error: NotFound):
    """Deep links such as /layanan/12 load the app shell; /api and files stay 404."""
    path = request.path
    if request.method == "GET" and not path.startswith(("/api", "/pwa/")) and "." not in path.rsplit("/", 1)[-1]:
        if "text/html" in request.headers.get("Accept", ""):
            return index()
    from .errors import handle_http_exception

    return handle_http_exception(error)


def security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("Permissions-Policy", PERMISSIONS)
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if request.path.startswith("/api") and "Cache-Control" not in headers:
        headers["Cache-Control"] = "no-store"
    return response


def init_web(app: Flask) -> None:
    app.register_blueprint(bp)
    app.register_error_handler(NotFound, spa_fallback)
    app.before_request(_accept_compressed_etags)
    app.after_request(security_headers)
