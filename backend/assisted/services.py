"""Assisted filing at the counter: look a walk-in resident up, get their consent, file for them.

A consent binds one officer (with the agency and MPP they serve) to one resident for a short
window. It is given with a one-time code the resident's app shows (inbox and push), or in
person: the officer records the consent and checks the KTP-el. A walk-in without an account is
registered on the spot, without a password. Every step is in the resident's access log, and
the application belongs to the resident (their list, their notifications).
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..accounts import services as accounts
from ..accounts.models import User
from ..applications import services as applications
from ..audit import services as audit
from ..catalogue import services as catalogue
from ..documents import services as documents
from ..errors import Problem
from ..i18n import t
from ..notifications import services as notifications
from .models import AssistedConsent, AssistedFiling

CODE_MINUTES = 10  # a code consent must be confirmed within this
WINDOW_MINUTES = 30  # a confirmed consent lets the officer file for this long
OUTBOX_GRACE = timedelta(hours=24)  # a form filled offline inside the window may arrive this much later
MAX_ATTEMPTS = 5  # wrong codes before the request is void
CODE_DIGITS = 6


def _digest(secret: str, consent_id: int, code: str) -> str:
    return hmac.new(secret.encode(), f"assisted:{consent_id}:{code}".encode(), hashlib.sha256).hexdigest()


def _check_officer(officer: User) -> None:
    if officer.role != "officer" or officer.agency_id is None or officer.region_code is None:
        raise Problem(403, "forbidden", "error.forbidden")


def _agency_short(session: Session, agency_id: int) -> str:
    agency = catalogue.get_agency(session, agency_id)
    return (agency.short or agency.code) if agency else ""


def mask_name(name: str) -> str:
    """"Siti Wulandari" -> "S*** W********": enough to confirm the person at the counter, not to read it off."""
    return " ".join(word[0] + "*" * (len(word) - 1) for word in (name or "").split())


def _resident(session: Session, nik: str) -> User | None:
    user = accounts.find_by_identifier(session, nik)
    return user if user is not None and user.role == "resident" else None


def lookup(session: Session, officer: User, nik: str, *, now: datetime) -> dict:
    """Whether a resident with this NIK has an account, with the masked name and the ways to reach them.

    Finding an account is a read of the resident's data: it is in their access log.
    """
    _check_officer(officer)
    user = _resident(session, nik)
    if user is None:
        return {"exists": False, "masked_name": None, "has_phone": False, "has_email": False, "has_app": False}
    audit.record(session, actor=officer, subject_user_id=user.id, action="read", object_type="account",
                 detail=t("assisted.read_detail", lang=user.language), now=now)
    return {"exists": True, "masked_name": mask_name(user.full_name), "has_phone": bool(user.phone),
            "has_email": bool(user.email), "has_app": notifications.has_subscription(session, user.id)}


def request_consent(session: Session, officer: User, nik: str, method: str, *, secret: str, now: datetime) -> AssistedConsent:
    """Open a consent request; for "code" the resident gets the code in their inbox and as a push."""
    _check_officer(officer)
    user = _resident(session, nik)
    if user is None:
        raise Problem(404, "resident-not-found", "accounts.resident_not_found")
    # one open request per officer and resident: a new one replaces the earlier
    session.execute(update(AssistedConsent).where(
        AssistedConsent.officer_id == officer.id, AssistedConsent.resident_id == user.id,
        AssistedConsent.confirmed_at.is_(None), AssistedConsent.closed_at.is_(None)).values(closed_at=now))
    consent = AssistedConsent(officer_id=officer.id, resident_id=user.id, agency_id=officer.agency_id,
                              region_code=officer.region_code, method=method, created_at=now,
                              expires_at=now + timedelta(minutes=CODE_MINUTES))
    session.add(consent)
    session.flush()
    agency = _agency_short(session, officer.agency_id)
    if method == "code":
        code = "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))
        consent.code_hash = _digest(secret, consent.id, code)
        notifications.enqueue(session, user_id=user.id, kind="assisted_consent", url="/kotak-masuk",
                              params={"agency": agency, "code": code, "minutes": CODE_MINUTES})
    audit.record(session, actor=officer, subject_user_id=user.id, action="assisted_consent", object_type="account",
                 object_id=consent.id, detail=t("assisted.method." + method, lang=user.language), now=now)
    return consent


def own_consent(session: Session, officer: User, consent_id: int, *, lock: bool = False) -> AssistedConsent:
    _check_officer(officer)
    query = select(AssistedConsent).where(AssistedConsent.id == consent_id)
    if lock:
        query = query.with_for_update()
    consent = session.scalar(query)
    # another officer's consent, or one given to this officer at another counter, is unknown here
    if consent is None or consent.officer_id != officer.id or consent.agency_id != officer.agency_id \
            or consent.region_code != officer.region_code:
        raise Problem(404, "consent-not-found", "assisted.consent_not_found")
    return consent


def confirm(session: Session, officer: User, consent_id: int, *, code: str | None, ktp_number: str | None,
            secret: str, now: datetime) -> AssistedConsent:
    """Confirm a consent with the resident's code, or (in person) with the NIK read off the KTP-el.

    A wrong code counts (the caller commits even on failure); the last allowed wrong try voids the request.
    """
    consent = own_consent(session, officer, consent_id, lock=True)
    if consent.confirmed_at is not None and consent.closed_at is None:
        return consent  # confirming twice is harmless
    if consent.closed_at is not None or consent.expires_at <= now:
        raise Problem(410, "consent-expired", "assisted.consent_expired")
    resident = session.get(User, consent.resident_id)
    if consent.method == "code":
        given = "".join(ch for ch in (code or "") if ch.isdigit())
        if not hmac.compare_digest(_digest(secret, consent.id, given), consent.code_hash or ""):
            consent.attempts += 1
            if consent.attempts >= MAX_ATTEMPTS:
                consent.closed_at = now
            raise Problem(422, "validation-error", "error.validation", errors={"code": [t("assisted.code_wrong")]})
    elif not hmac.compare_digest((ktp_number or "").strip().encode(), (resident.nik or "").encode()):
        raise Problem(422, "validation-error", "error.validation", errors={"ktp_number": [t("assisted.ktp_mismatch")]})
    consent.confirmed_at = now
    consent.expires_at = now + timedelta(minutes=WINDOW_MINUTES)
    return consent


def register_walk_in(session: Session, officer: User, data: dict, *, now: datetime) -> tuple[AssistedConsent, User, list[str]]:
    """A resident without an account, registered with their consent and no password, and a consent for the window.

    They claim the account later: a counter recovery code, or an e-mail recovery link once the address
    they gave is confirmed (the caller sends the confirmation mail).
    """
    _check_officer(officer)
    fields = {k: data.get(k) for k in ("nik", "full_name", "birth_date", "gender", "birth_place", "phone", "email", "address")}
    user, warnings = accounts.register_resident(session, {**fields, "password": None})
    consent = AssistedConsent(officer_id=officer.id, resident_id=user.id, agency_id=officer.agency_id,
                              region_code=officer.region_code, method="registered", created_at=now, confirmed_at=now,
                              expires_at=now + timedelta(minutes=WINDOW_MINUTES))
    session.add(consent)
    session.flush()
    audit.record(session, actor=officer, subject_user_id=user.id, action="assisted_register", object_type="account",
                 object_id=consent.id, now=now)
    return consent, user, warnings


def _usable(session: Session, officer: User, consent_id: int, now: datetime, client_created_at: datetime | None = None):
    """The live, confirmed consent and its resident. A form filled offline inside the window still counts."""
    consent = own_consent(session, officer, consent_id)
    if consent.confirmed_at is None:
        raise Problem(409, "consent-not-confirmed", "assisted.consent_not_confirmed")
    filled = client_created_at if client_created_at is not None else now
    inside = consent.confirmed_at - timedelta(minutes=5) <= filled <= consent.expires_at
    late_ok = now <= consent.expires_at or (client_created_at is not None and now <= consent.expires_at + OUTBOX_GRACE)
    if consent.closed_at is not None or not inside or not late_ok:
        raise Problem(410, "consent-expired", "assisted.consent_expired")
    resident = session.get(User, consent.resident_id)
    if resident is None:
        raise Problem(404, "consent-not-found", "assisted.consent_not_found")
    return consent, resident


def _check_service(session: Session, officer: User, service_id: int):
    """Only a service of the officer's own agency, offered at their own MPP."""
    service = catalogue.services_by_ids(session, [service_id]).get(service_id)
    if service is None or service.agency_id != officer.agency_id \
            or not catalogue.service_offered_in(session, service.id, officer.region_code):
        raise Problem(403, "service-out-of-scope", "assisted.service_out_of_scope")
    return service


def form(session: Session, officer: User, consent_id: int, service_id: int, *, now: datetime) -> dict:
    """The service's form prefilled from the resident's profile and vault, with their vault's documents (audited)."""
    consent, resident = _usable(session, officer, consent_id, now)
    _check_service(session, officer, service_id)
    body = applications.form_for(session, resident, service_id)
    body["documents"] = documents.list_documents(session, resident.id)
    body["resident"] = {"full_name": resident.full_name, "masked_nik": resident.masked_nik}
    audit.record(session, actor=officer, subject_user_id=resident.id, action="read", object_type="profile",
                 object_id=consent.id, detail=t("assisted.read_detail", lang=resident.language), now=now)
    return body


def upload(session: Session, storage, officer: User, consent_id: int, *, document_type: str, filename: str | None,
           stream, max_bytes: int, now: datetime):
    """A document scanned at the counter, stored in the resident's own vault (audited)."""
    _consent, resident = _usable(session, officer, consent_id, now, client_created_at=now)
    document, created = documents.upload(session, storage, owner_id=resident.id, document_type=document_type,
                                         filename=filename, stream=stream, max_bytes=max_bytes)
    session.flush()
    audit.record(session, actor=officer, subject_user_id=resident.id, action="assisted_upload", object_type="document",
                 object_id=document.id, now=now)
    return document, created


def file(session: Session, officer: User, payload: dict, *, key: str, now: datetime) -> tuple[int, dict]:
    """Submit an application for the consent's resident (no commit; run once per officer and key by idempotency.http).

    The key is stored on the resident's application: its unique (user_id, idempotency_key) is the last guard.
    """
    consent, resident = _usable(session, officer, payload["consent_id"], now, payload.get("client_created_at"))
    _check_service(session, officer, payload["service_id"])
    agency = _agency_short(session, officer.agency_id)
    body = {k: payload[k] for k in ("service_id", "form_version", "data", "client_created_at")}
    body["region_code"] = officer.region_code
    application, rendered = applications.create_application(
        session, resident, body, key=key, now=now, filed_by=officer,
        note=t("assisted.filed_note", lang=resident.language, agency=agency))
    session.add(AssistedFiling(consent_id=consent.id, application_id=application.id, resident_id=resident.id,
                               officer_id=officer.id, created_at=now))
    audit.record(session, actor=officer, subject_user_id=resident.id, action="assisted_filing",
                 object_type="application", object_id=application.id, detail=application.tracking_number, now=now)
    return 201, rendered


def close(session: Session, officer: User, consent_id: int, *, now: datetime) -> AssistedConsent:
    """The officer is done with the resident: the window ends now."""
    consent = own_consent(session, officer, consent_id, lock=True)
    if consent.closed_at is None:
        consent.closed_at = now
    return consent


def render(consent: AssistedConsent, *, now: datetime) -> dict:
    state = "closed" if consent.closed_at is not None or consent.expires_at <= now else (
        "confirmed" if consent.confirmed_at else "waiting")
    return {"id": consent.id, "method": consent.method, "state": state, "expires_at": consent.expires_at,
            "confirmed_at": consent.confirmed_at, "attempts_left": max(0, MAX_ATTEMPTS - consent.attempts)}


def export_assisted(session: Session, user) -> tuple[str, list[dict]]:
    """The consents the resident gave to officers, with the applications filed under each (data export)."""
    consents = list(session.scalars(select(AssistedConsent).where(AssistedConsent.resident_id == user.id)
                                    .order_by(AssistedConsent.id)))
    filed: dict[int, list[int]] = {}
    for row in session.scalars(select(AssistedFiling).where(AssistedFiling.resident_id == user.id).order_by(AssistedFiling.id)):
        filed.setdefault(row.consent_id, []).append(row.application_id)
    return "assisted_consents", [
        {"id": c.id, "agency": _agency_short(session, c.agency_id), "region_code": c.region_code, "method": c.method,
         "created_at": c.created_at, "confirmed_at": c.confirmed_at, "closed_at": c.closed_at,
         "application_ids": filed.get(c.id, [])}
        for c in consents
    ]
