"""The public performance report of an MPP ("Kinerja MPP"): per agency and month, read-only.

It reads the applications, feedback and booking tables with SQL aggregates (reporting is the one
domain that reads other domains' tables directly; it never writes them) and publishes no personal
data: counts, medians and the IKM, with cells of fewer than five respondents suppressed.
"""
from __future__ import annotations


def init_app(app) -> None:
    """The public report's routes (no tables of its own)."""
    from ..extensions import api
    from . import routes

    api.register_blueprint(routes.blp)
