"""Serving the PWA shell, the service worker and the manifest, plus security headers."""
from __future__ import annotations

import functools
import hashlib
import mimetypes
import os
import re
from pathlib import Path

from flask import Blueprint, Flask, Response, current_app, request, send_from_directory
from flask.sessions import SecureCookieSessionInterface
from werkzeug.exceptions import NotFound
from werkzeug.security import safe_join

from . import shellbundle, shellversion

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
# What a document (or the service worker, whose CSP governs everything it fetches) needs and what
# means nothing on JSON, a script or a stylesheet: about 920 bytes that went on every response.
DOCUMENT_HEADERS = (
    ("Content-Security-Policy", CSP),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("Permissions-Policy", PERMISSIONS),
    ("X-Frame-Options", "DENY"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
)
# Types a browser renders as a document when opened directly (SVG and XML can run script).
DOCUMENT_TYPES = frozenset({"text/html", "application/xhtml+xml", "image/svg+xml", "application/xml", "text/xml"})
WORKER_ENDPOINT = "web.service_worker"


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


@functools.lru_cache(maxsize=512)
def _content_etag(path: str, mtime_ns: int, size: int) -> str:
    """A digest of the file's bytes (re-read only when its mtime or size changes)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:32]


def _send(directory: Path, filename: str, **kwargs) -> Response:
    """A file with an ETag from its content and no Last-Modified.

    Chromium revalidates the service worker script with If-Modified-Since alone. Against a
    Last-Modified of whole seconds, a new version written within the same second as the old one
    (or a deploy that stamps every file with one fixed time, as reproducible builds do) got a 304,
    and the browser never saw the update. Without Last-Modified only the content decides.
    """
    response = send_from_directory(directory, filename, max_age=0, etag=False, conditional=False, **kwargs)
    path = safe_join(str(directory), filename)
    stat = os.stat(path)
    response.set_etag(_content_etag(path, stat.st_mtime_ns, stat.st_size))
    del response.headers["Last-Modified"]
    response.headers["Cache-Control"] = "no-cache"
    return response.make_conditional(request.environ, accept_ranges=True, complete_length=stat.st_size)


def _send_rendered(data: bytes, mimetype: str) -> Response:
    """Bytes made at serving time, revalidated by their content like _send's files."""
    response = Response(data, mimetype=mimetype)
    response.set_etag(hashlib.sha256(data).hexdigest()[:32])
    response.headers["Cache-Control"] = "no-cache"
    return response.make_conditional(request.environ)


@bp.get("/")
def index():
    """The app shell, its assets' `?v=` set to the shell version."""
    return _send_rendered(shellversion.render_index(_root()), "text/html")


@bp.get("/service-worker.js")
def service_worker():
    """The service worker with VERSION set from the content of every precached file; scope is the whole app."""
    response = _send_rendered(shellversion.render_worker(_root()), "text/javascript")
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@bp.get("/manifest.json")
def manifest():
    """The web app manifest."""
    return _send(_root(), "manifest.json", mimetype="application/manifest+json")


@bp.get("/pwa/<path:filename>")
def asset(filename: str):
    """Static assets; the `v` query (the app version) makes them safe to cache long."""
    rendered = shellbundle.bundled(_root(), f"/pwa/{filename}") if filename.endswith(".js") else None
    response = _send_rendered(rendered, "text/javascript") if rendered is not None else _send(_root() / "pwa", filename)
    if request.args.get("v"):
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
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
    """nosniff on everything; the document policies on documents and on the worker script only."""
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    # A 304 only updates the headers the browser stored with the 200, which keep their policies.
    if response.status_code != 304 and (response.mimetype in DOCUMENT_TYPES or request.endpoint == WORKER_ENDPOINT):
        for name, value in DOCUMENT_HEADERS:
            headers.setdefault(name, value)
    if current_app.config["COOKIE_SECURE"]:
        # Served over HTTPS (secure cookies): browsers must never fall back to plain HTTP, where
        # the refresh cookie would not be sent and a network attacker could serve the app.
        headers.setdefault("Strict-Transport-Security", f"max-age={current_app.config['HSTS_MAX_AGE']}; includeSubDomains")
    if request.path.startswith("/api") and "Cache-Control" not in headers:
        headers["Cache-Control"] = "no-store"
    return response


class LazyCookieSession(SecureCookieSessionInterface):
    """Flask's signed-cookie session, which builds its signer on every request even when the
    request has no session cookie; here only when there is one (the same empty session otherwise)."""

    def open_session(self, app: Flask, request):
        # The raw header, not request.cookies: parsing it is most of the cost (and no header, no cookie).
        if app.secret_key and app.config["SESSION_COOKIE_NAME"] not in request.environ.get("HTTP_COOKIE", ""):
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app: Flask, session, response) -> None:
        if not session and not session.modified and not session.accessed:
            return  # nothing to set, delete or vary on (Flask works out the cookie's options first)
        super().save_session(app, session, response)


def _ensure_sync_once(ensure_sync):
    """Flask asks inspect.iscoroutinefunction about every hook and view on every request (8 times
    for a plain GET here); the answer for a given function never changes."""
    known: dict = {}

    def cached(func):
        try:
            return known[func]
        except KeyError:
            result = ensure_sync(func)
            if len(known) < 4096:
                known[func] = result
            return result
        except TypeError:  # unhashable callable
            return ensure_sync(func)

    return cached


def init_web(app: Flask) -> None:
    app.session_interface = LazyCookieSession()
    app.ensure_sync = _ensure_sync_once(app.ensure_sync)
    app.register_blueprint(bp)
    app.register_error_handler(NotFound, spa_fallback)
    app.before_request(_accept_compressed_etags)
    app.after_request(security_headers)
