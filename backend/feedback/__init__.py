"""The satisfaction survey (SKM) with its IKM report, and complaints (pengaduan)."""
from __future__ import annotations


def init_app(app) -> None:
    """Survey and complaint tables, messages, routes and the export's parts."""
    from .. import i18n
    from ..extensions import api
    from ..wiring import registry
    from . import export, messages, models, routes  # noqa: F401 - models declares the tables

    i18n.register(messages.MESSAGES)
    for blp in routes.BLUEPRINTS:
        api.register_blueprint(blp)
    export.register(registry(app))
