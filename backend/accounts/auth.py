"""Request guards: who is calling, and may they. Views use these; services never do.

The one seam every domain shares with accounts (docs/architecture.md): routes of any domain use
auth_required and current_user; their services get the user as an argument.
"""
from __future__ import annotations

import functools

from flask import g
from flask_jwt_extended import get_jwt, verify_jwt_in_request

from ..errors import Problem
from ..extensions import db
from ..timeutil import utcnow
from . import sessions
from .models import User


def auth_required(*roles: str):
    """Require a valid access token (Authorization: Bearer) and, if given, one of the roles."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            verify_jwt_in_request()
            claims = get_jwt()
            # The token names a session, not just an id: a revoked or expired session, a deleted
            # account, or another account that got the same id never gets in.
            user = sessions.user_of_live_session(db.session, claims.get("sub"), claims.get("sid"), now=utcnow())
            if user is None:
                raise Problem(401, "token-invalid", "error.auth_required", headers={"WWW-Authenticate": 'Bearer error="token-invalid"'})
            if roles and user.role not in roles:
                raise Problem(403, "forbidden", "error.forbidden")
            g.current_user = user
            g.session_family_id = claims["sid"]
            return view(*args, **kwargs)

        # Place it right under the route decorator: an anonymous caller gets 401, not a
        # validation error for a body it had no right to send (tests/test_auth_first.py).
        wrapper.auth_roles = roles
        # what the OpenAPI document says of it (backend/api.py answers_of): the bearer scheme, 401
        # for a missing or dead token, 403 when roles are checked
        wrapper.openapi_auth = {"security": [{"bearerAuth": []}], "statuses": (401, 403) if roles else (401,)}
        return wrapper

    return decorator


def current_user() -> User:
    return g.current_user


def current_family_id() -> str:
    """The caller's own session (refresh family), e.g. to keep it when revoking the others."""
    return g.session_family_id
