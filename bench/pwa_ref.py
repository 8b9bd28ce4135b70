"""The real app plus a static reference page for bench/pwa.py, served by the same server with the same
compression: /bench-ref/ is an HTML page with a jQuery-sized script (jQuery itself when bench/node_modules
has it, ~87 KB raw) and a 25 KB stylesheet, all cached like the app's versioned assets.

gunicorn: "bench.pwa_ref:app()".
"""
from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

from flask import Blueprint, Response, abort

from backend.app import create_app

HERE = Path(__file__).resolve().parent
JQUERY = HERE / "node_modules" / "jquery" / "dist" / "jquery.min.js"

PAGE = """<!doctype html>
<html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Referensi statis</title><link rel="stylesheet" href="/bench-ref/ref.css?v=1">
<script src="/bench-ref/jquery.js?v=1" defer></script><script src="/bench-ref/ref.js?v=1" defer></script>
</head><body><header class="top"><h1>Referensi</h1></header><main id="main"><p>Memuat…</p></main></body></html>
"""
MAIN = '$(function () { $("<ul class=\\"cards\\">").append($("<li class=\\"service\\">").text("Siap")).appendTo("#main"); });\n'


def _stylesheet(size: int = 25 * 1024) -> str:
    """Plausible rules (varied names and values, so it compresses like a real stylesheet)."""
    rules, n = [], 0
    while sum(map(len, rules)) < size:
        digest = hashlib.sha256(str(n).encode()).hexdigest()
        rules.append(f".c-{digest[:6]} .e-{digest[6:10]}:hover{{margin:{int(digest[10:12], 16) % 24}px "
                     f"{int(digest[12:14], 16) % 16}px;color:#{digest[14:20]};border:1px solid #{digest[20:26]};"
                     f"font-size:{12 + int(digest[26:28], 16) % 10}px}}\n")
        n += 1
    return "".join(rules)[:size]


def _script() -> str:
    if JQUERY.exists():
        return JQUERY.read_text(encoding="utf-8")
    raise SystemExit("bench/node_modules/jquery is missing: cd bench && npm ci")


def _origins_of_this_server() -> None:
    """Sign-in checks the browser's Origin: allow this server's own port (taken from gunicorn's --bind)."""
    if "--bind" in sys.argv and not os.environ.get("WEBAUTHN_ORIGINS"):
        port = sys.argv[sys.argv.index("--bind") + 1].rsplit(":", 1)[-1]
        os.environ["WEBAUTHN_ORIGINS"] = f"http://localhost:{port},http://127.0.0.1:{port}"


def app():
    _origins_of_this_server()
    application = create_app()
    files = {"ref.css": (_stylesheet(), "text/css"), "jquery.js": (_script(), "text/javascript"),
             "ref.js": (MAIN, "text/javascript"), "": (PAGE, "text/html")}
    bp = Blueprint("bench_ref", __name__)

    @bp.get("/bench-ref/", defaults={"name": ""})
    @bp.get("/bench-ref/<name>")
    def static_file(name):
        """The static reference page and its two assets."""
        if name not in files:
            abort(404)
        body, mimetype = files[name]
        response = Response(body, mimetype=mimetype)
        response.set_etag(hashlib.sha256(body.encode()).hexdigest()[:32])
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable" if name else "no-cache"
        return response

    application.register_blueprint(bp)
    return application
