"""Kinerja MPP API: public, cacheable, no personal data. JSON and CSV of the same numbers."""
from __future__ import annotations

import hashlib
import json
import threading
import time

from flask import Response, request

from ..api import Blueprint
from ..extensions import db
from . import services
from .schemas import ReportArgs, ReportOut

blp = Blueprint("performance", __name__, url_prefix="/api", description="Public performance report of an MPP (Kinerja MPP)")

# The numbers are recomputed at most every FRESH_SECONDS per region and year, in each process.
FRESH_SECONDS = 300
_computed: dict[tuple[str, int | None], tuple[float, dict]] = {}
_lock = threading.Lock()


def _report(code: str, year: int | None) -> dict:
    key = (code, year)
    now = time.monotonic()
    with _lock:
        hit = _computed.get(key)
    if hit and now - hit[0] < FRESH_SECONDS:
        return hit[1]
    data = services.report(db.session, code, year)
    with _lock:
        if len(_computed) > 256:
            _computed.clear()
        _computed[key] = (now, data)
    return data


def _conditional(body: bytes, mimetype: str, **headers) -> Response:
    response = Response(body, mimetype=mimetype, headers=headers)
    response.set_etag(hashlib.sha256(body).hexdigest()[:32])
    response.cache_control.public = True
    response.cache_control.max_age = 60
    return response.make_conditional(request)


@blp.get("/regions/<code>/performance")
@blp.arguments(ReportArgs, location="query")
@blp.response(200, ReportOut)
def performance(args, code: str):
    """Kinerja MPP: per agency and month, applications, IKM, complaints and the queue (public)."""
    data = _report(code, args.get("year"))
    body = json.dumps(ReportOut().dump(data), ensure_ascii=False, separators=(",", ":")).encode()
    return _conditional(body, "application/json")


@blp.get("/regions/<code>/performance.csv")
@blp.arguments(ReportArgs, location="query")
@blp.response(200, description="The same numbers as CSV, one row per agency and period",
              content_type="text/csv")
def performance_csv(args, code: str):
    """Kinerja MPP as CSV (UTF-8; suppressed cells read "< 5")."""
    data = _report(code, args.get("year"))
    prefix = code.replace(".", "-")
    return _conditional(services.report_csv(data).encode(), "text/csv",
                        **{"Content-Disposition": f'attachment; filename="kinerja-mpp-{prefix}-{data["year"]}.csv"'})
