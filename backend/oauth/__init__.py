"""OAuth 2.0 core: clients, tokens, codes, consents; the Authlib server and resource protector."""
from __future__ import annotations


def init_app(app) -> None:
    """Tables, messages, the token endpoints; bind the shared Authlib server to the app and add the refresh grant.

    Before integrations and oidc, which add their grants to this server.
    """
    from .. import i18n
    from ..extensions import api
    from . import messages, models, routes  # noqa: F401 - models declares the tables
    from .grants import RefreshTokenGrant
    from .server import init_app as init_server
    from .server import register_grant

    i18n.register(messages.MESSAGES)
    register_grant(RefreshTokenGrant)
    init_server(app)
    api.register_blueprint(routes.blp)
