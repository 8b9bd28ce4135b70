"""A user's Idempotency-Key: claimed (in_flight) before the work, then the stored answer (done)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import utcnow
from ..types import UTCDateTime

STATES = ("in_flight", "done")


class IdempotencyKey(db.Model):
    """One key per user across every kind of request; the scope names the request it was used for.

    The unique (user_id, key) decides between concurrent claims across threads and processes;
    the token fences a holder whose claim was taken over (see services.py).
    """

    __tablename__ = "idempotency_key"
    __table_args__ = (UniqueConstraint("user_id", "key", name="uq_idempotency_key_user_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(100))
    scope: Mapped[str] = mapped_column(String(40))  # e.g. create, resubmit:12, booking, survey
    request_hash: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(10), default="in_flight")  # in_flight | done
    # the fencing token: new at every claim and takeover; only its holder may complete or release
    token: Mapped[str] = mapped_column(String(32), default="", server_default="")
    response_status: Mapped[int | None] = mapped_column(Integer, nullable=True)
    response_body: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
