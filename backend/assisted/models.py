"""The resident's consent to one officer filing on their behalf, and the applications filed under it."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import utcnow
from ..types import UTCDateTime

METHODS = ("code", "in_person", "registered")  # registered: a walk-in without an account, signed up at the counter


class AssistedConsent(db.Model):
    """One officer, one resident, a short window. A code consent waits for the code the resident's app shows."""

    __tablename__ = "assisted_consent"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True, index=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    # copied from the officer when asked: the scope the consent was given to, after a transfer too
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"))
    method: Mapped[str] = mapped_column(String(10))
    code_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)  # HMAC of the code, never the code
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())  # the code's life, then the filing window's end
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)  # refused, voided or used up


class AssistedFiling(db.Model):
    """An application an officer filed under a consent (the application itself belongs to the resident)."""

    __tablename__ = "assisted_filing"
    __table_args__ = (UniqueConstraint("application_id", name="uq_assisted_filing_application"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    consent_id: Mapped[int] = mapped_column(ForeignKey("assisted_consent.id", ondelete="CASCADE"), index=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"))
    resident_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
