"""The app for bench/auth.py: create_app() plus three bench-only endpoints.

/api/health checks the database now, so it no longer shows what Flask alone costs; the two
token endpoints isolate the check itself, with and without the session, from the profile.
"""
from flask import jsonify
from flask_jwt_extended import get_jwt_identity, verify_jwt_in_request

from backend.accounts.auth import auth_required
from backend.accounts.models import User
from backend.app import create_app
from backend.extensions import db


def create():
    app = create_app()

    @app.get("/bench/constant")
    def constant():
        """A constant body: no token, no database."""
        return jsonify(status="ok")

    @app.get("/bench/token-and-session")
    @auth_required()
    def token_and_session():
        """What every authenticated request pays now: the token, then its live session and user in one query."""
        return jsonify(status="ok")

    @app.get("/bench/token-only")
    def token_only():
        """What it paid before: the token, then the user by id (the check that let a deleted account's token in)."""
        verify_jwt_in_request()
        assert db.session.get(User, int(get_jwt_identity())) is not None
        return jsonify(status="ok")

    return app
