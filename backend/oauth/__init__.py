"""OAuth 2.0 core: clients, tokens, codes, consents; the Authlib server and resource protector."""
from __future__ import annotations


def init_app(app) -> None:
    """Bind the shared Authlib server to the app's settings and add the refresh-token grant."""
    from .grants import RefreshTokenGrant
    from .server import init_app as init_server
    from .server import register_grant

    register_grant(RefreshTokenGrant)
    init_server(app)
