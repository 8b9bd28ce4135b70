"""Connected agency systems, the regions and services each handles, and the events outbox (webhooks + feed)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..oauth import models as _oauth_models  # noqa: F401 - oauth_client, which integration refers to
from ..timeutil import utcnow
from ..types import UTCDateTime

HANDLED_BY = ("worklist", "system", "both")
EVENT_TYPES = ("application.submitted", "application.resubmitted", "application.cancelled", "complaint.created")
# pending: to be delivered; delivered; dead: gave up after the retry window (an admin may retry);
# none: the system has no webhook URL and reads the feed only
DELIVERY_STATES = ("pending", "delivered", "dead", "none")


class Integration(db.Model):
    """An agency's back-office system: its OAuth client, its webhook, and the account it acts as."""

    __tablename__ = "integration"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    webhook_url: Mapped[str | None] = mapped_column(String(500), nullable=True)
    # Standard Webhooks secret (whsec_ + base64 of 32 random bytes); needed in clear to sign
    webhook_secret: Mapped[str] = mapped_column(String(100))
    oauth_client_id: Mapped[int | None] = mapped_column(
        ForeignKey("oauth_client.id", ondelete="SET NULL"), nullable=True, unique=True)
    # the account history events, audit entries and Idempotency-Keys of this system are written under
    # (role "system", no password: it never signs in)
    actor_user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    regions: Mapped[list[IntegrationRegion]] = relationship(lazy="selectin", cascade="all, delete-orphan",
                                                            order_by="IntegrationRegion.region_code")
    services: Mapped[list[IntegrationService]] = relationship(lazy="selectin", cascade="all, delete-orphan",
                                                              order_by="IntegrationService.service_id")


class IntegrationRegion(db.Model):
    __tablename__ = "integration_region"

    integration_id: Mapped[int] = mapped_column(ForeignKey("integration.id", ondelete="CASCADE"), primary_key=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code", ondelete="CASCADE"), primary_key=True)


class IntegrationService(db.Model):
    """Who handles a service's applications: the officers' worklist, the agency system, or both."""

    __tablename__ = "integration_service"

    integration_id: Mapped[int] = mapped_column(ForeignKey("integration.id", ondelete="CASCADE"), primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), primary_key=True)
    handled_by: Mapped[str] = mapped_column(String(10), default="both")


class IntegrationEvent(db.Model):
    """One event for one system, written in the transaction of the change (the outbox).

    Its `id` orders the system's feed; `event_id` is the stable webhook-id a receiver de-duplicates on.
    Events with the same `ordering_key` (one application, one complaint) are delivered in id order.
    """

    __tablename__ = "integration_event"
    __table_args__ = (
        UniqueConstraint("integration_id", "event_id", name="uq_integration_event_id"),
        # the worker's claim: due pending events
        Index("ix_integration_event_due", "status", "next_attempt_at"),
        # ordering: earlier undelivered events of the same application
        Index("ix_integration_event_order", "integration_id", "ordering_key", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    integration_id: Mapped[int] = mapped_column(ForeignKey("integration.id", ondelete="CASCADE"))
    event_id: Mapped[str] = mapped_column(String(40))
    type: Mapped[str] = mapped_column(String(40))
    ordering_key: Mapped[str] = mapped_column(String(40))
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE"), nullable=True, index=True)
    complaint_id: Mapped[int | None] = mapped_column(
        ForeignKey("complaint.id", ondelete="CASCADE"), nullable=True, index=True)
    payload: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # the retry window (3 days) counts from here: the event's creation, or an admin's retry
    retry_from: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    claim_token: Mapped[str | None] = mapped_column(String(32), nullable=True)
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_status_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
