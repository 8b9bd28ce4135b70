"""Passkeys (WebAuthn via py_webauthn): registration and sign-in ceremonies, management.

Challenges live server-side, are single use and expire; discoverable credentials with
user verification, so a resident signs in without typing the NIK.
"""
from __future__ import annotations

import json
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import webauthn
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from ..errors import Problem
from .models import Passkey, User, WebAuthnChallenge

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WebAuthnSettings:
    rp_id: str
    rp_name: str
    origins: list[str]
    challenge_seconds: int = 300

    @classmethod
    def from_config(cls, config) -> WebAuthnSettings:
        return cls(
            rp_id=config["WEBAUTHN_RP_ID"],
            rp_name=config["WEBAUTHN_RP_NAME"],
            origins=list(config["WEBAUTHN_ORIGINS"]),
            challenge_seconds=min(int(config.get("WEBAUTHN_CHALLENGE_SECONDS", 300)), 300),
        )


def _store_challenge(
    session: Session, purpose: str, challenge: bytes, user_id: int | None, settings: WebAuthnSettings, now: datetime
) -> str:
    session.execute(delete(WebAuthnChallenge).where(WebAuthnChallenge.expires_at < now))
    challenge_id = secrets.token_urlsafe(24)
    session.add(
        WebAuthnChallenge(
            id=challenge_id,
            purpose=purpose,
            user_id=user_id,
            challenge=bytes_to_base64url(challenge),
            expires_at=now + timedelta(seconds=settings.challenge_seconds),
        )
    )
    return challenge_id


def take_challenge(session: Session, challenge_id: str, purpose: str, *, user_id: int | None, now: datetime) -> bytes:
    """Consume a challenge (single use); the caller commits before verifying."""
    row = session.get(WebAuthnChallenge, challenge_id) if challenge_id else None
    if row is None or row.purpose != purpose or (user_id is not None and row.user_id != user_id):
        raise Problem(400, "challenge-invalid", "accounts.challenge_invalid")
    taken = session.execute(delete(WebAuthnChallenge).where(WebAuthnChallenge.id == challenge_id)).rowcount
    if taken != 1 or row.expires_at <= now:
        raise Problem(400, "challenge-invalid", "accounts.challenge_invalid")
    return base64url_to_bytes(row.challenge)


def _user_handle(user: User) -> bytes:
    if not user.webauthn_handle:
        user.webauthn_handle = bytes_to_base64url(secrets.token_bytes(32))
    return base64url_to_bytes(user.webauthn_handle)


def passkey_user_name(user: User) -> str:
    """What the phone's passkey picker shows (and keeps, maybe synced): never the full NIK.

    A resident's name and masked NIK tell two family members' passkeys apart on a shared
    phone; staff have no NIK and sign in with their work e-mail.
    """
    name = user.full_name[:40].strip()
    if user.nik:
        return f"{name} ({user.masked_nik})"
    return user.email or name


def registration_options(session: Session, user: User, settings: WebAuthnSettings, *, now: datetime) -> tuple[str, dict]:
    existing = session.scalars(select(Passkey.credential_id).where(Passkey.user_id == user.id)).all()
    options = webauthn.generate_registration_options(
        rp_id=settings.rp_id,
        rp_name=settings.rp_name,
        user_id=_user_handle(user),
        user_name=passkey_user_name(user),
        user_display_name=user.full_name,
        timeout=settings.challenge_seconds * 1000,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED,
            require_resident_key=True,
            user_verification=UserVerificationRequirement.REQUIRED,
        ),
        exclude_credentials=[PublicKeyCredentialDescriptor(id=base64url_to_bytes(c)) for c in existing],
    )
    challenge_id = _store_challenge(session, "register", options.challenge, user.id, settings, now)
    return challenge_id, json.loads(webauthn.options_to_json(options))


def verify_registration(
    session: Session, user: User, challenge: bytes, credential: dict, settings: WebAuthnSettings,
    *, name: str, now: datetime,
) -> Passkey:
    try:
        verified = webauthn.verify_registration_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=settings.rp_id,
            expected_origin=settings.origins,
            require_user_verification=True,
        )
    except (WebAuthnException, ValueError, TypeError, KeyError) as exc:
        log.info("passkey registration rejected: %s", type(exc).__name__)
        raise Problem(400, "passkey-invalid", "accounts.passkey_invalid") from exc
    credential_id = bytes_to_base64url(verified.credential_id)
    if session.scalar(select(Passkey.id).where(Passkey.credential_id == credential_id)) is not None:
        raise Problem(400, "passkey-invalid", "accounts.passkey_invalid")
    transports = (credential.get("response") or {}).get("transports")
    passkey = Passkey(
        user_id=user.id,
        credential_id=credential_id,
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
        name=name[:60],
        aaguid=verified.aaguid,
        transports=[t for t in transports if isinstance(t, str)][:10] if isinstance(transports, list) else None,
        backed_up=verified.credential_backed_up,
        created_at=now,
    )
    session.add(passkey)
    session.flush()
    return passkey


def authentication_options(session: Session, settings: WebAuthnSettings, *, now: datetime, user_id: int | None = None) -> tuple[str, dict]:
    """Options with empty allowCredentials: the authenticator offers its discoverable passkeys."""
    options = webauthn.generate_authentication_options(
        rp_id=settings.rp_id,
        timeout=settings.challenge_seconds * 1000,
        allow_credentials=[],
        user_verification=UserVerificationRequirement.REQUIRED,
    )
    challenge_id = _store_challenge(session, "login", options.challenge, user_id, settings, now)
    return challenge_id, json.loads(webauthn.options_to_json(options))


def verify_authentication(
    session: Session, challenge: bytes, credential: dict, settings: WebAuthnSettings, *, now: datetime
) -> User:
    """Check an assertion; returns the passkey's owner. Failures are 401 problems."""
    rejected = Problem(401, "passkey-invalid", "accounts.passkey_invalid")
    raw_id = credential.get("rawId") or credential.get("id") if isinstance(credential, dict) else None
    passkey = session.scalar(select(Passkey).where(Passkey.credential_id == raw_id)) if isinstance(raw_id, str) else None
    if passkey is None:
        raise rejected
    user = session.get(User, passkey.user_id)
    handle = (credential.get("response") or {}).get("userHandle")
    if user is None or (handle and handle != user.webauthn_handle):
        raise rejected
    try:
        # The stored count goes in as 0 so py_webauthn never refuses on it: a regression
        # is only logged below (synced passkeys always report 0).
        verified = webauthn.verify_authentication_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=settings.rp_id,
            expected_origin=settings.origins,
            credential_public_key=passkey.public_key,
            credential_current_sign_count=0,
            require_user_verification=True,
        )
    except (WebAuthnException, ValueError, TypeError, KeyError) as exc:
        log.info("passkey sign-in rejected for passkey id %s: %s", passkey.id, type(exc).__name__)
        raise rejected from exc
    if (verified.new_sign_count or passkey.sign_count) and verified.new_sign_count <= passkey.sign_count:
        log.warning(
            "passkey id %s: sign count did not increase (%d after %d); possible cloned authenticator",
            passkey.id, verified.new_sign_count, passkey.sign_count,
        )
    passkey.sign_count = max(passkey.sign_count, verified.new_sign_count)
    passkey.backed_up = verified.credential_backed_up
    passkey.last_used_at = now
    return user


def list_passkeys(session: Session, user_id: int) -> list[Passkey]:
    return list(session.scalars(select(Passkey).where(Passkey.user_id == user_id).order_by(Passkey.created_at, Passkey.id)))


def count_passkeys(session: Session, user_id: int) -> int:
    return session.scalar(select(func.count()).select_from(Passkey).where(Passkey.user_id == user_id)) or 0


def own_passkey(session: Session, user_id: int, passkey_id: int) -> Passkey:
    """The user's passkey; someone else's is indistinguishable from a missing one (404)."""
    passkey = session.get(Passkey, passkey_id)
    if passkey is None or passkey.user_id != user_id:
        raise Problem(404, "not-found", "accounts.passkey_not_found")
    return passkey


def rename_passkey(session: Session, user_id: int, passkey_id: int, name: str) -> Passkey:
    passkey = own_passkey(session, user_id, passkey_id)
    passkey.name = name
    return passkey


def delete_passkey(session: Session, user_id: int, passkey_id: int) -> None:
    session.delete(own_passkey(session, user_id, passkey_id))
