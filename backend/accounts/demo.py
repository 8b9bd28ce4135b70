"""Demo accounts (only with `flask demo load`): a resident, a Disdukcapil officer, an admin.

The credentials are documented in README.md; never load demo data in production.
"""
from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..catalogue import services as catalogue
from .models import User
from .passwords import hash_password

# 35.74 Kota Probolinggo, district 01; born 5 July 1990, a woman: day 05 + 40 = 45.
RESIDENT_NIK = "3574014507901001"
RESIDENT_PASSWORD = "Warga-MPP-2026"
OFFICER_EMAIL = "petugas.disdukcapil@probolinggo.mpp.id"
OFFICER_PASSWORD = "Petugas-MPP-2026"
ADMIN_EMAIL = "admin@mpp.id"
ADMIN_PASSWORD = "Admin-MPP-2026"


def _ensure(session: Session, password: str, **fields) -> User:
    conditions = [User.email == fields["email"]] if fields.get("email") else []
    if fields.get("nik"):
        conditions.append(User.nik == fields["nik"])
    user = session.scalar(select(User).where(or_(*conditions)))
    if user is None:
        user = User(password_hash=hash_password(password), **fields)
        session.add(user)
    return user


def load(session: Session) -> None:
    """Create the three demo accounts if they are missing (idempotent)."""
    _ensure(
        session, RESIDENT_PASSWORD,
        role="resident", nik=RESIDENT_NIK, full_name="Siti Rahmawati", birth_date=date(1990, 7, 5),
        birth_place="Probolinggo", gender="P", phone="081234567801", email="siti.rahmawati@contoh.id",
        address="Jl. Soekarno-Hatta No. 12, Kel. Kademangan, Kec. Kademangan, Kota Probolinggo",
        kk_number="3574010101100001", language="id",
        # confirmed, so the e-mail recovery can be tried with a local SMTP server (docs/accounts.md)
        email_verified_at=datetime.now(UTC),
    )
    agency = catalogue.get_agency_by_code(session, "DISDUKCAPIL")
    _ensure(
        session, OFFICER_PASSWORD,
        role="officer", email=OFFICER_EMAIL, full_name="Petugas Disdukcapil Kota Probolinggo",
        agency_id=agency.id if agency else None, region_code="35.74", language="id",
    )
    _ensure(session, ADMIN_PASSWORD, role="admin", email=ADMIN_EMAIL, full_name="Admin MPP Digital", language="id")
    session.flush()
