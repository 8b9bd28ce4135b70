"""Users and their roles. The profile here is what every form is prefilled from."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import utcnow
from ..types import UTCDateTime

ROLES = ("resident", "officer", "admin")


class User(db.Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    role: Mapped[str] = mapped_column(String(10), default="resident")
    nik: Mapped[str | None] = mapped_column(String(16), unique=True, nullable=True)
    full_name: Mapped[str] = mapped_column(String(100))
    birth_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    birth_place: Mapped[str | None] = mapped_column(String(100), nullable=True)
    gender: Mapped[str | None] = mapped_column(String(1), nullable=True)  # L | P
    phone: Mapped[str | None] = mapped_column(String(20), nullable=True)
    email: Mapped[str | None] = mapped_column(String(254), unique=True, nullable=True)  # lower-cased
    address: Mapped[str | None] = mapped_column(String(300), nullable=True)
    kk_number: Mapped[str | None] = mapped_column(String(16), nullable=True)
    language: Mapped[str] = mapped_column(String(2), default="id")
    password_hash: Mapped[str | None] = mapped_column(String(200), nullable=True)
    # officers act for one agency in one region
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"), nullable=True, index=True)
    region_code: Mapped[str | None] = mapped_column(ForeignKey("region.code"), nullable=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    @property
    def masked_nik(self) -> str | None:
        return mask_nik(self.nik)


def mask_nik(nik: str | None) -> str | None:
    """All but the last 4 digits hidden: for lists and logs."""
    if not nik:
        return nik
    return "*" * (len(nik) - 4) + nik[-4:]
