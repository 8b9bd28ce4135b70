"""The vault's services: upload (sniffed, size-limited, de-duplicated), list, read, delete.

Views pass the session, the acting user, the storage and the settings; nothing here reads
the request. Another domain reaches documents only through these functions.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator
from datetime import datetime, timedelta
from itertools import islice
from typing import BinaryIO

from sqlalchemy import case, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..audit import services as audit
from ..errors import Problem
from ..i18n import t
from .models import DOCUMENT_TYPES, Document, DocumentReference
from .sniff import sniff
from .storage import DocumentStorage, StoredFileMissing

__all__ = [
    "DOCUMENT_TYPES",
    "REFERENCE_KINDS",
    "delete_document",
    "document_for_reading",
    "erase_documents",
    "export_documents",
    "list_documents",
    "owned_documents",
    "read_content",
    "refer",
    "set_references_active",
    "sweep_orphans",
    "upload",
]

# who may attach a document, the order staff reads name them in, and whether an admin reads through them
REFERENCE_KINDS = ("application", "complaint", "consultation")
ADMIN_READS = frozenset({"application"})

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


def _locked(session: Session, *where) -> list[Document]:
    """The documents matching where, locked until the transaction ends (against a concurrent attach or delete).

    PostgreSQL: SELECT ... FOR UPDATE, in id order so two lockers never deadlock. SQLite has no row
    locks: a no-op UPDATE of the same rows first takes its one write lock, so the read after it is
    current and no other writer can come in between.
    """
    if session.get_bind().dialect.name == "sqlite":
        session.execute(update(Document).where(*where).values(size=Document.size)
                        .execution_options(synchronize_session=False))
    query = select(Document).where(*where).order_by(Document.id).with_for_update()
    return list(session.scalars(query.execution_options(populate_existing=True)))


def owned_documents(session: Session, owner_id: int, ids: list[int], *, lock: bool = False) -> dict[int, Document]:
    """The owner's documents among ids, by id (others' documents are simply absent).

    lock=True for a caller about to refer to them (an application's links): the rows stay locked
    until its commit, so delete_document either waits and then sees the reference, or wins first
    and the caller finds the document gone.
    """
    if not ids:
        return {}
    where = (Document.owner_id == owner_id, Document.id.in_(ids))
    rows = _locked(session, *where) if lock else session.scalars(select(Document).where(*where))
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
    """What lets staff read the document, for the audit entry: a reference their counter handles.

    An officer: an application, complaint or consultation of their agency at their MPP. An admin:
    any application. Read from documents' own reference table only.
    """
    query = select(DocumentReference.ref).where(DocumentReference.document_id == document_id)
    if actor.role == "admin":
        query = query.where(DocumentReference.kind.in_(ADMIN_READS))
    elif actor.role == "officer" and actor.agency_id is not None and actor.region_code is not None:
        query = query.where(DocumentReference.agency_id == actor.agency_id,
                            DocumentReference.region_code == actor.region_code)
    else:
        return None
    order = case({kind: n for n, kind in enumerate(REFERENCE_KINDS)}, value=DocumentReference.kind, else_=99)
    return session.scalar(query.order_by(order, DocumentReference.object_id.desc()).limit(1))


def refer(session: Session, *, kind: str, object_id: int, ref: str, document_ids, active: bool = True,
          agency_id: int | None = None, region_code: str | None = None) -> None:
    """Record that kind #object_id attaches document_ids (replacing what it attached before; no commit).

    The caller has locked the documents with owned_documents(lock=True) in the same transaction, so
    this and delete_document serialise on the document rows: a delete either sees these references
    or has deleted the document before the lock was granted (the caller then finds it gone).
    active: the reference blocks deleting the document (an unfinished application).
    """
    if kind not in REFERENCE_KINDS:
        raise ValueError(f"unknown reference kind {kind!r}")
    session.execute(delete(DocumentReference).where(DocumentReference.kind == kind, DocumentReference.object_id == object_id)
                    .execution_options(synchronize_session=False))
    for document_id in sorted(set(document_ids)):
        session.add(DocumentReference(document_id=document_id, kind=kind, object_id=object_id, ref=ref, active=active,
                                      agency_id=agency_id, region_code=region_code))
    session.flush()


def set_references_active(session: Session, *, kind: str, object_id: int, active: bool) -> None:
    """Mark kind #object_id's references (not) blocking a delete, e.g. when an application is finished (no commit)."""
    session.execute(update(DocumentReference).where(DocumentReference.kind == kind, DocumentReference.object_id == object_id)
                    .values(active=active).execution_options(synchronize_session=False))


def _active_references(session: Session, document_id: int) -> list[str]:
    return list(session.scalars(select(DocumentReference.ref).where(
        DocumentReference.document_id == document_id, DocumentReference.active.is_(True))
        .order_by(DocumentReference.kind, DocumentReference.object_id)))


def _drop_references(session: Session, document_ids: list[int]) -> None:
    if document_ids:
        session.execute(delete(DocumentReference).where(DocumentReference.document_id.in_(document_ids))
                        .execution_options(synchronize_session=False))


def read_content(storage: DocumentStorage, document: Document) -> bytes:
    try:
        return storage.get(document.storage_key)
    except StoredFileMissing:
        raise Problem(410, "document-content-missing", "documents.content_missing") from None


def stream_content(storage: DocumentStorage, document: Document) -> Iterator[bytes]:
    """The document's bytes in chunks, for a download that never holds the whole file (410 if gone, 503 if the store is down)."""
    try:
        return storage.open(document.storage_key)
    except StoredFileMissing:
        raise Problem(410, "document-content-missing", "documents.content_missing") from None


def _in_use(tracking_numbers: list[str]) -> Problem:
    return Problem(409, "document-in-use", "documents.in_use",
                   params={"tracking_numbers": ", ".join(tracking_numbers)}, tracking_numbers=tracking_numbers)


def delete_document(session: Session, *, owner_id: int, document_id: int) -> str:
    """Delete the owner's document unless an active reference (an unfinished application) holds it; returns its storage key.

    The row lock (see owned_documents) orders this against a submission attaching the document:
    exactly one of the two wins. Inactive references (finished applications, complaints,
    consultations) go with the document; the restricting foreign key on document_reference is the
    last guard (409, never a dangling reference). The caller deletes the bytes only after the commit.
    """
    locked = _locked(session, Document.id == document_id)
    document = locked[0] if locked else None
    if document is None or document.owner_id != owner_id:
        raise Problem(404, "document-not-found", "documents.not_found")
    in_use = _active_references(session, document_id)
    if in_use:
        raise _in_use(in_use)
    _drop_references(session, [document_id])
    key = document.storage_key
    try:
        with session.begin_nested():
            session.delete(document)
    except IntegrityError:
        raise _in_use(_active_references(session, document_id)) from None
    return key


ORPHAN_MIN_AGE = timedelta(days=1)


def sweep_orphans(session: Session, storage: DocumentStorage, *, now: datetime,
                  min_age: timedelta = ORPHAN_MIN_AGE) -> int:
    """Delete stored files that no document row names and that are older than min_age; returns how many.

    An upload that crashed between writing its file and committing its row (or mid-write, a
    ".part") leaves such a file behind. The age keeps an upload still in progress safe.
    """
    deleted = 0
    keys = storage.keys_older_than(now - min_age)
    while chunk := list(islice(keys, 500)):
        named = set(session.scalars(select(Document.storage_key).where(Document.storage_key.in_(chunk))))
        for key in chunk:
            if key not in named:
                storage.delete(key)
                deleted += 1
    return deleted


def export_documents(session: Session, user) -> tuple[str, list[dict]]:
    """The user's vault (metadata) for their data export."""
    return "documents", [
        {"id": d.id, "document_type": d.document_type, "filename": d.filename, "content_type": d.content_type,
         "size": d.size, "sha256": d.sha256, "created_at": d.created_at}
        for d in list_documents(session, user.id)
    ]


def erase_documents(session: Session, storage: DocumentStorage, owner_id: int) -> int:
    """Delete the stored files of the owner's vault (account deletion); returns how many.

    The rows go with the user row (ON DELETE CASCADE); their references are dropped first,
    because the restricting foreign key would refuse the cascade otherwise. The rows are locked, so
    a submission racing the deletion finds its documents gone. Files already missing are skipped
    (DocumentStorage.delete tolerates them).
    The bytes go before the commit: should it fail, the remaining rows answer 410 and the
    resident's repeated deletion finishes the job.
    """
    vault = _locked(session, Document.owner_id == owner_id)
    _drop_references(session, [d.id for d in vault])
    keys = [d.storage_key for d in vault]
    for key in keys:
        storage.delete(key)
    return len(keys)
