"""Move every document's bytes from one storage backend to the other, checking each copy's sha256.

Hosts keep serving meanwhile: a read falls back to the other configured backend (storage.RoutedStorage),
so a document is readable before, during and after its copy. Keys stay the same; rows do not change.
"""
from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .models import Document
from .storage import DocumentStorage, StoredFileMissing

BATCH = 200


@dataclass
class MigrationReport:
    counts: Counter = field(default_factory=Counter)  # copied, present (already there), gone (deleted meanwhile)
    failed: dict[int, str] = field(default_factory=dict)  # document id -> "missing" | "mismatch"

    @property
    def ok(self) -> bool:
        return not self.failed


def pending(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Document)) or 0


def migrate(session: Session, source: DocumentStorage, target: DocumentStorage, *, delete_source: bool = False,
            progress: Callable[[int], None] = lambda n: None) -> MigrationReport:
    """Copy each document (in id order, including ones uploaded while this runs) and verify it on the target.

    A copy already on the target with the right sha256 is not copied again, so a run can be repeated;
    a source copy whose sha256 differs from the row's is never copied (and is reported).
    """
    report = MigrationReport()
    last_id = 0
    while True:
        batch = session.execute(select(Document.id, Document.storage_key, Document.sha256)
                                .where(Document.id > last_id).order_by(Document.id).limit(BATCH)).all()
        session.rollback()  # no transaction held open while bytes move
        if not batch:
            return report
        for document_id, key, digest in batch:
            outcome = _move(source, target, key, digest, delete_source)
            if outcome in ("missing", "mismatch") and not _exists(session, document_id):
                outcome = "gone"  # deleted while we copied: nothing to keep
            if outcome in ("missing", "mismatch"):
                report.failed[document_id] = outcome
            else:
                report.counts[outcome] += 1
            progress(1)
        last_id = batch[-1][0]


def verify(session: Session, storage: DocumentStorage, *, progress: Callable[[int], None] = lambda n: None
           ) -> dict[int, str]:
    """{document id: "missing" | "mismatch"} for every document whose bytes are absent or differ from its row."""
    failed: dict[int, str] = {}
    last_id = 0
    while batch := session.execute(select(Document.id, Document.storage_key, Document.sha256)
                                   .where(Document.id > last_id).order_by(Document.id).limit(BATCH)).all():
        session.rollback()
        for document_id, key, digest in batch:
            found = _sha256(storage, key)
            if found != digest and _exists(session, document_id):
                failed[document_id] = "missing" if found is None else "mismatch"
            progress(1)
        last_id = batch[-1][0]
    session.rollback()
    return failed


def _sha256(storage: DocumentStorage, key: str) -> str | None:
    digest = hashlib.sha256()
    try:
        for chunk in storage.open(key):
            digest.update(chunk)
    except StoredFileMissing:
        return None
    return digest.hexdigest()


def _move(source: DocumentStorage, target: DocumentStorage, key: str, digest: str, delete_source: bool) -> str:
    if _sha256(target, key) == digest:
        outcome = "present"
    else:
        try:
            data = source.get(key)
        except StoredFileMissing:
            return "missing"
        if hashlib.sha256(data).hexdigest() != digest:
            return "mismatch"
        target.put_key(key, data)
        if _sha256(target, key) != digest:
            return "mismatch"
        outcome = "copied"
    if delete_source:
        source.delete(key)
    return outcome


def _exists(session: Session, document_id: int) -> bool:
    found = session.scalar(select(Document.id).where(Document.id == document_id)) is not None
    session.rollback()
    return found
