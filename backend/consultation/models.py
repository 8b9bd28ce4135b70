"""A resident's question to an agency's officers, and its answer."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import utcnow
from ..types import UTCDateTime


class Consultation(db.Model):
    __tablename__ = "consultation"
    __table_args__ = (
        Index("ix_consultation_worklist", "agency_id", "region_code", "status", "due_date"),
        Index("ix_consultation_faq", "service_id", "region_code", "published"),
        Index("ix_consultation_region_created", "region_code", "created_at"),
        Index("ix_consultation_region_answered", "region_code", "answered_at"),
        # exactly once from the outbox: one question per resident and Idempotency-Key
        UniqueConstraint("user_id", "idempotency_key", name="uq_consultation_user_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"))
    question: Mapped[str] = mapped_column(Text)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="SET NULL"), nullable=True)
    allow_public: Mapped[bool] = mapped_column(Boolean, default=False)  # the resident's consent to a public FAQ
    status: Mapped[str] = mapped_column(String(10), default="diterima")  # diterima | dijawab
    due_date: Mapped[date] = mapped_column(Date)  # ANSWER_DAYS working days after it was received, at the MPP
    answer: Mapped[str | None] = mapped_column(Text, nullable=True)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    answered_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)
    # the FAQ entry: the question as the officer rewrote it without personal data, shown with the answer
    published: Mapped[bool] = mapped_column(Boolean, default=False)
    public_question: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    idempotency_key: Mapped[str | None] = mapped_column(String(100), nullable=True)
