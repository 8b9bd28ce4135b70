"""The audit log table."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import utcnow
from ..types import UTCDateTime


class AuditEntry(db.Model):
    __tablename__ = "audit_entry"
    # the resident's log, newest first, and the look-up of the run a new read joins
    __table_args__ = (Index("ix_audit_entry_subject_time", "subject_user_id", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # the resident whose data was touched; the entry goes with their account, and stays (actor set null)
    # when the actor's account is deleted
    subject_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True, nullable=True)
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)
    # Who read, as they were at that moment: the name (set only by an admin for staff), role, agency and
    # MPP, and the staff number (the account id, never reused), which no one can edit and which stays
    # when the staff account is gone (actor_user_id is then null).
    actor_name: Mapped[str] = mapped_column(String(100))
    actor_role: Mapped[str] = mapped_column(String(10))
    actor_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"), nullable=True)
    actor_staff_number: Mapped[int | None] = mapped_column(Integer, nullable=True)
    actor_region_code: Mapped[str | None] = mapped_column(String(10), nullable=True)
    action: Mapped[str] = mapped_column(String(20))  # read | update | download | export | ...
    object_type: Mapped[str] = mapped_column(String(40))  # application | document | profile
    object_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    detail: Mapped[str | None] = mapped_column(String(300), nullable=True)
    # A run of reads of one object by one reader (each within 30 minutes of the previous) is one line
    # of the resident's log: later reads name the run's first entry here; null = a line of its own.
    group_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
