"""The service catalogue: MPP regions, agencies, services and their published standards."""
from __future__ import annotations


def init_app(app) -> None:
    """Tables, the public catalogue API and the demo data (the regions, agencies and services)."""
    from ..extensions import api
    from ..wiring import registry
    from . import demo, models, routes  # noqa: F401 - models declares the tables

    api.register_blueprint(routes.blp)
    registry(app).demo_data("catalogue", demo.load)
