"""RP-initiated logout: check the id_token_hint, end the app session it came from, and its tokens."""
from __future__ import annotations

from datetime import datetime

from joserfc import jwt
from joserfc.errors import JoseError
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..oauth import services as oauth
from ..oauth.models import OAuthClient, OAuthToken, digest
from ..oauth.server import issuer
from . import keys
from .models import OIDCSubject


def end_session(session: Session, *, id_token_hint: str | None, client_id: str | None, post_logout_redirect_uri: str | None,
                now: datetime) -> dict:
    """{} (signed out, no way back), {"redirect_uri": ...}, or {"error": ...} when the hint is not ours."""
    if not id_token_hint or len(id_token_hint) > 8000:
        return {"error": "invalid_request"}
    try:
        token = jwt.decode(id_token_hint, keys.private_keys(), algorithms=["ES256", "RS256"])
    except (JoseError, ValueError):
        return {"error": "invalid_request"}
    claims = token.claims
    aud = claims.get("aud")
    audience = aud[0] if isinstance(aud, list) and aud else aud
    if claims.get("iss") != issuer() or not isinstance(audience, str) or (client_id and client_id != audience):
        return {"error": "invalid_request"}
    client = session.scalar(select(OAuthClient).where(OAuthClient.client_id == audience))
    subject = session.scalar(select(OIDCSubject).where(OIDCSubject.sub == claims.get("sub"))) if client else None
    if client is None or subject is None or subject.client_pk != client.id:
        return {"error": "invalid_request"}
    if post_logout_redirect_uri and post_logout_redirect_uri not in (client.post_logout_redirect_uris or []):
        return {"error": "invalid_request"}
    sid = claims.get("sid")
    families = session.scalars(select(OAuthToken.session_family_id).where(
        OAuthToken.client_pk == client.id, OAuthToken.user_id == subject.user_id, OAuthToken.session_family_id.is_not(None)).distinct())
    from ..accounts import sessions

    for family in families:
        if sid and digest(f"sid:{client.id}:{family}")[:32] == sid:
            sessions.revoke_family(session, family, now=now)
    oauth.revoke_tokens(session, client.id, subject.user_id, now=now)
    return {"redirect_uri": post_logout_redirect_uri} if post_logout_redirect_uri else {}
