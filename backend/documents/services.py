"""The vault's services: upload (sniffed, size-limited, de-duplicated), list, read, delete.

Views pass the session, the acting user, the storage and the settings; nothing here reads
the request. Another domain reaches documents only through these functions.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import BinaryIO

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..audit import services as audit
from ..errors import Problem
from ..i18n import t
from . import messages  # noqa: F401 - registers the domain's messages
from .models import DOCUMENT_TYPES, Document
from .sniff import sniff
from .storage import DocumentStorage, StoredFileMissing

__all__ = [
    "DOCUMENT_TYPES", "upload", "list_documents", "owned_documents", "document_for_reading",
    "read_content", "delete_document", "export_documents", "erase_documents",
]

_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")


def clean_filename(name: str | None, extension: str) -> str:
    """A display name without path parts or control characters, at most 200 characters."""
    name = unicodedata.normalize("NFC", (name or "").replace("\\", "/").rsplit("/", 1)[-1])
    name = _UNSAFE.sub("_", name).strip(" ._")
    if not name:
        return f"dokumen.{extension}"
    if len(name) > 200:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: 190] + dot + ext[:9]) if dot and len(ext) < 10 else name[:200]
    return name


def upload(
    session: Session,
    storage: DocumentStorage,
    *,
    owner_id: int,
    document_type: str,
    filename: str | None,
    stream: BinaryIO,
    max_bytes: int,
) -> tuple[Document, bool]:
    """Store a file for owner_id; returns (document, created).

    The same bytes uploaded again by the same owner as the same type give back the existing
    document (created=False), so an outbox retry never makes copies.
    """
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        limit_mb = f"{max_bytes / (1024 * 1024):g}"
        raise Problem(413, "document-too-large", "documents.too_large", params={"limit_mb": limit_mb},
                      max_bytes=max_bytes)
    if not data:
        raise Problem(422, "validation-error", "error.validation", errors={"file": [t("documents.empty")]})
    kind = sniff(data[:16])
    if kind is None:
        raise Problem(415, "unsupported-document-type", "documents.unsupported_type")
    content_type, extension = kind
    digest = hashlib.sha256(data).hexdigest()
    existing = _find(session, owner_id, document_type, digest)
    if existing is not None:
        return existing, False
    key = storage.put(data, extension)
    document = Document(
        owner_id=owner_id, document_type=document_type, filename=clean_filename(filename, extension),
        content_type=content_type, size=len(data), sha256=digest, storage_key=key,
    )
    try:
        with session.begin_nested():
            session.add(document)
    except IntegrityError:
        # the same upload raced us and won: keep theirs, drop our copy of the bytes
        storage.delete(key)
        existing = _find(session, owner_id, document_type, digest)
        if existing is None:
            raise
        return existing, False
    return document, True


def _find(session: Session, owner_id: int, document_type: str, digest: str) -> Document | None:
    return session.scalar(select(Document).where(
        Document.owner_id == owner_id, Document.document_type == document_type, Document.sha256 == digest))


def list_documents(session: Session, owner_id: int) -> list[Document]:
    return list(session.scalars(
        select(Document).where(Document.owner_id == owner_id).order_by(Document.created_at.desc(), Document.id.desc())))


def owned_documents(session: Session, owner_id: int, ids: list[int]) -> dict[int, Document]:
    """The owner's documents among ids, by id (others' documents are simply absent)."""
    if not ids:
        return {}
    rows = session.scalars(select(Document).where(Document.owner_id == owner_id, Document.id.in_(ids)))
    return {d.id: d for d in rows}


def latest_of_type(session: Session, owner_id: int, document_types: set[str]) -> dict[str, Document]:
    """The owner's newest document of each type (for prefilling forms)."""
    if not document_types:
        return {}
    rows = session.scalars(
        select(Document).where(Document.owner_id == owner_id, Document.document_type.in_(document_types))
        .order_by(Document.created_at.desc(), Document.id.desc()))
    latest: dict[str, Document] = {}
    for document in rows:
        latest.setdefault(document.document_type, document)
    return latest


def document_for_reading(session: Session, actor, document_id: int) -> Document:
    """The document if actor may read it: its owner, or staff handling an application or a complaint using it.

    A staff read is written to the audit log (the resident sees it in their access log).
    """
    document = session.get(Document, document_id)
    if document is None:
        raise Problem(404, "document-not-found", "documents.not_found")
    if document.owner_id == actor.id:
        return document
    if actor.role in ("officer", "admin"):
        reference = _staff_reference(session, actor, document_id)
        if reference is not None:
            audit.record(session, actor=actor, subject_user_id=document.owner_id, action="download",
                         object_type="document", object_id=document.id,
                         detail=f"{document.document_type} ({reference})")
            return document
    # someone else's document is as unknown as a missing one
    raise Problem(404, "document-not-found", "documents.not_found")


def _staff_reference(session: Session, actor, document_id: int) -> str | None:
    """What lets staff read the document, for the audit entry: an application or a complaint they handle."""
    # lazy: applications imports this module, and documents loads before feedback
    from ..applications import services as applications
    from ..feedback import services as feedback

    tracking_number = applications.staff_reference(session, actor, document_id)
    if tracking_number is not None:
        return tracking_number
    complaint_id = feedback.complaint_document_reference(session, actor, document_id)
    return f"pengaduan #{complaint_id}" if complaint_id is not None else None


def read_content(storage: DocumentStorage, document: Document) -> bytes:
    try:
        return storage.get(document.storage_key)
    except StoredFileMissing:
        raise Problem(410, "document-content-missing", "documents.content_missing") from None


def delete_document(session: Session, *, owner_id: int, document_id: int) -> str:
    """Delete the owner's document unless an unfinished application uses it; returns its storage key.

    The caller deletes the bytes only after the commit.
    """
    document = session.get(Document, document_id)
    if document is None or document.owner_id != owner_id:
        raise Problem(404, "document-not-found", "documents.not_found")
    from ..applications import services as applications

    in_use = applications.active_references(session, document_id)
    if in_use:
        raise Problem(409, "document-in-use", "documents.in_use",
                      params={"tracking_numbers": ", ".join(in_use)}, tracking_numbers=in_use)
    key = document.storage_key
    session.delete(document)
    session.flush()
    return key


def export_documents(session: Session, user) -> tuple[str, list[dict]]:
    """The user's vault (metadata) for their data export."""
    return "documents", [
        {"id": d.id, "document_type": d.document_type, "filename": d.filename, "content_type": d.content_type,
         "size": d.size, "sha256": d.sha256, "created_at": d.created_at}
        for d in list_documents(session, user.id)
    ]


def erase_documents(session: Session, storage: DocumentStorage, owner_id: int) -> int:
    """Delete the stored files of the owner's vault (account deletion); returns how many.

    The rows go with the user row (ON DELETE CASCADE). Files already missing are skipped
    (DocumentStorage.delete tolerates them).
    The bytes go before the commit: should it fail, the remaining rows answer 410 and the
    resident's repeated deletion finishes the job.
    """
    keys = list(session.scalars(select(Document.storage_key).where(Document.owner_id == owner_id)))
    for key in keys:
        storage.delete(key)
    return len(keys)
