"""Scopes, the claims each releases, their masked previews for the consent screen, and the record of
every release in the resident's access log ("<e-service> (<agency>) menerima: nama, NIK")."""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from types import SimpleNamespace

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..accounts.models import User, mask_nik
from ..audit import services as audit
from ..oauth.models import OAuthClient, OAuthConsent, digest
from .models import OIDCDocumentLink, OIDCSubject

# scope -> (claims it releases, Indonesian name in the access log)
SCOPES: dict[str, tuple[tuple[str, ...], str]] = {
    "openid": (("sub",), "pengenal akun"),
    "profile": (("name",), "nama"),
    "nik": (("nik",), "NIK"),
    "birthdate": (("birthdate",), "tanggal lahir"),
    "gender": (("gender",), "jenis kelamin"),
    "address": (("address",), "alamat"),
    "phone": (("phone_number",), "nomor telepon"),
    "email": (("email", "email_verified"), "email"),
    "document": (("document",), "dokumen"),
}
CLAIMS_SUPPORTED = sorted({"iss", "aud", "exp", "iat", "auth_time", "nonce", "sid", *(c for cs, _ in SCOPES.values() for c in cs)})
DOCUMENT_LINK_SECONDS = 300


def scope_list(scope: str | None) -> list[str]:
    return [s for s in dict.fromkeys((scope or "").split()) if s]


def subject_for(session: Session, client_pk: int, user_id: int) -> str:
    """The pairwise `sub`, made on first use (a concurrent first use keeps the row that won)."""
    found = session.scalar(select(OIDCSubject.sub).where(OIDCSubject.client_pk == client_pk, OIDCSubject.user_id == user_id))
    if found:
        return found
    try:
        with session.begin_nested():
            session.add(OIDCSubject(client_pk=client_pk, user_id=user_id, sub=secrets.token_urlsafe(24)))
    except IntegrityError:
        pass
    return session.scalar(select(OIDCSubject.sub).where(OIDCSubject.client_pk == client_pk, OIDCSubject.user_id == user_id))


def _mask_text(value: str | None, keep: int = 3) -> str | None:
    if not value:
        return None
    words = value.split()
    return " ".join(w[:keep] + "*" * max(1, len(w) - keep) if len(w) > keep else w for w in words)


def _mask_email(value: str | None) -> str | None:
    if not value or "@" not in value:
        return None
    local, domain = value.split("@", 1)
    return f"{local[:2]}{'*' * max(1, len(local) - 2)}@{domain}"


def preview(user: User) -> dict[str, str | None]:
    """Each data item partly hidden: enough for the resident to recognise it, little for a shoulder-surfer."""
    birth = user.birth_date
    return {
        "profile": _mask_text(user.full_name),
        "nik": mask_nik(user.nik),
        "birthdate": f"**-**-{birth.year}" if birth else None,
        "gender": {"L": "L", "P": "P"}.get(user.gender or ""),
        "address": _mask_text(user.address, keep=4),
        "phone": f"{user.phone[:4]}{'*' * max(1, len(user.phone) - 6)}{user.phone[-2:]}" if user.phone else None,
        "email": _mask_email(user.email),
    }


def user_claims(user: User, scopes: list[str], sub: str) -> dict:
    """What the scopes release (never a claim the resident has no value for)."""
    claims: dict = {"sub": sub}
    if "profile" in scopes:
        claims["name"] = user.full_name
    if "nik" in scopes and user.nik:
        claims["nik"] = user.nik
    if "birthdate" in scopes and user.birth_date:
        claims["birthdate"] = user.birth_date.isoformat()
    if "gender" in scopes and user.gender in ("L", "P"):
        claims["gender"] = "male" if user.gender == "L" else "female"
    if "address" in scopes and user.address:
        claims["address"] = {"formatted": user.address, "country": "ID"}
    if "phone" in scopes and user.phone:
        claims["phone_number"] = user.phone
    if "email" in scopes and user.email:
        claims["email"] = user.email
        claims["email_verified"] = user.email_verified_at is not None
    return claims


def document_link(session: Session, *, client: OAuthClient, user: User, document, base_url: str, now: datetime) -> dict:
    """A fresh single-use link to the picked document (fetched with the client's access token)."""
    raw = secrets.token_urlsafe(32)
    session.add(OIDCDocumentLink(
        token_hash=digest(raw), client_pk=client.id, user_id=user.id, document_id=document.id,
        expires_at=now + timedelta(seconds=DOCUMENT_LINK_SECONDS),
        meta={"document_type": document.document_type},
    ))
    return {"url": f"{base_url}/oidc/documents/{raw}", "type": document.document_type,
            "content_type": document.content_type, "expires_in": DOCUMENT_LINK_SECONDS}


def released_names(claims: dict) -> list[str]:
    names = []
    for scope, (claim_names, label) in SCOPES.items():
        if scope != "openid" and any(c in claims for c in claim_names):
            names.append(label)
    return names


def eservice_actor(client: OAuthClient):
    """The audit log's reader for a release: the e-service, with its agency and region."""
    return SimpleNamespace(id=None, role="eservice", full_name=client.name[:100], agency_id=client.agency_id,
                           region_code=client.region_code)


def record_release(session: Session, *, client: OAuthClient, user_id: int, claims: dict, channel: str, now: datetime) -> None:
    """One access-log entry per release (ID token, userinfo), and the consent's "last received"."""
    names = released_names(claims)
    detail = ", ".join(names) if names else SCOPES["openid"][1]  # the line reads "<e-service> · Menerima · nama, NIK"
    audit.record(session, actor=eservice_actor(client), subject_user_id=user_id, action="release",
                 object_type="profile", object_id=channel, detail=detail[:300], now=now)
    consent = session.scalar(select(OAuthConsent).where(OAuthConsent.client_pk == client.id, OAuthConsent.user_id == user_id))
    if consent is not None:
        consent.released_claims = sorted({c for c in claims if c != "sub"})
        consent.last_released_at = now
