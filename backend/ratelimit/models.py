"""The rate limiter's counters (one row per key and fixed window)."""
from __future__ import annotations

from sqlalchemy import Float, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Base


class RateLimitCounter(Base):
    """A fixed-window counter of the limits library, written by backend/ratelimit/storage.py."""

    __tablename__ = "rate_limit_counter"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, nullable=False)
    # Epoch seconds, as the library's other backends keep it: compared with time.time() on every
    # host, so no time-zone conversion stands between SQLite and PostgreSQL.
    expires_at: Mapped[float] = mapped_column(Float, nullable=False, index=True)
