"""NIK (Nomor Induk Kependudukan) checks: pure functions, reusable by every domain.

Layout: PP KK CC DDMMYY SSSS: province, regency/city, district, birth date (day + 40 for
women), serial from 0001.
"""
from __future__ import annotations

from datetime import date

# Kemendagri province codes. 91-96: Papua and the provinces formed from it in 2022
# (Papua Selatan 93, Papua Tengah 94, Papua Pegunungan 95, Papua Barat Daya 96); NIKs are
# never reissued, so the older codes 91 (then Papua Barat) and 94 (then Papua) stay valid too.
PROVINCE_CODES = frozenset(
    {
        "11", "12", "13", "14", "15", "16", "17", "18", "19",
        "21",
        "31", "32", "33", "34", "35", "36",
        "51", "52", "53",
        "61", "62", "63", "64", "65",
        "71", "72", "73", "74", "75", "76",
        "81", "82",
        "91", "92", "93", "94", "95", "96",
    }
)

NIK_LENGTH = 16


def _real_date(day: int, month: int, yy: int) -> bool:
    """True if DD-MM-YY is a date in either century (29 Feb needs a leap year)."""
    for century in (1900, 2000):
        try:
            date(century + yy, month, day)
            return True
        except ValueError:
            continue
    return False


def validate_nik(nik: str | None) -> list[str]:
    """Error codes for a NIK; an empty list means it is well formed.

    Codes: nik.required, nik.digits, nik.length, nik.province, nik.date, nik.serial.
    """
    if nik is None or nik == "":
        return ["nik.required"]
    errors = []
    if not (nik.isascii() and nik.isdigit()):
        errors.append("nik.digits")
    if len(nik) != NIK_LENGTH:
        errors.append("nik.length")
    if errors:
        return errors
    if nik[:2] not in PROVINCE_CODES:
        errors.append("nik.province")
    day, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    if day > 40:
        day -= 40
    if not (1 <= day <= 31) or not _real_date(day, month, yy):
        errors.append("nik.date")
    if nik[12:] == "0000":
        errors.append("nik.serial")
    return errors


def nik_birth_info(nik: str) -> tuple[int, int, int, str]:
    """(day, month, yy, gender) encoded in a well-formed NIK."""
    day, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    gender = "P" if day > 40 else "L"
    return (day - 40 if day > 40 else day), month, yy, gender


def nik_warnings(nik: str, birth_date: date | None, gender: str | None) -> list[str]:
    """Codes for a well-formed NIK that disagrees with the given birth date or gender.

    They warn and never block: the resident's documents are the authority, and typing
    errors in the NIK's date part do happen on old KTPs.
    """
    if validate_nik(nik):
        return []
    day, month, yy, nik_gender = nik_birth_info(nik)
    warnings = []
    if birth_date is not None and (birth_date.day, birth_date.month, birth_date.year % 100) != (day, month, yy):
        warnings.append("nik.birth_date_mismatch")
    if gender in ("L", "P") and gender != nik_gender:
        warnings.append("nik.gender_mismatch")
    return warnings
