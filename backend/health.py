"""/api/health: is this process able to serve, and which dependency is degraded.

Load balancers poll it, and the benchmarks use it as their constant-body baseline, so each
check's answer is kept for HEALTH_CACHE_SECONDS per process instead of asked every time.
"""
from __future__ import annotations

import logging
import time

from flask import Flask
from sqlalchemy import text

from .extensions import db, limiter

log = logging.getLogger(__name__)
HEALTH_CACHE_SECONDS = 2.0


def _cached(app: Flask, name: str, probe) -> str:
    cache: dict[str, tuple[float, str]] = app.extensions.setdefault("health_cache", {})
    now = time.monotonic()
    hit = cache.get(name)
    if hit is None or now - hit[0] > HEALTH_CACHE_SECONDS:
        try:
            state = probe()
        except Exception:  # a failing probe is the answer "down"
            log.warning("health check: %s is down", name, exc_info=True)
            state = "down"
        hit = cache[name] = (now, state)
    return hit[1]


def _database() -> str:
    with db.engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    return "ok"


def _ratelimit(app: Flask) -> str:
    if not app.config.get("RATELIMIT_ENABLED"):
        return "off"
    return "ok" if limiter.storage_up() else "down"


def _document_storage(app: Flask) -> str:
    """The object store of the vault (DOCUMENT_STORAGE=s3 only; a local folder is not a dependency to poll)."""
    from .documents.storage import storage_for

    storage_for(app.config).check()
    return "ok"


def report(app: Flask) -> tuple[dict, int]:
    """(body, status): 503 only when the database is down; a degraded host still serves (200)."""
    checks = {"database": _cached(app, "database", _database), "ratelimit": _cached(app, "ratelimit", lambda: _ratelimit(app))}
    if app.config.get("DOCUMENT_STORAGE") == "s3":
        checks["documents"] = _cached(app, "documents", lambda: _document_storage(app))
    if checks["database"] != "ok":
        return {"status": "down", "checks": checks}, 503
    status = "degraded" if "down" in checks.values() else "ok"
    return {"status": status, "checks": checks}, 200
