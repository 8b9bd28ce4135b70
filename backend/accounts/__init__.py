"""Accounts: residents, officers and admins; sign-in, sessions, passkeys, the profile."""
from __future__ import annotations


def init_app(app) -> None:
    """Tables, messages, sign-in and me routes, `flask users`, the account columns of the export, demo accounts."""
    from .. import i18n
    from ..extensions import api
    from ..wiring import registry
    from . import cli, demo, messages, models, routes, services, tokens_models  # noqa: F401 - models declare the tables

    i18n.register(messages.MESSAGES)
    i18n.register(messages.RECOVERY_MESSAGES)
    for blp in routes.BLUEPRINTS:
        api.register_blueprint(blp)
    cli.init_app(app)
    registry(app).columns(services.EXPORTED_COLUMNS, services.NOT_PERSONAL)
    registry(app).demo_data("accounts", demo.load)
