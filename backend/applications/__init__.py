"""Applications (permohonan): submitted exactly once, validated against their form version, tracked to completion."""
from __future__ import annotations


def init_app(app) -> None:
    """Tables, messages, the residents' and officers' routes, and the export's part."""
    from .. import i18n
    from ..extensions import api
    from ..wiring import registry
    from . import messages, models, routes, services  # noqa: F401 - models declares the tables

    i18n.register(messages.MESSAGES)
    for blp in routes.BLUEPRINTS:
        api.register_blueprint(blp)
    registry(app).export(services.export_applications, {"application.user_id": "applications"}, {
        "application_event.actor_id": (
            "who moved an application along: the owner's own steps are in their applications' history; "
            "an officer's are a work record on a resident's application")})
