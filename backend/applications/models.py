"""Applications, their status history and document links, and tracking counters."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..timeutil import utcnow
from ..types import UTCDateTime
from .status import WAITING_ON_AGENCY

WAITING_SQL = "status IN ({})".format(", ".join(f"'{s}'" for s in WAITING_ON_AGENCY))


class Application(db.Model):
    __tablename__ = "application"
    __table_args__ = (
        # the worklist pages in its own order (earliest due first), so a page reads only its rows:
        # an officer's scope by status, the whole scope, the ones still waiting on the agency
        # (the overdue filter), one service; and the admin's view of everything
        Index("ix_application_worklist", "agency_id", "region_code", "status", "sla_due_date", "received_at", "id"),
        Index("ix_application_worklist_due", "agency_id", "region_code", "sla_due_date", "received_at", "id"),
        Index("ix_application_worklist_waiting", "agency_id", "region_code", "sla_due_date", "received_at", "id",
              postgresql_where=text(WAITING_SQL), sqlite_where=text(WAITING_SQL)),
        Index("ix_application_service_due", "service_id", "region_code", "sla_due_date", "received_at", "id"),
        Index("ix_application_due", "sla_due_date", "received_at", "id"),
        # a resident's own list, newest first
        Index("ix_application_user_received", "user_id", "received_at", "id"),
        # Kinerja MPP: an MPP's applications of a year
        Index("ix_application_region_received", "region_code", "received_at"),
        # the last guard of exactly once: one application per resident and Idempotency-Key
        UniqueConstraint("user_id", "idempotency_key", name="uq_application_user_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tracking_number: Mapped[str] = mapped_column(String(24), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"))
    # copied from the service so the worklist filter needs no join
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"))
    form_version: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="submitted")
    fields_to_fix: Mapped[list] = mapped_column(JSON, default=list)
    idempotency_key: Mapped[str | None] = mapped_column(String(36), nullable=True)
    client_created_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    sla_due_date: Mapped[date] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    events: Mapped[list[ApplicationEvent]] = relationship(
        lazy="raise", order_by="ApplicationEvent.id", cascade="all, delete-orphan", passive_deletes=True
    )
    document_links: Mapped[list[ApplicationDocument]] = relationship(
        lazy="raise", cascade="all, delete-orphan", passive_deletes=True
    )


class ApplicationEvent(db.Model):
    """One step of an application's status history: who, when, and why."""

    __tablename__ = "application_event"
    # Kinerja MPP: the completions of a year
    __table_args__ = (Index("ix_application_event_status_at", "status", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)
    actor_role: Mapped[str] = mapped_column(String(10))  # resident | officer | admin | system
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    fields_to_fix: Mapped[list | None] = mapped_column(JSON, nullable=True)


class ApplicationDocument(db.Model):
    """A vault document an application's data refers to (for access checks and delete guards)."""

    __tablename__ = "application_document"

    application_id: Mapped[int] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"), primary_key=True)
    # the documents domain guards deleting a document in use (its document_reference, written with
    # these links); a link of a finished application goes with its document
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), primary_key=True, index=True)


class TrackingCounter(db.Model):
    """The last sequence number handed out per region and local day."""

    __tablename__ = "tracking_counter"

    region_code: Mapped[str] = mapped_column(ForeignKey("region.code", ondelete="CASCADE"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)
