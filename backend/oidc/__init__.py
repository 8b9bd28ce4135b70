"""OpenID Connect provider: MPP Digital signs residents in to their region's e-services (docs/oidc.md)."""
from __future__ import annotations


def init_app(app) -> None:
    """Tables, messages, routes, `flask oidc`; the code grant (OIDC + PKCE) on the shared OAuth server (after oauth);
    the consents in the data export."""
    from .. import i18n
    from ..extensions import api
    from ..oauth.server import register_grant, server
    from ..wiring import registry
    from . import cli, messages, models, routes, services  # noqa: F401 - models declares the tables
    from .claims import SCOPES
    from .grants import PKCE, AuthorizationCodeGrant, OpenIDCode

    i18n.register(messages.MESSAGES)
    register_grant(AuthorizationCodeGrant, [OpenIDCode(), PKCE()])
    server.scopes_supported = None  # each client's registered scopes decide (grants.only_allowed_scopes)
    app.config.setdefault("OIDC_SCOPES", list(SCOPES))
    for blp in routes.BLUEPRINTS:
        api.register_blueprint(blp)
    cli.init_app(app)
    services.register(registry(app))
