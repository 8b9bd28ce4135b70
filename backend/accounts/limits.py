"""Sign-in rate limits: failed passwords per IP and per account, and per trusted device.

A browser that has signed in to an account gets a device cookie (OWASP's device-cookie scheme):
a correct password from it is let through while failures from elsewhere have the account or the
IP limited, and its own failures count against that device only. Passkey sign-in has its own
limit, never the password one. The counters live in the shared limiter storage (extensions.py).
"""
from __future__ import annotations

import hashlib
import hmac
import secrets

from flask import current_app, g, request
from flask_jwt_extended import get_jwt_identity
from flask_limiter.util import get_remote_address
from itsdangerous import BadSignature, URLSafeTimedSerializer

from ..extensions import db, limiter
from . import services

DEVICE_COOKIE = "mpp_device"
DEVICE_ACCOUNTS = 4  # a family phone: the last few residents who signed in on it stay trusted
_UNSET = object()


def _mac(purpose: str, value: str) -> str:
    """Keyed, so no NIK, email or id reaches the limiter's storage, its logs or the cookie."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()[:32]


def _identifier() -> str:
    try:
        data = request.get_json(silent=True)
    except Exception:  # a body the schema will refuse later names no account
        data = None
    identifier = data.get("identifier") if isinstance(data, dict) else None
    if not isinstance(identifier, str) or len(identifier) > 320 or "\x00" in identifier:
        return ""
    return identifier.strip().lower()


def _account_id() -> int | None:
    """The id of the account the request's identifier names, looked up once per request."""
    if getattr(g, "_limits_account_id", _UNSET) is _UNSET:
        identifier = _identifier()
        user = services.find_by_identifier(db.session, identifier) if identifier else None
        g._limits_account_id = user.id if user is not None else None
    return g._limits_account_id


def account_key() -> str:
    """One bucket per account, whether its NIK or its email is typed; unknown names get their own."""
    user_id = _account_id()
    return "account:" + (_mac("user", str(user_id)) if user_id else _mac("name", _identifier()))


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="mpp-device-cookie")


def _device() -> dict | None:
    """The request's device cookie, if its signature and age are valid: {"d": nonce, "a": [tags]}."""
    if getattr(g, "_limits_device", _UNSET) is _UNSET:
        g._limits_device = None
        raw = request.cookies.get(DEVICE_COOKIE)
        if raw and len(raw) < 1024:
            try:
                data = _serializer().loads(raw, max_age=current_app.config["DEVICE_COOKIE_DAYS"] * 86400)
            except BadSignature:
                data = None
            if isinstance(data, dict) and isinstance(data.get("d"), str) and isinstance(data.get("a"), list):
                g._limits_device = data
    return g._limits_device


def trusted_device() -> bool:
    """The device cookie names the account being signed in to."""
    device, user_id = _device(), _account_id()
    return bool(device and user_id and _mac("device-account", str(user_id)) in device["a"])


def untrusted_device() -> bool:
    return not trusted_device()


def device_key() -> str:
    return "device:" + _device()["d"]


def remember_device(response, user_id: int):
    """Set (or extend) the device cookie after a successful sign-in; returns the response."""
    device = _device() or {"d": secrets.token_urlsafe(16), "a": []}
    tag = _mac("device-account", str(user_id))
    accounts = [tag, *[t for t in device["a"] if t != tag][: DEVICE_ACCOUNTS - 1]]
    config = current_app.config
    response.set_cookie(
        DEVICE_COOKIE, _serializer().dumps({"d": device["d"], "a": accounts}), max_age=config["DEVICE_COOKIE_DAYS"] * 86400,
        path="/api/auth", secure=config["COOKIE_SECURE"], httponly=True, samesite="Strict",
    )
    return response


def _user_key() -> str:
    return "user:" + _mac("user", str(get_jwt_identity()))


def failed(response) -> bool:
    # Only refused attempts count, so residents of a busy MPP sharing one IP are not locked out
    # by their successes or by typing mistakes caught by validation (422).
    return response.status_code in (400, 401, 403)


def taken(response) -> bool:
    # A 409 tells that a NIK or email exists: limit that probing, not honest retries.
    return response.status_code == 409


def _config(name: str):
    return lambda: current_app.config[name]


# Password sign-in: an untrusted device is limited per IP and per account; a trusted one per device.
ip_limit = limiter.limit(_config("LOGIN_RATE_LIMIT"), key_func=get_remote_address, exempt_when=trusted_device,
                         deduct_when=failed)
account_limit = limiter.limit(_config("LOGIN_RATE_LIMIT"), key_func=account_key, exempt_when=trusted_device,
                              deduct_when=failed)
device_limit = limiter.limit(_config("LOGIN_RATE_LIMIT"), key_func=device_key, exempt_when=untrusted_device,
                             deduct_when=failed)
register_limit = limiter.limit(_config("LOGIN_RATE_LIMIT"), key_func=get_remote_address, deduct_when=taken)
# A passkey assertion cannot be guessed: this only bounds the cost of failed verifications per IP.
passkey_limit = limiter.limit(_config("PASSKEY_LOGIN_RATE_LIMIT"), key_func=get_remote_address, deduct_when=failed)
# Every profile change counts (an e-mail change sends mail); place it under auth_required().
profile_limit = limiter.limit(_config("PROFILE_RATE_LIMIT"), key_func=_user_key)
