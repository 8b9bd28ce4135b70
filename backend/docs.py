"""Browsable API docs at /api/docs, rendered from /api/openapi.json by a small local page."""
from flask import Flask, send_from_directory

from .config import ROOT


def init_app(app: Flask) -> None:
    @app.get("/api/docs")
    def api_docs():
        """Human-readable API reference."""
        response = send_from_directory(ROOT / "backend" / "static", "apidocs.html", max_age=0)
        response.headers["Cache-Control"] = "no-cache"
        return response

    @app.get("/api/docs/apidocs.js")
    def api_docs_js():
        """Script of the API reference page."""
        return send_from_directory(ROOT / "backend" / "static", "apidocs.js", max_age=0)
