"""Request guards: who is calling, and may they. Views use these; services never do."""
from __future__ import annotations

import functools

from flask import g
from flask_jwt_extended import get_jwt_identity, verify_jwt_in_request

from ..errors import Problem
from ..extensions import db
from .models import User


def auth_required(*roles: str):
    """Require a valid access token (Authorization: Bearer) and, if given, one of the roles."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            verify_jwt_in_request()
            identity = get_jwt_identity()
            user = db.session.get(User, int(identity)) if str(identity).isdigit() else None
            if user is None:
                raise Problem(401, "unauthorized", "error.auth_required")
            if roles and user.role not in roles:
                raise Problem(403, "forbidden", "error.forbidden")
            g.current_user = user
            return view(*args, **kwargs)

        # Place it right under the route decorator: an anonymous caller gets 401, not a
        # validation error for a body it had no right to send (tests/test_auth_first.py).
        wrapper.auth_roles = roles
        return wrapper

    return decorator


def current_user() -> User:
    return g.current_user
