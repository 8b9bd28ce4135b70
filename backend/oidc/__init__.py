"""OpenID Connect provider: MPP Digital signs residents in to their region's e-services (docs/oidc.md)."""
from __future__ import annotations


def init_app(app) -> None:
    """Add the code grant (OIDC + PKCE) to the shared OAuth server and the consents to the data export."""
    from .. import oauth
    from ..oauth.server import register_grant, server
    from .claims import SCOPES
    from .grants import PKCE, AuthorizationCodeGrant, OpenIDCode
    from .services import register_account_hooks

    oauth.init_app(app)
    register_grant(AuthorizationCodeGrant, [OpenIDCode(), PKCE()])
    server.scopes_supported = None  # each client's registered scopes decide (grants.only_allowed_scopes)
    register_account_hooks()
    app.config.setdefault("OIDC_SCOPES", list(SCOPES))
