"""One-time account tokens: e-mail recovery links, counter recovery codes, e-mail confirmations.

Only a keyed hash of each token is stored; a row is used at most once and expires soon.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import utcnow
from ..types import UTCDateTime

PURPOSES = ("recovery_link", "counter_code", "confirm_email")


class AccountToken(db.Model):
    __tablename__ = "account_token"
    __table_args__ = (Index("ix_account_token_user_purpose", "user_id", "purpose"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    purpose: Mapped[str] = mapped_column(String(20))  # one of PURPOSES
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # HMAC-SHA256, hex
    # confirm_email: the address being confirmed (the change waits for it)
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    # counter_code: the officer who checked the KTP and issued it
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # wrong codes entered against it
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
