"""Sensible ranges for dates that clients send: one rule per kind of date, shared by every schema.

- A birth date lies between 1 January 1900 and today. "Today" is the date in WIT (UTC+9),
  Indonesia's easternmost zone, so a baby born this morning in Papua is never "in the future".
- A client's clock reading (an outbox entry's client_created_at) lies between
  EARLIEST_CLIENT_TIME (no MPP Digital outbox existed before 2024) and CLIENT_CLOCK_SKEW ahead
  of the server (phones' clocks drift). The lower bound is a fixed date, not "30 days ago": a
  replay older than its kept Idempotency-Key still finds the application's unique (owner, key)
  constraint, and a moving bound would turn every fixed date in a test into a time bomb.
"""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from marshmallow import ValidationError

from .i18n import t
from .timeutil import utcnow

EARLIEST_BIRTH_DATE = date(1900, 1, 1)
EASTERNMOST_OFFSET = timedelta(hours=9)  # WIT
EARLIEST_CLIENT_TIME = datetime(2024, 1, 1, tzinfo=UTC)
CLIENT_CLOCK_SKEW = timedelta(days=1)

MESSAGES = {
    "dates.birth_too_early": {"id": "Tanggal lahir tidak boleh sebelum 1 Januari 1900.",
                              "en": "The birth date cannot be before 1 January 1900."},
    "dates.birth_in_future": {"id": "Tanggal lahir tidak boleh di masa depan.",
                              "en": "The birth date cannot be in the future."},
    "dates.client_in_future": {
        "id": "Waktu pembuatan di perangkat Anda lebih dari 1 hari di masa depan. Periksa jam dan tanggal ponsel.",
        "en": "The time this was created on your device is more than 1 day in the future. Check the phone's date and time."},
    "dates.client_too_old": {
        "id": "Waktu pembuatan di perangkat Anda sebelum tahun 2024. Periksa jam dan tanggal ponsel.",
        "en": "The time this was created on your device is before 2024. Check the phone's date and time."},
}



def check_birth_date(value: date | None) -> None:
    """A marshmallow validator: 1900-01-01 <= value <= today (None passes; required-ness is the field's)."""
    if value is None:
        return
    if value < EARLIEST_BIRTH_DATE:
        raise ValidationError(t("dates.birth_too_early"))
    if value > (utcnow() + EASTERNMOST_OFFSET).date():
        raise ValidationError(t("dates.birth_in_future"))


def check_client_time(value: datetime | None) -> None:
    """A marshmallow validator for a client's aware datetime: EARLIEST_CLIENT_TIME <= value <= now + skew."""
    if value is None:
        return
    if value > utcnow() + CLIENT_CLOCK_SKEW:
        raise ValidationError(t("dates.client_in_future"))
    if value < EARLIEST_CLIENT_TIME:
        raise ValidationError(t("dates.client_too_old"))
