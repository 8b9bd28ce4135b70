"""Agency systems: webhooks from a transactional outbox, the agency API, and the open service-standards export."""
from __future__ import annotations


def init_app(app) -> None:
    """Tables, messages, the client-credentials grant, routes, `flask integrations` and the webhook job (after oauth)."""
    from .. import i18n
    from ..extensions import api
    from ..wiring import registry
    from . import cli, messages, models, routes  # noqa: F401 - models declares the tables
    from .oauth import init_app as init_grant

    i18n.register(messages.MESSAGES)
    init_grant(app)
    for blp in routes.BLUEPRINTS:
        api.register_blueprint(blp)
    routes.document_security(api)
    cli.init_app(app)
    registry(app).columns({}, {"integration.actor_user_id": (
        "the account an agency system acts as (role system, named '<system> (<agency>)'), not a resident; what it "
        "read of a resident is in that resident's access_log")})
