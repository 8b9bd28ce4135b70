"""Time helpers: UTC in storage and API, local time per MPP for display and slots."""
from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

ZONE_ABBREVIATIONS = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; they are UTC by our convention."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def zone_abbreviation(timezone: str) -> str:
    return ZONE_ABBREVIATIONS.get(timezone, timezone)


def to_local(value: datetime, timezone: str) -> datetime:
    return as_utc(value).astimezone(ZoneInfo(timezone))
