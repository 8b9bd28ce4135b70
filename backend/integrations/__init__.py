"""Agency systems: webhooks from a transactional outbox, the agency API, and the open service-standards export."""
from __future__ import annotations


def init_app(app) -> None:
    """Register the domain's blueprints, CLI and the webhook job (for a create_app that calls domains' init_app)."""
    from ..extensions import api
    from . import cli, models, routes  # noqa: F401 - models registers the tables

    for blp in routes.BLUEPRINTS:
        api.register_blueprint(blp)
    cli.init_app(app)
