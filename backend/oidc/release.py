"""Releasing a resident's claims to a client (ID token, userinfo), each release logged for the resident."""
from __future__ import annotations

from flask import current_app
from sqlalchemy.orm import Session

from ..accounts.models import User
from ..oauth.models import OAuthClient
from ..oauth.server import issuer
from ..timeutil import utcnow
from . import claims as claim_rules


def _document(session: Session, user: User, document_id: int | None):
    if document_id is None:
        return None
    from ..documents import services as documents

    return documents.owned_documents(session, user.id, [document_id]).get(document_id)


def release(session: Session, *, client: OAuthClient, user: User, scope: str, document_id: int | None, channel: str) -> dict:
    """The claims the scope grants, with a fresh document link if one was picked; logged as one release."""
    scopes = claim_rules.scope_list(scope)
    now = utcnow()
    claims = claim_rules.user_claims(user, scopes, claim_rules.subject_for(session, client.id, user.id))
    if "document" in scopes:
        document = _document(session, user, document_id)
        if document is not None:
            claims["document"] = claim_rules.document_link(session, client=client, user=user, document=document,
                                                           base_url=issuer(), now=now)
    claim_rules.record_release(session, client=client, user_id=user.id, claims=claims, channel=channel, now=now)
    current_app.logger.debug("oidc release to client %s via %s", client.client_id, channel)
    return claims
