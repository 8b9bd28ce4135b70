"""Password change, account recovery (e-mail link, counter code) and e-mail confirmation."""
from __future__ import annotations

import hashlib
import hmac
import logging

from flask import current_app, request
from flask_limiter.util import get_remote_address

from .. import mail
from ..api import Blueprint
from ..errors import Problem
from ..extensions import db, limiter
from ..i18n import t
from ..timeutil import utcnow
from . import emailconfirm, passkeys, recovery, services
from .auth import auth_required, current_family_id, current_user
from .httpauth import check_origin
from .recovery_schemas import (
    CounterCodeIn,
    CounterCodeOut,
    EmailConfirmedOut,
    EmailConfirmIn,
    EmailPendingOut,
    PasswordChangeIn,
    RecoveryCodeIn,
    RecoveryLinkIn,
    RecoveryRequestedOut,
    RecoveryResetIn,
)
from .tokens import TokenSettings

log = logging.getLogger(__name__)

blp = Blueprint("recovery", __name__, url_prefix="/api", description="Password change, account recovery, e-mail confirmation")


def deliver(outgoing: list[mail.Mail]) -> None:
    """Hand mail to the background sender, after the commit (a link never names an uncommitted token)."""
    if outgoing:
        mail.send(mail.MailSettings.from_config(current_app.config), outgoing)


def token_settings() -> TokenSettings:
    return TokenSettings.from_config(current_app.config)


def _body_key(name: str):
    """A bucket per NIK/e-mail in the body, keyed (HMAC) so no identifier reaches the limiter's storage."""
    def key() -> str:
        data = request.get_json(silent=True)
        value = str(data.get(name, "")) if isinstance(data, dict) else ""
        mac = hmac.new(current_app.config["SECRET_KEY"].encode(), value.strip().lower().encode(), hashlib.sha256)
        return f"recovery-{name}:" + mac.hexdigest()[:32]
    return key


def _ip_limit() -> str:
    return current_app.config["RECOVERY_RATE_LIMIT"]


def _account_limit() -> str:
    return current_app.config["RECOVERY_ACCOUNT_RATE_LIMIT"]


def _refused(response) -> bool:
    return response.status_code in (400, 403)


def _asked(response) -> bool:
    # every answered request counts (each may send a mail), not bad input caught by validation
    return response.status_code < 400


@blp.post("/auth/recovery/link")
@limiter.limit(_ip_limit, key_func=get_remote_address, deduct_when=_asked)
@limiter.limit(_account_limit, key_func=_body_key("identifier"), deduct_when=_asked)
@blp.arguments(RecoveryLinkIn)
@blp.response(202, RecoveryRequestedOut)
def request_link(data):
    """Mail a password-reset link to the account's confirmed address (the same answer for every identifier)."""
    check_origin()
    settings = token_settings()
    # The lookup, the token and the mail all happen after the answer: an account that exists
    # (a row written, a mail queued) must not answer slower than one that does not.
    mail.in_background(_issue_link, current_app._get_current_object(), data["identifier"], settings)
    return {"detail": t("accounts.recovery_sent", minutes=settings.link_minutes)}


def _issue_link(app, identifier: str, settings: TokenSettings) -> None:
    with app.app_context():
        try:
            outgoing = recovery.request_link(db.session, identifier, settings=settings, now=utcnow())
            db.session.commit()
        except Exception as exc:  # a background job: log it (without the identifier) and stop
            db.session.rollback()
            log.warning("recovery link not issued: %s", type(exc).__name__)
            return
        finally:
            db.session.remove()
        mail.send_now(mail.MailSettings.from_config(app.config), outgoing)


@blp.post("/auth/recovery/reset")
@limiter.limit(_ip_limit, key_func=get_remote_address, deduct_when=_refused)
@blp.arguments(RecoveryResetIn)
@blp.response(204)
def reset_with_link(data):
    """Set a new password with the token from the e-mailed link; every session ends."""
    check_origin()
    outgoing = recovery.reset_with_link(db.session, data["token"], data["password"], settings=token_settings(), now=utcnow())
    db.session.commit()
    deliver(outgoing)


@blp.post("/auth/recovery/code")
@limiter.limit(_ip_limit, key_func=get_remote_address, deduct_when=_refused)
@limiter.limit(_account_limit, key_func=_body_key("nik"), deduct_when=_refused)
@blp.arguments(RecoveryCodeIn)
@blp.response(204)
def reset_with_code(data):
    """Set a new password with NIK and the one-time code from the MPP counter; every session ends."""
    check_origin()
    outgoing = recovery.reset_with_code(db.session, data["nik"].strip(), data["code"], data["password"],
                                        settings=token_settings(), now=utcnow())
    db.session.commit()  # a wrong code's attempt is counted even though the answer is an error
    if outgoing is None:
        raise Problem(400, "recovery-code-invalid", "accounts.recovery_code_invalid")
    deliver(outgoing)


@blp.post("/staff/recovery-codes")
@auth_required("officer")
@limiter.limit(lambda: current_app.config["RECOVERY_CODE_ISSUE_LIMIT"], key_func=lambda: f"officer:{current_user().id}")
@blp.arguments(CounterCodeIn)
@blp.response(201, CounterCodeOut)
@blp.doc(responses={404: "NOT_FOUND"})  # answered by the service (see backend/api.py answers_of)
def issue_counter_code(data):
    """Issue a one-time recovery code for a resident whose KTP-el the officer checked in person (audited)."""
    issued, outgoing = recovery.issue_counter_code(db.session, current_user(), data["nik"], settings=token_settings(), now=utcnow())
    db.session.commit()
    deliver(outgoing)
    return issued


@blp.post("/me/password")
@auth_required()
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], key_func=get_remote_address, deduct_when=_refused)
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], key_func=lambda: f"pwchange:{current_user().id}",
               deduct_when=_refused)
@blp.arguments(PasswordChangeIn)
@blp.response(204)
@blp.doc(responses={403: "FORBIDDEN"})  # answered by the service (see backend/api.py answers_of)
def change_password(data):
    """Change my password, confirmed with the current one or a passkey; my other sessions end."""
    challenge = None
    if not data.get("current_password") and data.get("challenge_id"):
        challenge = passkeys.take_challenge(db.session, data["challenge_id"], "login", user_id=None, now=utcnow())
        db.session.commit()  # single use, even if the check below fails
    outgoing = recovery.change_password(
        db.session, current_user(), new_password=data["new_password"], current_password=data.get("current_password"),
        challenge=challenge, credential=data.get("credential"), webauthn=passkeys.WebAuthnSettings.from_config(current_app.config),
        keep_family_id=current_family_id(), now=utcnow(),
    )
    db.session.commit()
    deliver(outgoing)


@blp.post("/me/email/resend")
@auth_required()
@limiter.limit(_account_limit, key_func=lambda: f"resend:{current_user().id}")
@blp.response(202, EmailPendingOut)
def resend_confirmation():
    """Send a new confirmation link to the address that waits for it."""
    user = current_user()
    outgoing = services.resend_confirmation(db.session, user, settings=token_settings(), now=utcnow())
    db.session.commit()
    deliver(outgoing)
    return {"email_pending": outgoing[0].to if outgoing else None}


@blp.post("/auth/email/confirm")
@limiter.limit(_ip_limit, key_func=get_remote_address, deduct_when=_refused)
@blp.arguments(EmailConfirmIn)
@blp.response(200, EmailConfirmedOut)
@blp.doc(responses={409: "CONFLICT"})  # answered by the service (see backend/api.py answers_of)
def confirm_email(data):
    """Confirm an e-mail address with the token from the mailed link; the address then applies."""
    check_origin()
    user = emailconfirm.confirm(db.session, data["token"], settings=token_settings(), now=utcnow())
    db.session.commit()
    return {"email": user.email}
