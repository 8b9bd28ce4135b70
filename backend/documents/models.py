"""Documents of the vault: metadata here, the bytes in a DocumentStorage under storage_key."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
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
