"""The resident's connected e-services: what each received and when, withdrawal, the data export."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import Problem
from ..oauth import services as oauth
from ..oauth.models import OAuthClient, OAuthConsent
from .provider import _agency


def connected_apps(session: Session, user_id: int) -> list[dict]:
    """Each e-service the resident allowed (withdrawn ones too, marked), newest first."""
    rows = session.execute(
        select(OAuthConsent, OAuthClient).join(OAuthClient, OAuthClient.id == OAuthConsent.client_pk)
        .where(OAuthConsent.user_id == user_id).order_by(OAuthConsent.granted_at.desc(), OAuthConsent.id.desc())
    ).all()
    return [{
        "client_id": client.client_id, "name": client.name, "agency": _agency(session, client.agency_id),
        "scopes": consent.scopes, "granted_at": consent.granted_at, "withdrawn_at": consent.withdrawn_at,
        "released_claims": consent.released_claims or [], "last_released_at": consent.last_released_at,
    } for consent, client in rows]


def withdraw(session: Session, user_id: int, client_id: str, *, now: datetime) -> None:
    """Withdraw consent: every access and refresh token the e-service holds for the resident stops now."""
    row = session.execute(
        select(OAuthConsent, OAuthClient).join(OAuthClient, OAuthClient.id == OAuthConsent.client_pk)
        .where(OAuthConsent.user_id == user_id, OAuthClient.client_id == client_id)
    ).first()
    if row is None:
        raise Problem(404, "connected-app-not-found", "oidc.app_not_found")
    consent, client = row
    consent.withdrawn_at = consent.withdrawn_at or now
    oauth.revoke_tokens(session, client.id, user_id, now=now)


def export_consents(session: Session, user) -> tuple[str, list[dict]]:
    """The data export's part: every consent, what it allowed and what was last received."""
    return "connected_apps", connected_apps(session, user.id)


def register(registry) -> None:
    """The consents in the data export; the other OAuth/OIDC user columns excused (oidc.init_app)."""
    registry.export(export_consents, {"oauth_consent.user_id": "connected_apps"}, {
        "oauth_token.user_id": "access and refresh tokens of e-services, stored only as digests; what they released is in "
                               "connected_apps and access_log",
        "oauth_authorization_code.user_id": "single-use codes (60 s), stored only as digests",
        "oidc_request.user_id": "an authorization request waiting for the resident's decision, gone within 10 minutes",
        "oidc_subject.user_id": "the random identifier (sub) an e-service knows the resident by",
        "oidc_document_link.user_id": "a single-use 5-minute link to a vault document; each fetch is in access_log",
    })
