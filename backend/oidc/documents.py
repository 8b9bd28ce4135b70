"""Fetching the one document a resident released to an e-service: single use, short-lived, audited."""
from __future__ import annotations

from datetime import datetime

from flask import Response, current_app
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..audit import services as audit
from ..errors import Problem
from ..oauth.models import OAuthToken, digest
from .claims import eservice_actor
from .models import OIDCDocumentLink


def fetch(session: Session, token: OAuthToken, link: str, *, now: datetime) -> Response:
    from ..documents import services as documents
    from ..documents.storage import storage_for

    row = session.scalar(select(OIDCDocumentLink).where(OIDCDocumentLink.token_hash == digest(link))) if len(link) <= 100 else None
    valid = (row is not None and row.used_at is None and row.expires_at > now and row.client_pk == token.client_pk
             and row.user_id == token.user_id)
    if valid:
        valid = bool(session.execute(update(OIDCDocumentLink).where(OIDCDocumentLink.id == row.id, OIDCDocumentLink.used_at.is_(None))
                                     .values(used_at=now).execution_options(synchronize_session=False)).rowcount)
    document = documents.owned_documents(session, token.user_id, [row.document_id]).get(row.document_id) if valid else None
    if document is None or document.owner_id != token.user_id:
        session.commit()
        raise Problem(404, "document-link-invalid", "oidc.link_invalid")
    content = documents.read_content(storage_for(current_app.config), document)
    audit.record(session, actor=eservice_actor(token.get_client()), subject_user_id=document.owner_id, action="download",
                 object_type="document", object_id=document.id, detail=f"dokumen {document.document_type}", now=now)
    session.commit()
    return Response(content, mimetype=document.content_type, headers={
        "Cache-Control": "no-store", "Content-Disposition": f'attachment; filename="{document.document_type}-{document.id}"'})
