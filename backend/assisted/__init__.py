"""Assisted filing (issue 17 part 1): a counter officer files an application for a walk-in resident,
with the resident's consent (a one-time code on their phone, or a KTP check in person)."""
from __future__ import annotations


def init_app(app) -> None:
    """Consent and filing tables, messages, the counter officer's routes and the export's part."""
    from .. import i18n
    from ..extensions import api
    from ..wiring import registry
    from . import export, messages, models, routes  # noqa: F401 - models declares the tables

    i18n.register(messages.MESSAGES)
    for blp in routes.BLUEPRINTS:
        api.register_blueprint(blp)
    export.register(registry(app))
