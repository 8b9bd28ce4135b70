"""Auth API: registration, password and passkey sign-in, refresh rotation, logout."""
from __future__ import annotations

from flask import after_this_request, current_app, request
from flask_limiter.util import get_remote_address

from ..api import Blueprint
from ..errors import Problem
from ..extensions import db, limiter
from ..i18n import t
from ..timeutil import utcnow
from . import emailconfirm, limits, me_routes, passkeys, recovery_routes, services, session_routes, sessions
from .auth import auth_required, current_user
from .httpauth import (
    REFRESH_COOKIE,
    check_csrf,
    check_csrf_binding,
    check_origin,
    clear_session_cookies,
    session_body,
    set_session_cookies,
)
from .schemas import ChallengeOut, CredentialIn, LoginIn, PasskeyOut, PasskeyRegisterIn, RegisterIn, RegisterOut, SessionOut

blp = Blueprint("auth", __name__, url_prefix="/api/auth", description="Sign-in, sessions and passkeys")
BLUEPRINTS = [blp, me_routes.blp, session_routes.blp, recovery_routes.blp]


def _settings() -> passkeys.WebAuthnSettings:
    return passkeys.WebAuthnSettings.from_config(current_app.config)


def _start(user) -> dict:
    """A new session family: cookies on the response, tokens in the body."""
    issued = sessions.start_session(db.session, user, now=utcnow(), days=current_app.config["REFRESH_TOKEN_DAYS"])
    db.session.commit()
    after_this_request(lambda response: limits.remember_device(set_session_cookies(response, issued), user.id))
    return session_body(issued, services.me_data(db.session, user))


@blp.post("/register")
@limits.register_limit
@blp.arguments(RegisterIn)
@blp.response(201, RegisterOut)
@blp.doc(responses={409: "CONFLICT"})  # answered by the service (see backend/api.py answers_of)
def register(data):
    """Register a resident with NIK and password; warnings if the NIK disagrees with the birth date or gender."""
    check_origin()
    user, warnings = services.register_resident(db.session, data)
    outgoing = (
        emailconfirm.start(db.session, user, user.email, settings=recovery_routes.token_settings(), now=utcnow()) if user.email else []
    )
    body = _start(user)
    recovery_routes.deliver(outgoing)
    body["warnings"] = [{"code": code, "message": t(code)} for code in warnings]
    return body


@blp.post("/login")
@limits.ip_limit
@limits.account_limit
@limits.device_limit
@blp.arguments(LoginIn)
@blp.response(200, SessionOut)
@blp.doc(responses={401: "UNAUTHORIZED"})  # answered by the service (see backend/api.py answers_of)
def login(data):
    """Sign in with NIK or email and password."""
    check_origin()
    user = services.authenticate(db.session, data["identifier"], data["password"])
    return _start(user)


@blp.post("/refresh")
@blp.response(200, SessionOut)
@blp.doc(security=[{"refreshCookie": []}], responses={401: "UNAUTHORIZED", 403: "FORBIDDEN"})
def refresh():
    """Exchange the refresh cookie (and X-CSRF-Token) for a new access token; rotates the cookie."""
    check_csrf()
    raw = request.cookies.get(REFRESH_COOKIE)
    family = sessions.find_family(db.session, raw)
    if family is None:
        raise Problem(401, "session-invalid", "accounts.session_invalid")
    check_csrf_binding(family)
    config = current_app.config
    try:
        issued = sessions.rotate(
            db.session, raw, now=utcnow(), days=config["REFRESH_TOKEN_DAYS"], grace_seconds=config["REFRESH_GRACE_SECONDS"]
        )
    except sessions.InvalidRefreshToken:
        raise Problem(401, "session-invalid", "accounts.session_invalid") from None
    except sessions.RefreshTokenReused:
        db.session.commit()  # keep the family revoked
        raise Problem(401, "session-reused", "accounts.session_reused") from None
    db.session.commit()
    after_this_request(lambda response: set_session_cookies(response, issued))
    return session_body(issued, services.me_data(db.session, issued.user))


@blp.post("/logout")
@blp.response(204)
@blp.doc(security=[{"refreshCookie": []}, {}], responses={403: "FORBIDDEN"})  # without the cookie: cleared only
def logout():
    """Sign out: revoke the session family and clear the cookies."""
    check_origin()
    raw = request.cookies.get(REFRESH_COOKIE)
    if raw:
        check_csrf()
        family = sessions.find_family(db.session, raw)
        if family is not None:
            check_csrf_binding(family)
            sessions.revoke_family(db.session, family, now=utcnow())
            db.session.commit()
    after_this_request(clear_session_cookies)


@blp.post("/passkeys/register/options")
@blp.response(200, ChallengeOut)
@auth_required()
def passkey_register_options():
    """Creation options for a new passkey of the signed-in user."""
    challenge_id, options = passkeys.registration_options(db.session, current_user(), _settings(), now=utcnow())
    db.session.commit()
    return {"challenge_id": challenge_id, "options": options}


@blp.post("/passkeys/register/verify")
@auth_required()
@blp.arguments(PasskeyRegisterIn)
@blp.response(201, PasskeyOut)
def passkey_register_verify(data):
    """Verify the authenticator's attestation and store the passkey."""
    user = current_user()
    challenge = passkeys.take_challenge(db.session, data["challenge_id"], "register", user_id=user.id, now=utcnow())
    db.session.commit()  # single use, even if the verification below fails
    name = data.get("name") or t("accounts.passkey_default_name", n=passkeys.count_passkeys(db.session, user.id) + 1)
    passkey = passkeys.verify_registration(db.session, user, challenge, data["credential"], _settings(), name=name, now=utcnow())
    db.session.commit()
    return passkey


@blp.post("/passkeys/login/options")
@limiter.limit(lambda: current_app.config["PASSKEY_OPTIONS_RATE_LIMIT"], key_func=get_remote_address)  # a row per call
@blp.response(200, ChallengeOut)
def passkey_login_options():
    """Request options for a discoverable passkey sign-in (no NIK needed)."""
    challenge_id, options = passkeys.authentication_options(db.session, _settings(), now=utcnow())
    db.session.commit()
    return {"challenge_id": challenge_id, "options": options}


@blp.post("/passkeys/login/verify")
@limits.passkey_limit
@blp.arguments(CredentialIn)
@blp.response(200, SessionOut)
@blp.doc(responses={401: "UNAUTHORIZED"})  # answered by the service (see backend/api.py answers_of)
def passkey_login_verify(data):
    """Verify a passkey assertion and start a session."""
    check_origin()
    challenge = passkeys.take_challenge(db.session, data["challenge_id"], "login", user_id=None, now=utcnow())
    db.session.commit()
    user = passkeys.verify_authentication(db.session, challenge, data["credential"], _settings(), now=utcnow())
    return _start(user)
