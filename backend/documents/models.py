"""Documents of the vault: metadata here, the bytes in a DocumentStorage under storage_key."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import utcnow
from ..types import UTCDateTime

DOCUMENT_TYPES = (
    "ktp", "kk", "akta_kelahiran", "akta_nikah", "pas_foto", "npwp", "paspor", "sim", "ijazah", "str",
    "sertifikat_tanah", "gambar_bangunan", "surat_keterangan", "surat_pengantar", "lainnya",
)


class Document(db.Model):
    __tablename__ = "document"
    # the same file uploaded again as the same type is the same document (see services.upload)
    __table_args__ = (UniqueConstraint("owner_id", "document_type", "sha256", name="uq_document_owner_type_sha256"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    document_type: Mapped[str] = mapped_column(String(30))
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(40))  # sniffed from the bytes, never the client's
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(100), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class DocumentReference(db.Model):
    """Something of another domain that attaches a document: an application, a complaint, a consultation.

    Written by the referring domain through services.refer() in its own transaction, after locking the
    documents (owned_documents(lock=True)); read by the delete guard (an active reference blocks the
    delete) and by staff reads (agency and MPP of the referring object, for the audit entry). RESTRICT:
    the database refuses to delete a document that is still referred to; delete_document drops the
    inactive references first.
    """

    __tablename__ = "document_reference"
    __table_args__ = (
        UniqueConstraint("kind", "object_id", "document_id", name="uq_document_reference_kind_object_document"),
        Index("ix_document_reference_kind_object", "kind", "object_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # application | complaint | consultation
    object_id: Mapped[int] = mapped_column(Integer)  # the referring row's id in its own domain
    ref: Mapped[str] = mapped_column(String(40))  # what the resident and the audit log call it (a tracking number)
    active: Mapped[bool] = mapped_column(Boolean, default=True)  # blocks deleting the document
    agency_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # whose counter handles the referrer
    region_code: Mapped[str | None] = mapped_column(String(8), nullable=True)
