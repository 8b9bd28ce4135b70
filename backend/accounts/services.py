"""Accounts services: registration, sign-in, the profile, staff accounts, data rights.

Nothing here touches the request; views pass the session, the acting user and settings.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..audit import services as audit
from ..catalogue import services as catalogue
from ..errors import Problem
from ..i18n import t
from ..mail import Mail
from ..timeutil import utcnow
from . import emailconfirm, sessions, tokens
from . import passkeys as passkey_services
from .models import Passkey, User, WebAuthnChallenge, mask_nik
from .nik import nik_warnings, validate_nik
from .passwords import hash_password, needs_rehash, password_errors, verify_password

__all__ = [
    "EXPORTED_COLUMNS", "NOT_PERSONAL", "authenticate", "create_staff", "delete_account",
    "export_data", "hash_password", "me_data", "nik_warnings", "password_errors", "register_resident", "update_profile", "validate_nik",
]

log = logging.getLogger(__name__)

# The accounts domain's own user columns: exported ("table.column" -> its key in the export) or
# in NOT_PERSONAL with the reason. accounts.init_app puts them in the app's registry
# (backend/wiring.py), where every other domain adds its exporters and columns from its own
# init_app; tests/accounts/test_export.py walks the models and fails on a column in neither.
EXPORTED_COLUMNS: dict[str, str] = {
    "passkey.user_id": "passkeys",
    "refresh_token.user_id": "sessions",
    "auth_session.user_id": "sessions",
    "audit_entry.subject_user_id": "access_log",
}
NOT_PERSONAL: dict[str, str] = {
    "webauthn_challenge.user_id": "a random sign-in challenge, single use, deleted within 5 minutes",
    "audit_entry.actor_user_id": (
        "staff who read a resident's data: the entry belongs to that resident's access log and is exported to them"),
    "account_token.user_id": (
        "one-time recovery and confirmation tokens, only a keyed hash, gone within a day; the address waiting for "
        "confirmation is in the export's profile as email_pending"),
    "account_token.issued_by_id": (
        "the officer who issued a counter recovery code; the resident's exported access log names that issue"),
}

PROFILE_FIELDS = ("full_name", "birth_date", "birth_place", "gender", "phone", "email", "address", "kk_number", "language")


def normalise_email(email: str | None) -> str | None:
    email = (email or "").strip().lower()
    return email or None


def register_resident(session: Session, data: dict) -> tuple[User, list[str]]:
    """Create a resident; returns (user, warning codes). NIK or email taken: 409."""
    email = normalise_email(data.get("email"))
    taken = session.scalar(
        select(User.id).where(or_(User.nik == data["nik"], User.email == email) if email else User.nik == data["nik"])
    )
    if taken is not None:
        raise Problem(409, "already-registered", "accounts.already_registered")
    user = User(
        role="resident",
        nik=data["nik"],
        full_name=data["full_name"].strip(),
        birth_date=data["birth_date"],
        gender=data["gender"],
        birth_place=data.get("birth_place"),
        phone=data.get("phone"),
        email=email,
        address=data.get("address"),
        language=data.get("language") or "id",
        # None: registered at the counter for assisted filing, claimed later by recovery (backend/assisted)
        password_hash=hash_password(data["password"]) if data.get("password") else None,
    )
    session.add(user)
    try:
        session.flush()
    except IntegrityError as exc:  # a concurrent registration won the race
        session.rollback()
        raise Problem(409, "already-registered", "accounts.already_registered") from exc
    log.info("resident registered: user id %s, NIK %s", user.id, mask_nik(user.nik))
    return user, nik_warnings(user.nik, user.birth_date, user.gender)


def find_by_identifier(session: Session, identifier: str) -> User | None:
    identifier = (identifier or "").strip()
    if identifier.isdigit() and len(identifier) == 16:
        return session.scalar(select(User).where(User.nik == identifier))
    if "@" in identifier:
        return session.scalar(select(User).where(User.email == identifier.lower()))
    return None


def authenticate(session: Session, identifier: str, password: str) -> User:
    """The user for a NIK/email and password; one answer for every failure (401)."""
    user = find_by_identifier(session, identifier)
    if not verify_password(user.password_hash if user else None, password) or user is None:
        raise Problem(401, "invalid-credentials", "accounts.invalid_credentials")
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def name_parts(session: Session, user_id: int) -> list[str]:
    """A resident's full name and each word of it of 4 letters or more (to keep them out of public texts)."""
    user = session.get(User, user_id)
    if user is None or not user.full_name:
        return []
    return [user.full_name, *[word for word in user.full_name.split() if len(word) >= 4]]


def me_data(session: Session, user: User) -> dict:
    """The Me shape: the profile plus the officer's agency."""
    data = {name: getattr(user, name) for name in ("id", "role", "nik", "region_code", *PROFILE_FIELDS)}
    data["email_verified"] = bool(user.email and user.email_verified_at)
    data["email_pending"] = tokens.pending_email(session, user.id, now=utcnow()) if user.id else None
    agency = catalogue.get_agency(session, user.agency_id) if user.agency_id else None
    data["agency"] = {"id": agency.id, "code": agency.code, "short": agency.short, "name": agency.name} if agency else None
    return data


def update_profile(
    session: Session, user: User, changes: dict, *, settings: tokens.TokenSettings, now: datetime,
) -> tuple[User, list[Mail]]:
    """Change profile fields (never NIK or role); returns the user and the mail to send after the commit.

    A new email address is not applied: it waits for its confirmation link (emailconfirm), and
    the answer is the same whether or not another account has it. Removing the address is immediate.
    """
    outgoing: list[Mail] = []
    if "email" in changes:
        email = normalise_email(changes.pop("email"))
        if email is None:
            if not user.nik:  # staff sign in with their address: removing it would lock them out
                raise Problem(422, "email-required", "accounts.email_required")
            user.email, user.email_verified_at = None, None
            for purpose in ("confirm_email", "recovery_link"):
                tokens.void(session, user.id, purpose, now=now)
        elif email == user.email and user.email_verified_at:
            tokens.void(session, user.id, "confirm_email", now=now)  # back to the confirmed address
        elif email != tokens.pending_email(session, user.id, now=now):
            # the profile form saved again with the address already waiting sends no second mail
            outgoing = emailconfirm.start(session, user, email, settings=settings, now=now)
    if user.role != "resident" and changes.get("full_name", user.full_name) != user.full_name:
        # residents see staff by this name in their access log: only an admin renames staff (audited)
        raise Problem(403, "staff-name-locked", "audit.staff_name_locked")
    for name in PROFILE_FIELDS:
        if name in changes:
            setattr(user, name, changes[name])
    if user.role == "resident" and not (user.phone or user.email):
        raise Problem(422, "validation-error", "error.validation", errors={"phone": [t("contact.required")]})
    session.flush()
    return user, outgoing


def resend_confirmation(session: Session, user: User, *, settings: tokens.TokenSettings, now: datetime) -> list[Mail]:
    """A new link for the address waiting for confirmation (or the unconfirmed current one)."""
    email = tokens.pending_email(session, user.id, now=now) or (user.email if not user.email_verified_at else None)
    return emailconfirm.start(session, user, email, settings=settings, now=now) if email else []


def create_staff(
    session: Session, *, role: str, full_name: str, password: str, email: str | None = None,
    nik: str | None = None, agency_code: str | None = None, region_code: str | None = None,
) -> User:
    """An officer (bound to one agency in one region) or an admin; raises ValueError."""
    email = normalise_email(email)
    if not (email or nik):
        raise ValueError("an email or a NIK is needed")
    if nik and validate_nik(nik):
        raise ValueError("NIK is not valid: " + ", ".join(validate_nik(nik)))
    problems = password_errors(password)
    if problems:
        raise ValueError("password refused: " + ", ".join(problems))
    agency_id = None
    if role == "officer":
        agency = catalogue.get_agency_by_code(session, agency_code or "")
        if agency is None:
            raise ValueError(f"unknown agency {agency_code!r}")
        if not region_code or not catalogue.region_hosts_agency(session, region_code, agency.id):
            raise ValueError(f"agency {agency.code} has no counter in region {region_code!r}")
        agency_id = agency.id
    conditions = [User.email == email] if email else []
    if nik:
        conditions.append(User.nik == nik)
    if session.scalar(select(User.id).where(or_(*conditions))) is not None:
        raise ValueError("an account with this email or NIK already exists")
    user = User(
        role=role, full_name=full_name, email=email, nik=nik, agency_id=agency_id,
        region_code=region_code if role == "officer" else None, password_hash=hash_password(password),
    )
    session.add(user)
    session.flush()
    return user


def reauthenticate(session: Session, user: User, *, password: str | None, challenge: bytes | None,
                   credential: dict | None, settings, now: datetime) -> None:
    """A fresh proof for a destructive action: the password or a passkey assertion."""
    if password:
        if not (user.password_hash and verify_password(user.password_hash, password)):
            raise Problem(403, "reauthentication-failed", "accounts.reauth_failed")
        return
    if challenge is None or credential is None:
        raise Problem(422, "reauthentication-required", "accounts.reauth_required")
    try:
        owner = passkey_services.verify_authentication(session, challenge, credential, settings, now=now)
    except Problem as exc:
        raise Problem(403, "reauthentication-failed", "accounts.reauth_failed") from exc
    if owner.id != user.id:
        raise Problem(403, "reauthentication-failed", "accounts.reauth_failed")


def access_log(session: Session, user: User, page: int, per_page: int):
    """Who read or changed the user's data: lines with the reader's agency, MPP and staff number."""
    return audit.lines_for(session, user.id, page, per_page)


def export_data(session: Session, user: User, *, now: datetime,
                exporters: Iterable[Callable[[Session, User], tuple[str, Any]]] = ()) -> dict:
    """Everything stored about the user, for the right of access (UU PDP art. 7).

    exporters are the other domains' parts, (session, user) -> (key, data): the app's registry.
    """
    data = {
        "exported_at": now,
        "profile": me_data(session, user),
        "account": {"created_at": user.created_at, "updated_at": user.updated_at},
        "passkeys": [
            {"id": p.id, "name": p.name, "created_at": p.created_at, "last_used_at": p.last_used_at,
             "backed_up": p.backed_up, "transports": p.transports}
            for p in passkey_services.list_passkeys(session, user.id)
        ],
        "sessions": sessions.active_sessions(session, user.id, now=now),
        "access_log": audit.export_entries(session, user.id),  # every entry, not grouped
    }
    for exporter in exporters:
        key, value = exporter(session, user)
        data[key] = value
    return data


def delete_account(session: Session, user: User, *, now: datetime,
                   erasers: Iterable[Callable[[Session, User], None]] = ()) -> None:
    """Revoke sessions and passkeys, run the erasers, then delete the user; other rows follow by FK cascade.

    erasers (the app's registry) erase what ON DELETE CASCADE cannot reach (the vault's stored files),
    in order, while the user row still exists; a failing eraser aborts the deletion.
    """
    user_id = user.id
    sessions.revoke_all_sessions(session, user_id, now=now)
    session.execute(delete(Passkey).where(Passkey.user_id == user_id))
    session.execute(delete(WebAuthnChallenge).where(WebAuthnChallenge.user_id == user_id))
    for eraser in erasers:  # last before the user row: what they erase outside the database cannot come back
        eraser(session, user)
    session.expunge(user)
    session.execute(delete(User).where(User.id == user_id))
    log.info("account deleted: user id %s", user_id)
