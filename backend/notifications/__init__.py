"""Notifications: the in-app inbox and web push delivery (an outbox)."""
from __future__ import annotations


def init_app(app) -> None:
    """Inbox and push tables, messages, routes, `flask notifications` (the worker) and the export's part."""
    from .. import i18n
    from ..extensions import api
    from ..wiring import registry
    from . import cli, export, messages, models, routes  # noqa: F401 - models declares the tables

    i18n.register(messages.MESSAGES)
    api.register_blueprint(routes.blp)
    cli.init_app(app)
    export.register(registry(app))
