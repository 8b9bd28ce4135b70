"""Consultation (tanya petugas): a resident asks an agency's officers at their MPP about a service
before applying; the answer is due in working days, and an answered question the resident allows
to be public becomes a frequently asked question under the service, without personal data."""
from __future__ import annotations


def init_app(app) -> None:
    """The question table, messages, routes and the export's part."""
    from .. import i18n
    from ..extensions import api
    from ..wiring import registry
    from . import export, messages, models, routes  # noqa: F401 - models declares the table

    i18n.register(messages.MESSAGES)
    for blp in routes.BLUEPRINTS:
        api.register_blueprint(blp)
    export.register(registry(app))
