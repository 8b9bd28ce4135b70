"""Survey answers (one per application or booking) and complaints with their answer."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import utcnow
from ..types import UTCDateTime

ELEMENT_CODES = ("u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9")
COMPLAINT_STATUSES = ("diterima", "diproses", "selesai")
SUBJECT_TYPES = ("application", "booking", "service")


class Survey(db.Model):
    """One resident's SKM answers (Permenpan RB 14/2017), each element scored 1-4."""

    __tablename__ = "survey"
    __table_args__ = (
        CheckConstraint("(application_id IS NULL) <> (booking_id IS NULL)", name="one_subject"),
        Index("ix_survey_report", "region_code", "agency_id", "local_date"),
        # the last guard of exactly once: one survey per resident and Idempotency-Key
        UniqueConstraint("user_id", "idempotency_key", name="uq_survey_user_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    # application_id is not a foreign key: the survey outlives nothing, it only counts once per subject
    application_id: Mapped[int | None] = mapped_column(Integer, unique=True, nullable=True)
    booking_id: Mapped[int | None] = mapped_column(Integer, unique=True, nullable=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"))
    local_date: Mapped[date] = mapped_column(Date)  # the day at the MPP when answered (report periods)
    u1: Mapped[int] = mapped_column(SmallInteger)
    u2: Mapped[int] = mapped_column(SmallInteger)
    u3: Mapped[int] = mapped_column(SmallInteger)
    u4: Mapped[int] = mapped_column(SmallInteger)
    u5: Mapped[int] = mapped_column(SmallInteger)
    u6: Mapped[int] = mapped_column(SmallInteger)
    u7: Mapped[int] = mapped_column(SmallInteger)
    u8: Mapped[int] = mapped_column(SmallInteger)
    u9: Mapped[int] = mapped_column(SmallInteger)
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # the POST's Idempotency-Key, written with the row
    idempotency_key: Mapped[str | None] = mapped_column(String(100), nullable=True)


class Complaint(db.Model):
    """A resident's complaint about an application, a booking or a service, routed to the agency's counter."""

    __tablename__ = "complaint"
    __table_args__ = (
        Index("ix_complaint_worklist", "agency_id", "region_code", "status"),
        # Kinerja MPP: an MPP's complaints received and answered in a year
        Index("ix_complaint_region_created", "region_code", "created_at"),
        Index("ix_complaint_region_answered", "region_code", "answered_at"),
        # exactly once from the outbox: one complaint per resident and Idempotency-Key
        UniqueConstraint("user_id", "idempotency_key", name="uq_complaint_user_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    subject_type: Mapped[str] = mapped_column(String(12))  # application | booking | service
    subject_id: Mapped[int] = mapped_column(Integer)
    subject_label: Mapped[str] = mapped_column(String(40))  # tracking number, ticket number or service code
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"))
    text: Mapped[str] = mapped_column(Text)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="SET NULL"), nullable=True)
    status: Mapped[str] = mapped_column(String(10), default="diterima")
    due_date: Mapped[date] = mapped_column(Date)  # 5 working days after it was received
    answer: Mapped[str | None] = mapped_column(Text, nullable=True)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    answered_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    idempotency_key: Mapped[str | None] = mapped_column(String(100), nullable=True)  # the POST's, when sent
