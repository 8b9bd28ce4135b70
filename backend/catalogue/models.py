"""Catalogue tables: regions (MPPs), agencies, categories, services, form versions."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..timeutil import utcnow
from ..types import UTCDateTime


class Region(db.Model):
    __tablename__ = "region"

    code: Mapped[str] = mapped_column(String(8), primary_key=True)  # Kemendagri, e.g. "35.74"
    prefix: Mapped[str] = mapped_column(String(3), unique=True)  # tracking numbers: PRB-...
    name: Mapped[str] = mapped_column(String(100))
    province: Mapped[str] = mapped_column(String(100))
    mpp_name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300))
    timezone: Mapped[str] = mapped_column(String(40))
    opening_hours: Mapped[dict] = mapped_column(JSON)

    agencies: Mapped[list[Agency]] = relationship(
        secondary="region_agency", lazy="raise", order_by="Agency.code"
    )


class Agency(db.Model):
    __tablename__ = "agency"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    short: Mapped[str] = mapped_column(String(40))
    name: Mapped[dict] = mapped_column(JSON)
    level: Mapped[str] = mapped_column(String(10))  # regional | national


class RegionAgency(db.Model):
    """An agency's counter (gerai) at an MPP."""

    __tablename__ = "region_agency"

    region_code: Mapped[str] = mapped_column(ForeignKey("region.code", ondelete="CASCADE"), primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="CASCADE"), primary_key=True)


class Category(db.Model):
    __tablename__ = "category"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[dict] = mapped_column(JSON)
    position: Mapped[int] = mapped_column(Integer, default=0)


def trigram_search_available(ddl, target, bind, **kw) -> bool:
    """Whether to create the search index: on PostgreSQL only with pg_trgm (created here if allowed).

    Without the extension search stays correct (LIKE over every row), only slower. SQLite gets a
    plain index of the same name, so models and migrations describe one schema on both.
    """
    if bind is None or bind.dialect.name != "postgresql":
        return True
    try:
        with bind.begin_nested():
            bind.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except Exception:
        return False
    return True


class Service(db.Model):
    __tablename__ = "service"
    __table_args__ = (
        # search is "every word as a substring": trigrams let PostgreSQL answer it from an index
        Index("ix_service_search_trgm", "search_text", postgresql_using="gin",
              postgresql_ops={"search_text": "gin_trgm_ops"}).ddl_if(callable_=trigram_search_available),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    category_code: Mapped[str] = mapped_column(ForeignKey("category.code"), index=True)
    name: Mapped[dict] = mapped_column(JSON)
    description: Mapped[dict] = mapped_column(JSON)
    requirements: Mapped[list] = mapped_column(JSON)
    procedure: Mapped[list] = mapped_column(JSON)
    processing_days: Mapped[int] = mapped_column(Integer)
    processing_note: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    fee: Mapped[int] = mapped_column(Integer, default=0)  # Rupiah; 0 = free unless fee_variable
    # the amount depends on the case (a tax, a retribution): see fee_note, never show "Gratis"
    fee_variable: Mapped[bool] = mapped_column(Boolean, default=False)
    fee_note: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    output: Mapped[dict] = mapped_column(JSON)
    complaints: Mapped[dict] = mapped_column(JSON)
    legal_basis: Mapped[list] = mapped_column(JSON)
    channels: Mapped[list] = mapped_column(JSON)
    # accent- and case-folded text of both languages, for search
    search_text: Mapped[str] = mapped_column(Text, default="")

    agency: Mapped[Agency] = relationship(lazy="joined")
    category: Mapped[Category] = relationship(lazy="joined")
    forms: Mapped[list[FormDefinition]] = relationship(
        back_populates="service", lazy="raise", order_by="FormDefinition.version"
    )


class ServiceRegion(db.Model):
    __tablename__ = "service_region"

    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), primary_key=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code", ondelete="CASCADE"), primary_key=True, index=True)


class FormDefinition(db.Model):
    """One version of a service's form. Status: current | grace (still accepted) | retired."""

    __tablename__ = "form_definition"
    __table_args__ = (UniqueConstraint("service_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    fields: Mapped[list] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(10), default="current")
    published_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    grace_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    service: Mapped[Service] = relationship(back_populates="forms", lazy="raise")


class CatalogueMeta(db.Model):
    """Small key/value facts about the catalogue, e.g. its revision (for ETags)."""

    __tablename__ = "catalogue_meta"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(100))
