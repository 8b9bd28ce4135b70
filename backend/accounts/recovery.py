"""Password change, and the two ways back into a lost account: an e-mail link, a counter code.

Both recovery ways are single use and short-lived, answer the same whether or not the
account exists (and do the same hashing work either way), revoke every session when they
succeed, and leave an entry in the resident's access log. The counter code is issued by an
officer who has checked the resident's KTP-el in person; the issue itself is audited.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..audit import services as audit
from ..catalogue import services as catalogue
from ..errors import Problem
from ..mail import Mail
from . import mails, services, sessions, tokens
from .models import User, mask_nik
from .passwords import hash_password
from .tokens import TokenSettings

log = logging.getLogger(__name__)

RECOVERY_PURPOSES = ("recovery_link", "counter_code")


def request_link(session: Session, identifier: str, *, settings: TokenSettings, now: datetime) -> list[Mail]:
    """A reset link to the account's confirmed address; nothing (and the same answer) otherwise."""
    user = services.find_by_identifier(session, identifier)
    if user is None or not user.email or user.email_verified_at is None:
        tokens.digest(settings.secret, "recovery_link", identifier or "")  # the same small work as issuing
        return []
    raw = tokens.issue(session, user.id, "recovery_link", secret=settings.secret, now=now,
                       ttl=timedelta(minutes=settings.link_minutes))
    link = f"{settings.link_base}/pulihkan#token={raw}"
    log.info("recovery link issued: user id %s", user.id)
    return [mails.recovery_link(user, link, settings.link_minutes)]


def _set_password(session: Session, user: User, password_hash: str, *, how: str, now: datetime) -> list[Mail]:
    """The new password holds everywhere at once: every session ends, every recovery token is void."""
    user.password_hash = password_hash
    sessions.revoke_all_sessions(session, user.id, now=now)
    for purpose in RECOVERY_PURPOSES:
        tokens.void(session, user.id, purpose, now=now)
    # Shown to the resident as a system entry: a reset they did not make is a takeover to report.
    audit.record(session, actor=None, subject_user_id=user.id, action=f"password_reset_{how}", object_type="account")
    log.info("password reset (%s): user id %s", how, user.id)
    return mails.password_changed(user, how)


def reset_with_link(session: Session, raw: str, password: str, *, settings: TokenSettings,
                    now: datetime) -> list[Mail]:
    """Set a new password with a live link token; 400 for a used, expired or unknown link."""
    new_hash = hash_password(password)  # before the lookup: a dead link costs the same
    row = tokens.take(session, raw, "recovery_link", secret=settings.secret, now=now)
    user = session.get(User, row.user_id) if row is not None else None
    if user is None:
        raise Problem(400, "recovery-link-invalid", "accounts.recovery_link_invalid")
    return _set_password(session, user, new_hash, how="email", now=now)


def issue_counter_code(session: Session, officer: User, nik: str, *, settings: TokenSettings,
                       now: datetime) -> tuple[dict, list[Mail]]:
    """A one-time code for the resident whose KTP-el the officer has just checked; audited."""
    resident = session.scalar(select(User).where(User.nik == nik, User.role == "resident"))
    if resident is None:
        raise Problem(404, "resident-not-found", "accounts.resident_not_found")
    code = tokens.new_code()
    tokens.issue(session, resident.id, "counter_code", raw=code, issued_by_id=officer.id, secret=settings.secret,
                 now=now, ttl=timedelta(minutes=settings.code_minutes))
    audit.record(session, actor=officer, subject_user_id=resident.id, action="recovery_code", object_type="account")
    agency = catalogue.get_agency(session, officer.agency_id) if officer.agency_id else None
    agency_name = agency.short or agency.code if agency else officer.role
    log.info("counter recovery code issued: user id %s by officer id %s", resident.id, officer.id)
    issued = {
        "code": tokens.format_code(code),
        "expires_at": now + timedelta(minutes=settings.code_minutes),
        "resident": {"full_name": resident.full_name, "masked_nik": mask_nik(resident.nik)},
    }
    return issued, mails.code_issued(resident, agency_name, settings.code_minutes)


def reset_with_code(session: Session, nik: str, code: str, password: str, *, settings: TokenSettings,
                    now: datetime) -> list[Mail] | None:
    """Set a new password with the counter code; None (after counting the wrong try) if it does not match.

    The caller commits either way, so a wrong code uses up one of the code's few attempts.
    """
    new_hash = hash_password(password)
    user = session.scalar(select(User).where(User.nik == nik)) if nik.isdigit() and len(nik) == 16 else None
    row = tokens.take_code(session, user.id if user is not None else None, code, secret=settings.secret, now=now)
    if row is None or user is None:
        return None
    return _set_password(session, user, new_hash, how="code", now=now)


def change_password(
    session: Session, user: User, *, new_password: str, current_password: str | None, challenge: bytes | None,
    credential: dict | None, webauthn, keep_family_id: str | None, now: datetime,
) -> list[Mail]:
    """A signed-in change, proven with the current password or a fresh passkey; ends every other session."""
    services.reauthenticate(session, user, password=current_password, challenge=challenge, credential=credential,
                            settings=webauthn, now=now)
    user.password_hash = hash_password(new_password)
    ended = sessions.revoke_other_sessions(session, user.id, keep_family_id, now=now)
    for purpose in RECOVERY_PURPOSES:
        tokens.void(session, user.id, purpose, now=now)
    log.info("password changed: user id %s, %s other sessions ended", user.id, ended)
    return mails.password_changed(user, "change")
