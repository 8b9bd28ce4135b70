"""The OAuth 2.0 token and revocation endpoints (RFC 6749 3.2, RFC 7009), shared by every client kind."""
from __future__ import annotations

from ..api import Blueprint
from ..extensions import db
from .server import server

blp = Blueprint("oauth", __name__, url_prefix="/oauth", description="OAuth 2.0 token endpoints (form-encoded, RFC 6749)")


def _finish(response):
    """Keep what a successful call wrote; drop everything else (a failed rotation, a half-made token)."""
    if response.status_code < 400:
        db.session.commit()
    else:
        db.session.rollback()
    return response


@blp.route("/token", methods=["POST"])
@blp.doc(security=[])
def token():
    """Token endpoint: form-encoded grant request, client authenticated; JSON errors per RFC 6749 5.2."""
    return _finish(server.create_token_response())


@blp.route("/revoke", methods=["POST"])
@blp.doc(security=[])
def revoke():
    """Revoke an access or refresh token of the calling client (RFC 7009)."""
    return _finish(server.create_endpoint_response("revocation"))
