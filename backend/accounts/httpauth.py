"""Request-side session plumbing: cookies, CSRF and Origin checks, JWT error shapes.

Only views use this module; services stay free of request state.
"""
from __future__ import annotations

import hmac
from datetime import timedelta

from flask import current_app, request
from flask_jwt_extended import create_access_token

from ..errors import Problem, problem_response
from ..extensions import jwt
from ..i18n import t
from .models import User
from .sessions import IssuedSession, csrf_token_for

REFRESH_COOKIE = "mpp_refresh"
CSRF_COOKIE = "mpp_csrf"
CSRF_HEADER = "X-CSRF-Token"
REFRESH_PATH = "/api/auth"


def _bearer_problem(code: str, key: str):
    return problem_response(401, code, t(key), headers={"WWW-Authenticate": f'Bearer error="{code}"'})


@jwt.expired_token_loader
def _expired(_header, _payload):
    return _bearer_problem("token-expired", "error.token_expired")


@jwt.invalid_token_loader
def _invalid(_reason):
    return _bearer_problem("token-invalid", "error.auth_required")


@jwt.unauthorized_loader
def _missing(_reason):
    return problem_response(401, "unauthorized", t("error.auth_required"), headers={"WWW-Authenticate": "Bearer"})


@jwt.token_verification_failed_loader
def _verification_failed(_header, _payload):
    return _bearer_problem("token-invalid", "error.auth_required")


@jwt.revoked_token_loader
def _revoked(_header, _payload):
    return _bearer_problem("token-invalid", "error.auth_required")


def access_token_for(user: User, family_id: str) -> str:
    """A short-lived token naming the user and its session (`sid`); auth_required checks both."""
    return create_access_token(identity=str(user.id), additional_claims={"role": user.role, "sid": family_id})


def check_origin() -> None:
    """A browser's Origin, when sent, must be one of ours (WEBAUTHN_ORIGINS)."""
    origin = request.headers.get("Origin")
    if origin is not None and origin not in current_app.config["WEBAUTHN_ORIGINS"]:
        raise Problem(403, "origin-denied", "accounts.origin_denied")


def check_csrf() -> None:
    """Double submit: the X-CSRF-Token header must equal the mpp_csrf cookie."""
    check_origin()
    header = request.headers.get(CSRF_HEADER, "")
    cookie = request.cookies.get(CSRF_COOKIE, "")
    if not header or not cookie or not hmac.compare_digest(header.encode(), cookie.encode()):
        raise Problem(403, "csrf-failed", "accounts.csrf_failed")


def check_csrf_binding(family_id: str) -> None:
    """The CSRF value must also be the one minted for this session family."""
    expected = csrf_token_for(current_app.config["SECRET_KEY"], family_id)
    if not hmac.compare_digest(request.headers.get(CSRF_HEADER, "").encode(), expected.encode()):
        raise Problem(403, "csrf-failed", "accounts.csrf_failed")


def session_body(issued: IssuedSession, me: dict) -> dict:
    return {
        "access_token": access_token_for(issued.user, issued.family_id),
        "csrf_token": csrf_token_for(current_app.config["SECRET_KEY"], issued.family_id),
        "user": me,
    }


def set_session_cookies(response, issued: IssuedSession):
    config = current_app.config
    max_age = int(timedelta(days=config["REFRESH_TOKEN_DAYS"]).total_seconds())
    secure = config["COOKIE_SECURE"]
    response.set_cookie(
        REFRESH_COOKIE, issued.refresh_token, max_age=max_age, path=REFRESH_PATH,
        secure=secure, httponly=True, samesite="Strict",
    )
    response.set_cookie(
        CSRF_COOKIE, csrf_token_for(config["SECRET_KEY"], issued.family_id), max_age=max_age, path="/",
        secure=secure, httponly=False, samesite="Strict",
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def clear_session_cookies(response):
    secure = current_app.config["COOKIE_SECURE"]
    response.delete_cookie(REFRESH_COOKIE, path=REFRESH_PATH, secure=secure, httponly=True, samesite="Strict")
    response.delete_cookie(CSRF_COOKIE, path="/", secure=secure, samesite="Strict")
    return response
